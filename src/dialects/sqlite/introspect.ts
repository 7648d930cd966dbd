/**
 * Reads an SQLite database into the canonical schema model with three queries that join
 * `sqlite_master` to the pragma table-valued functions (columns, index columns, foreign key
 * columns), whatever the number of tables.
 */
import {QueryTypes, type Sequelize, type Transaction} from 'sequelize'
import {compact, primaryKeyNotNull} from '../../schema/sql-text'
import {matchingParen} from '../../schema/sql-tokens'
import type {IntrospectOptions} from '../dialect'
import type {SchemaDescription, TableSchema, UniqueConstraintSchema} from '../../schema/schema'
import {parseCreateTable, UnparsableSqlError} from './table-definition'
import {foreignKeyNames} from './table-edits'
import {sqliteTypes, sqliteType} from './types'

interface ColumnRow {
  table: string; tableSql: string | null; name: string; type: string; notNull: number; default: string | null
  pk: number; hidden: number
}
interface IndexRow {
  table: string; name: string; unique: number; origin: string; column: string | null; descending: number
  sql: string | null
}
interface ForeignKeyRow {
  table: string; id: number; refTable: string; column: string; refColumn: string | null; onUpdate: string; onDelete: string
}

const USER_TABLES = `m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`

const COLUMNS_SQL = `
SELECT m.name AS "table", m.sql AS "tableSql", p.name AS name, p.type AS type, p."notnull" AS "notNull",
  p.dflt_value AS "default", p.pk AS pk, p.hidden AS hidden
FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p
WHERE ${USER_TABLES}
ORDER BY m.name, p.cid`

const INDEXES_SQL = `
SELECT m.name AS "table", il.name AS name, il."unique" AS "unique", il.origin AS origin,
  ii.name AS "column", ii."desc" AS descending, s.sql AS sql
FROM sqlite_master m
JOIN pragma_index_list(m.name) il
JOIN pragma_index_xinfo(il.name) ii
LEFT JOIN sqlite_master s ON s.type = 'index' AND s.name = il.name
WHERE ${USER_TABLES} AND ii.key = 1
ORDER BY m.name, il.name, ii.seqno`

const FOREIGN_KEYS_SQL = `
SELECT m.name AS "table", f.id AS id, f."table" AS "refTable", f."from" AS "column", f."to" AS "refColumn",
  f.on_update AS "onUpdate", f.on_delete AS "onDelete"
FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
WHERE ${USER_TABLES}
ORDER BY m.name, f.id, f.seq`

/**
 * Reads the tables, columns, keys and indexes of the SQLite database. A single `INTEGER`
 * primary key (the rowid) is reported as auto-incrementing; unique constraints have no names;
 * foreign keys have the names their `CREATE TABLE` gives them, if any.
 *
 * @example const live = await introspectSqlite(sequelize, {versionTable: 'sequelize_migrate'})
 */
