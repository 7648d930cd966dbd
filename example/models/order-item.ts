import {AllowNull, AutoIncrement, Column, DataType, Default, ForeignKey, Model, PrimaryKey, Table} from 'sequelize-typescript'

import {Order} from './order'
import {Product} from './product'

/**
 * A line of an order: which product, how many. Joins {@link Order} and {@link Product}; the
 * belongsToMany association makes each (order, product) pair unique.
 */
@Table({tableName: 'order_items', underscored: true})
export class OrderItem extends Model {
  // Declared so the line keeps its own id: without it belongsToMany makes the pair the key.
  @PrimaryKey
  @AutoIncrement
  @Column(DataType.INTEGER)
  declare id: number

  @ForeignKey(() => Order)
  @AllowNull(false)
  @Column(DataType.INTEGER)
  declare orderId: number

  @ForeignKey(() => Product)
  @AllowNull(false)
  @Column(DataType.INTEGER)
  declare productId: number

  @AllowNull(false)
  @Default(1)
  @Column(DataType.INTEGER)
  declare quantity: number
}
