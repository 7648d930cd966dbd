import {AllowNull, BelongsTo, BelongsToMany, Column, DataType, Default, ForeignKey, Model, Table} from 'sequelize-typescript'

import {Customer} from './customer'
import {OrderItem} from './order-item'
import {Product} from './product'

/** The states an order moves through. */
export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'cancelled'] as const

/** One of {@link ORDER_STATUSES}. */
export type OrderStatus = (typeof ORDER_STATUSES)[number]

/** A customer's order of one or more products (through {@link OrderItem}). */
@Table({
  tableName: 'orders',
  underscored: true,
  // the back office lists orders by status, newest first
  indexes: [{name: 'orders_status_placed_at', fields: ['status', 'placed_at']}],
})
export class Order extends Model {
  @ForeignKey(() => Customer)
  @AllowNull(false)
  @Column(DataType.INTEGER)
  declare customerId: number

  @BelongsTo(() => Customer)
  declare customer?: Customer

  @AllowNull(false)
  @Default('pending')
  @Column(DataType.ENUM(...ORDER_STATUSES))
  declare status: OrderStatus

  /** When the customer confirmed the order; null while it is a cart. */
  @Column(DataType.DATE)
  declare placedAt?: Date | null

  @BelongsToMany(() => Product, () => OrderItem)
  declare products?: Product[]
}
