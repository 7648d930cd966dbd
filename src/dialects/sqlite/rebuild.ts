/**
 * SQLite table rebuilds that keep rows, indexes and foreign keys (being written).
 */
import type {QueryInterface} from 'sequelize'

/** The QueryInterface SQLite revisions receive. */
export function safeQueryInterface(queryInterface: QueryInterface): QueryInterface {
  return queryInterface
}
