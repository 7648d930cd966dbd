/**
 * create order_items
 *
 * Revision ID: c40f6a3e92d7
 * Revises: 5d7b9e24c118
 * Create Date: 2026-11-21 05:47:00
 */
import type {MigrationContext} from 'sequelize-migrate'

export const revision = 'c40f6a3e92d7'
export const downRevision: string | string[] | null = '5d7b9e24c118'

export async function up({queryInterface, DataTypes}: MigrationContext): Promise<void> {
  await queryInterface.createTable(
    'order_items',
    {
      id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false},
      order_id: {
        type: DataTypes.INTEGER,
        allowNull: false,
        references: {model: 'orders', key: 'id'},
        onDelete: 'CASCADE',
        onUpdate: 'CASCADE',
      },
      product_id: {
        type: DataTypes.INTEGER,
        allowNull: false,
        references: {model: 'products', key: 'id'},
        onDelete: 'CASCADE',
        onUpdate: 'CASCADE',
      },
      quantity: {type: DataTypes.INTEGER, allowNull: false, defaultValue: 1},
      created_at: {type: DataTypes.DATE, allowNull: false},
      updated_at: {type: DataTypes.DATE, allowNull: false},
    },
    {
      // One line per product and order, under the name Sequelize's belongsToMany gives the key
      // (customIndex: emit it inside CREATE TABLE, as sync() does).
      uniqueKeys: {order_items_productId_orderId_unique: {fields: ['order_id', 'product_id'], customIndex: true}},
    },
  )
}

export async function down({queryInterface}: MigrationContext): Promise<void> {
  await queryInterface.dropTable('order_items')
}
