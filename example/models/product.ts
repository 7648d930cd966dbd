import {AllowNull, BelongsToMany, Column, DataType, Model, Table, Unique} from 'sequelize-typescript'

import {Order} from './order'
import {OrderItem} from './order-item'

/** Something for sale, identified by a unique stock-keeping unit. */
@Table({tableName: 'products', underscored: true})
export class Product extends Model {
  @Unique
  @AllowNull(false)
  @Column(DataType.STRING(32))
  declare sku: string

  @AllowNull(false)
  @Column(DataType.STRING(200))
  declare name: string

  /** Price in cents, so sums stay exact. */
  @AllowNull(false)
  @Column(DataType.INTEGER)
  declare priceCents: number

  @BelongsToMany(() => Order, () => OrderItem)
  declare orders?: Order[]
}
