/**
 * The demo app's models: customers place orders of products, each order line an order item.
 * `migrations/` holds the revisions that build their tables.
 */
import {Customer} from './customer'
import {Order} from './order'
import {OrderItem} from './order-item'
import {Product} from './product'

export {Customer, Order, OrderItem, Product}
export {ORDER_STATUSES, type OrderStatus} from './order'

/** Every model, for `new Sequelize(url, {models})`. */
export const models = [Customer, Order, OrderItem, Product]
