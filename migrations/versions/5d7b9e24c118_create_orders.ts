/**
 * create orders
 *
 * Revision ID: 5d7b9e24c118
 * Revises: a82e5c1f0b63
 * Create Date: 2026-11-21 05:41:00
 */
import type {MigrationContext} from 'sequelize-migrate'

export const revision = '5d7b9e24c118'
export const downRevision: string | string[] | null = 'a82e5c1f0b63'

export async function up({queryInterface, DataTypes}: MigrationContext): Promise<void> {
  await queryInterface.createTable('orders', {
    id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false},
    customer_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: {model: 'customers', key: 'id'},
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    },
    status: {type: DataTypes.ENUM('pending', 'paid', 'shipped', 'cancelled'), allowNull: false, defaultValue: 'pending'},
    placed_at: {type: DataTypes.DATE, allowNull: true},
    created_at: {type: DataTypes.DATE, allowNull: false},
    updated_at: {type: DataTypes.DATE, allowNull: false},
  })
  await queryInterface.addIndex('orders', ['status', 'placed_at'], {name: 'orders_status_placed_at'})
}

export async function down({queryInterface, sequelize}: MigrationContext): Promise<void> {
  // The empty options matter: on PostgreSQL, with the Order model loaded, Sequelize's dropTable
  // writes into them while dropping the model's ENUM types, and throws when they are missing.
  await queryInterface.dropTable('orders', {})
  // Without the model loaded the ENUM type createTable made for `status` outlives the table.
  if (sequelize.getDialect() === 'postgres') await sequelize.query('DROP TYPE IF EXISTS "enum_orders_status"')
}
