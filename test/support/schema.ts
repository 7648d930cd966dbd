/**
 * What a user checks in the database after a `db` verb: which tables exist and which revision
 * ids the record table holds.
 */
import {QueryTypes, type Sequelize} from 'sequelize'

/**
 * The tables of the database, sorted by name, without the record's side tables of started
 * revisions (`<record table>_progress`, see src/runtime/record-table.ts): runs create one when a
 * revision runs outside a transaction (always on MariaDB), and no test about other tables cares.
 */
export async function tableNames(sequelize: Sequelize): Promise<string[]> {
  return (await allTableNames(sequelize)).filter((name) => !name.endsWith('_progress'))
}

/** Every table of the database, sorted by name. */
export async function allTableNames(sequelize: Sequelize): Promise<string[]> {
  const tables = (await sequelize.getQueryInterface().showAllTables()) as Array<string | {tableName: string}>
  return tables.map((table) => (typeof table === 'string' ? table : table.tableName)).sort()
}

/** The column names of a table, sorted. */
export async function columnNames(sequelize: Sequelize, table: string): Promise<string[]> {
  return Object.keys(await sequelize.getQueryInterface().describeTable(table)).sort()
}

/**
 * The revision ids the record table holds, sorted; `[]` when the table does not exist.
 *
 * @param table the record table (default `SequelizeMeta`, column `name`)
 */
export async function recordedIds(sequelize: Sequelize, table = 'SequelizeMeta'): Promise<string[]> {
  if (!(await allTableNames(sequelize)).includes(table)) return []
  const queryInterface = sequelize.getQueryInterface()
  const rows = await sequelize.query<{name: string}>(
    `SELECT ${queryInterface.quoteIdentifier('name')} AS name FROM ${queryInterface.quoteIdentifier(table)}`,
    {type: QueryTypes.SELECT},
  )
  return rows.map((row) => row.name).sort()
}

/** Tables and record together, to assert that a failed command changed nothing. */
export async function databaseState(sequelize: Sequelize): Promise<{tables: string[]; record: string[]}> {
  return {tables: await tableNames(sequelize), record: await recordedIds(sequelize)}
}
