/**
 * create products
 *
 * Revision ID: a82e5c1f0b63
 * Revises: 3f1c2a9b7d40
 * Create Date: 2026-11-21 05:34:00
 */
import type {MigrationContext} from 'sequelize-migrate'

export const revision = 'a82e5c1f0b63'
export const downRevision: string | string[] | null = '3f1c2a9b7d40'

export async function up({queryInterface, DataTypes}: MigrationContext): Promise<void> {
  await queryInterface.createTable('products', {
    id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false},
    sku: {type: DataTypes.STRING(32), allowNull: false, unique: true},
    name: {type: DataTypes.STRING(200), allowNull: false},
    price_cents: {type: DataTypes.INTEGER, allowNull: false},
    created_at: {type: DataTypes.DATE, allowNull: false},
    updated_at: {type: DataTypes.DATE, allowNull: false},
  })
}

export async function down({queryInterface}: MigrationContext): Promise<void> {
  await queryInterface.dropTable('products')
}
