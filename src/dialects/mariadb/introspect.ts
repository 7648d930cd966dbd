/**
 * Reads the connection's MariaDB or MySQL database into the canonical schema model from
 * `information_schema`: five queries on MariaDB (tables, columns, index columns, foreign key
 * columns, check constraints), four on MySQL (its JSON is a real type), whatever the number of
 * tables.
 */
import {QueryTypes, type Sequelize, type Transaction} from 'sequelize'
import {canonicalLiteral, compact, primaryKeyNotNull} from '../../schema/sql-text'
import type {IntrospectOptions} from '../dialect'
import type {ColumnDefault, ColumnType, SchemaDescription, TableSchema} from '../../schema/schema'
import {isImplicitForeignKeyIndex, mariadbType, mariadbTypes} from './types'

interface TableRow {name: string; comment: string | null}
interface ColumnRow {
  table: string; name: string; type: string; nullable: string; default: string | null; extra: string
  collation: string | null; comment: string | null
}
interface IndexRow {table: string; name: string; nonUnique: number | string; column: string | null; collation: string | null}
interface ForeignKeyRow {
  table: string; name: string; column: string; refTable: string; refColumn: string; onUpdate: string; onDelete: string
}
interface CheckRow {table: string; name: string; clause: string}

const TABLES_SQL = `
SELECT TABLE_NAME AS name, TABLE_COMMENT AS comment
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'
ORDER BY TABLE_NAME`

const COLUMNS_SQL = `
SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable,
  COLUMN_DEFAULT AS \`default\`, EXTRA AS extra, COLLATION_NAME AS collation, COLUMN_COMMENT AS comment
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, ORDINAL_POSITION`

const INDEXES_SQL = `
SELECT TABLE_NAME AS \`table\`, INDEX_NAME AS name, NON_UNIQUE AS nonUnique, COLUMN_NAME AS \`column\`,
  COLLATION AS collation
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`

const FOREIGN_KEYS_SQL = `
SELECT k.TABLE_NAME AS \`table\`, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS \`column\`,
  k.REFERENCED_TABLE_NAME AS refTable, k.REFERENCED_COLUMN_NAME AS refColumn,
  r.UPDATE_RULE AS onUpdate, r.DELETE_RULE AS onDelete
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.REFERENTIAL_CONSTRAINTS r
  ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`

// MariaDB only: its JSON columns are LONGTEXT with a json_valid(column) check.
const CHECKS_SQL = `
SELECT TABLE_NAME AS \`table\`, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause
FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = DATABASE()`

/**
 * Reads the tables, columns, keys and indexes of the database the connection uses. Indexes
 * InnoDB creates by itself for foreign keys are left out (the key recreates them).
 *
 * @example const live = await introspectMariadb(sequelize, {versionTable: 'sequelize_migrate'})
 */
export async function introspectMariadb(sequelize: Sequelize, options: IntrospectOptions): Promise<SchemaDescription> {
  const mysql = sequelize.getDialect() === 'mysql'
  const select = async <T extends object>(sql: string): Promise<T[]> => {
    options.onQuery?.(sql)
    return sequelize.query<T>(sql, {type: QueryTypes.SELECT, transaction: options.transaction as Transaction | undefined})
  }
  const tableRows = await select<TableRow>(TABLES_SQL)
  const columnRows = await select<ColumnRow>(COLUMNS_SQL)
  const indexRows = await select<IndexRow>(INDEXES_SQL)
  const foreignKeyRows = await select<ForeignKeyRow>(FOREIGN_KEYS_SQL)
  const checkRows = mysql ? [] : await select<CheckRow>(CHECKS_SQL)

  const tables = new Map<string, TableSchema>()
  for (const row of tableRows) {
    if (row.name === options.versionTable) continue
    tables.set(row.name, compact({
      name: row.name, columns: [], uniqueConstraints: [], indexes: [], foreignKeys: [], comment: row.comment || undefined,
    }))
  }

  const jsonColumns = new Set(checkRows
    .map((row) => {
      const match = /^json_valid\(`?((?:[^`]|``)+?)`?\)$/i.exec(row.clause.trim())
      return match ? `${row.table}.${match[1]}` : undefined
    })
    .filter((key): key is string => key !== undefined))

  for (const row of columnRows) {
    const table = tables.get(row.table)
    if (!table) continue
    const type = mariadbType(row.type, {collation: row.collation, jsonCheck: jsonColumns.has(`${row.table}.${row.name}`)})
    table.columns.push(compact({
      name: row.name,
      type,
      nullable: row.nullable === 'YES',
      default: row.default === null ? undefined : columnDefault(row, type, mysql),
      autoIncrement: /auto_increment/i.test(row.extra),
      comment: row.comment || undefined,
    }))
  }

  for (const row of foreignKeyRows) {
    const table = tables.get(row.table)
    if (!table) continue
    let key = table.foreignKeys.find((foreignKey) => foreignKey.name === row.name)
    if (!key) {
      key = compact({
        name: row.name, columns: [], referencedTable: row.refTable, referencedColumns: [],
        onDelete: mariadbTypes.referentialAction(row.onDelete), onUpdate: mariadbTypes.referentialAction(row.onUpdate),
      })
      table.foreignKeys.push(key)
    }
    key.columns.push(row.column)
    key.referencedColumns.push(row.refColumn)
  }

  for (const row of indexRows) {
    const table = tables.get(row.table)
    if (!table || row.column === null) continue
    if (row.name === 'PRIMARY') {
      table.primaryKey ??= {columns: []}
      table.primaryKey.columns.push(row.column)
      continue
    }
    let index = table.indexes.find((candidate) => candidate.name === row.name)
    if (!index) {
      index = {name: row.name, columns: [], unique: Number(row.nonUnique) === 0}
      table.indexes.push(index)
    }
    index.columns.push(compact({name: row.column, order: row.collation === 'D' ? 'DESC' as const : undefined}))
  }

  for (const table of tables.values()) {
    for (const index of table.indexes) {
      if (!isImplicitForeignKeyIndex(index, table.foreignKeys)) continue
      const foreignKey = table.foreignKeys.find((key) => key.index === undefined && key.columns.every((column, position) => index.columns[position]?.name === column))
      if (foreignKey) foreignKey.index = index.name
    }
    table.indexes = table.indexes.filter((index) => !isImplicitForeignKeyIndex(index, table.foreignKeys))
    primaryKeyNotNull(table)
  }
  return {dialect: sequelize.getDialect(), tables, enums: new Map()}
}

function columnDefault(row: ColumnRow, type: ColumnType, mysql: boolean): ColumnDefault | undefined {
  const text = row.default ?? ''
  // MySQL prints literal defaults unquoted and flags expressions with DEFAULT_GENERATED;
  // MariaDB prints every default as an SQL expression.
  if (mysql && !/DEFAULT_GENERATED/i.test(row.extra) && !/^current_timestamp/i.test(text)) {
    return {kind: 'literal', value: canonicalLiteral(text, type)}
  }
  return mariadbTypes.parseDefault(text, type)
}

export {introspectMariadb as introspect}