export async function introspectSqlite(sequelize: Sequelize, options: IntrospectOptions): Promise<SchemaDescription> {
  const select = async <T extends object>(sql: string): Promise<T[]> => {
    options.onQuery?.(sql)
    return sequelize.query<T>(sql, {type: QueryTypes.SELECT, transaction: options.transaction as Transaction | undefined})
  }
  const columnRows = await select<ColumnRow>(COLUMNS_SQL)
  const indexRows = await select<IndexRow>(INDEXES_SQL)
  const foreignKeyRows = await select<ForeignKeyRow>(FOREIGN_KEYS_SQL)

  const tables = new Map<string, TableSchema>()
  const tableSql = new Map<string, string>()
  const primaryKeys = new Map<string, Array<{column: string; position: number; type: string}>>()
  const withoutRowid = new Set<string>()
  for (const row of columnRows) {
    if (row.table === options.versionTable || row.hidden === 1) continue
    let table = tables.get(row.table)
    if (!table) {
      table = {name: row.table, columns: [], uniqueConstraints: [], indexes: [], foreignKeys: []}
      tables.set(row.table, table)
      if (row.tableSql) tableSql.set(row.table, row.tableSql)
      if (/\)\s*without\s+rowid\s*;?\s*$/i.test(row.tableSql ?? '')) withoutRowid.add(row.table)
    }
    const type = sqliteType(row.type)
    table.columns.push(compact({
      name: row.name,
      type,
      nullable: row.notNull === 0,
      default: row.default === null ? undefined : sqliteTypes.parseDefault(row.default, type),
      autoIncrement: false,
    }))
    if (row.pk > 0) primaryKeys.set(row.table, [...primaryKeys.get(row.table) ?? [], {column: row.name, position: row.pk, type: row.type}])
  }

  for (const [name, keys] of primaryKeys) {
    const table = tables.get(name)!
    keys.sort((a, b) => a.position - b.position)
    table.primaryKey = {columns: keys.map((key) => key.column)}
    // The rowid alias: exactly one column declared `INTEGER` in a rowid table.
    if (keys.length === 1 && keys[0].type.trim().toUpperCase() === 'INTEGER' && !withoutRowid.has(name)) {
      table.columns.find((column) => column.name === keys[0].column)!.autoIncrement = true
    }
  }

  const uniqueConstraints = new Map<string, UniqueConstraintSchema>()
  for (const row of indexRows) {
    const table = tables.get(row.table)
    if (!table || row.origin === 'pk') continue
    const column = row.column ?? '<expression>'
    if (row.origin === 'u') {
      // A UNIQUE constraint: SQLite backs it with an automatic index; the constraint has no name.
      const id = `${row.table}\u0000${row.name}`
      let constraint = uniqueConstraints.get(id)
      if (!constraint) {
        constraint = {columns: []}
        uniqueConstraints.set(id, constraint)
        table.uniqueConstraints.push(constraint)
      }
      constraint.columns.push(column)
      continue
    }
    let index = table.indexes.find((candidate) => candidate.name === row.name)
    if (!index) {
      const where = predicateOf(row.sql)
      index = compact({name: row.name, columns: [], unique: row.unique === 1, where: where && sqliteTypes.indexWhere(where)})
      table.indexes.push(index)
    }
    index.columns.push(compact({name: column, order: row.descending === 1 ? 'DESC' as const : undefined}))
  }

  const foreignKeys = new Map<string, TableSchema['foreignKeys'][number]>()
  for (const row of foreignKeyRows) {
    const table = tables.get(row.table)
    if (!table) continue
    const id = `${row.table}\u0000${row.id}`
    let key = foreignKeys.get(id)
    if (!key) {
      key = compact({
        columns: [], referencedTable: row.refTable, referencedColumns: [],
        onDelete: sqliteTypes.referentialAction(row.onDelete), onUpdate: sqliteTypes.referentialAction(row.onUpdate),
      })
      foreignKeys.set(id, key)
      table.foreignKeys.push(key)
    }
    key.columns.push(row.column)
    // `REFERENCES t` without columns means t's primary key.
    const position = key.columns.length - 1
    key.referencedColumns.push(row.refColumn ?? tables.get(row.refTable)?.primaryKey?.columns[position] ?? 'rowid')
  }

  for (const table of tables.values()) primaryKeyNotNull(table)
  for (const [name, sql] of tableSql) nameForeignKeys(tables.get(name)!, sql)
  return {dialect: 'sqlite', tables, enums: new Map()}
}

/**
 * Gives the foreign keys of `table` the names its `CREATE TABLE` gives them (`CONSTRAINT <name>`),
 * which the pragma does not report; unnamed keys stay unnamed.
 */
function nameForeignKeys(table: TableSchema, sql: string): void {
  if (table.foreignKeys.length === 0) return
  let named: ReturnType<typeof foreignKeyNames>
  try {
    named = foreignKeyNames(parseCreateTable(sql), table.name).filter((key) => key.own)
  } catch (error) {
    if (error instanceof UnparsableSqlError) return
    throw error
  }
  for (const key of table.foreignKeys) {
    const found = named.find((candidate) => candidate.referencedTable === key.referencedTable && candidate.columns.join('\u0000') === key.columns.join('\u0000'))
    if (found) key.name = found.name
  }
}

/** The `WHERE` predicate of a `CREATE INDEX` statement, if any. */
function predicateOf(sql: string | null): string | undefined {
  if (!sql) return undefined
  const open = sql.indexOf('(', sql.search(/\bon\b/i))
  const close = open < 0 ? -1 : matchingParen(sql, open)
  const rest = close < 0 ? '' : sql.slice(close + 1).trim()
  return /^where\s/i.test(rest) ? rest : undefined
}

export {introspectSqlite as introspect}
