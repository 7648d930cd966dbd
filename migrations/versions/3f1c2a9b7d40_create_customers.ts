/**
 * create customers
 *
 * Revision ID: 3f1c2a9b7d40
 * Revises:
 * Create Date: 2026-11-21 05:30:00
 */
import type {MigrationContext} from 'sequelize-migrate'

export const revision = '3f1c2a9b7d40'
export const downRevision: string | string[] | null = null

export async function up({queryInterface, DataTypes}: MigrationContext): Promise<void> {
  await queryInterface.createTable('customers', {
    id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false},
    email: {type: DataTypes.STRING(255), allowNull: false, unique: true},
    name: {type: DataTypes.STRING(100), allowNull: false},
    created_at: {type: DataTypes.DATE, allowNull: false},
    updated_at: {type: DataTypes.DATE, allowNull: false},
  })
}

export async function down({queryInterface}: MigrationContext): Promise<void> {
  await queryInterface.dropTable('customers')
}
