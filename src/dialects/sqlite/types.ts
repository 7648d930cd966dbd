/**
 * SQLite spellings → canonical schema model. SQLite keeps the declared type text as written, so
 * this mainly maps Sequelize's spellings (`DATETIME` is a date, `DATE` a date only, `TINYINT(1)`
 * a boolean) and mirrors what `sync()` does here: a single integer primary key becomes
 * `INTEGER PRIMARY KEY` (the rowid), unique constraints have no names, comments are dropped.
 */
import type {DialectTypes} from '../dialect'
import {compactType, dropUniqueOnPrimaryKey, intArg, normalizePredicate, parseDefaultSql, parseTypeSql} from '../../schema/sql-text'
import type {ColumnType, ReferentialAction, TableSchema, TypeKind} from '../../schema/schema'

const simpleKinds: Record<string, TypeKind> = {
  text: 'text', clob: 'text', integer: 'integer', int: 'integer', bigint: 'bigint', smallint: 'smallint',
  mediumint: 'mediumint', real: 'real', 'double precision': 'double', double: 'double', boolean: 'boolean',
  datetime: 'date', date: 'dateonly', time: 'time', json: 'json', jsonb: 'jsonb', uuid: 'uuid',
}

/**
 * The canonical type of a declared SQLite column type.
 *
 * @example sqliteType('VARCHAR(255)') // {kind: 'string', length: 255}
 */
export function sqliteType(sql: string): ColumnType {
  const parsed = parseTypeSql(sql)
  const {name, args} = parsed
  const sized = /^(tiny|medium|long)?(text|blob)$/.exec(name)
  let type: ColumnType
  if (sized) {
    type = {kind: sized[2] === 'text' ? 'text' : 'blob', length: sized[1]}
  } else if (name === 'varchar' || name === 'character varying' || name === 'nvarchar') {
    type = {kind: 'string', length: intArg(args[0]), binary: parsed.binary || undefined}
  } else if (name === 'char' || name === 'character' || name === 'nchar') {
    type = {kind: 'char', length: intArg(args[0]), binary: parsed.binary || undefined}
  } else if (name === 'tinyint') {
    type = args[0] === '1' ? {kind: 'boolean'} : {kind: 'tinyint'}
  } else if (name === 'decimal' || name === 'numeric') {
    type = {kind: 'decimal', precision: intArg(args[0]), scale: intArg(args[1])}
  } else if (name === 'float') {
    type = {kind: 'float', precision: intArg(args[0]), scale: intArg(args[1])}
  } else if (simpleKinds[name]) {
    type = {kind: simpleKinds[name]}
  } else {
    type = {kind: 'other', name}
  }
  if (parsed.unsigned) type.unsigned = true
  if (parsed.zerofill) type.zerofill = true
  return compactType({...type, raw: sql})
}

/** How SQLite stores model types and defaults. */
export const sqliteTypes: DialectTypes = {
  // SQLite takes any type name, but Sequelize cannot read or write these values here.
  unsupportedDataTypes: ['ARRAY', 'RANGE', 'HSTORE'],

  modelColumnType(column) {
    // sync() makes an ENUM a TEXT column; its values are kept for the revisions the other
    // databases run (compare matches an enum with text here: see `enumsAsText`).
    const dataType = column.dataType as {key?: string; values?: unknown[]}
    if (dataType?.key === 'ENUM' && Array.isArray(dataType.values)) return {kind: 'enum', values: dataType.values.map(String), raw: column.sqlType}
    return sqliteType(column.sqlType)
  },

  parseDefault(sql, type) {
    return parseDefaultSql(sql, type)
  },

  referentialAction(action) {
    const normalized = action?.trim().toUpperCase().replace(/\s+/g, ' ')
    if (!normalized || normalized === 'NO ACTION') return undefined
    return normalized as ReferentialAction
  },

  indexWhere(sql) {
    return normalizePredicate(sql)
  },

  finishModelTable(table: TableSchema, options = {}) {
    // AUTOINCREMENT is written only on primary keys.
    for (const column of table.columns) {
      if (!table.primaryKey?.columns.includes(column.name)) column.autoIncrement = false
    }
    // Sequelize rewrites a single primary key whose type mentions INT to `INTEGER PRIMARY KEY`,
    // dropping the rest of the column definition (default, UNIQUE): the column becomes the rowid.
    const keys = table.primaryKey?.columns ?? []
    const rowid = keys.length === 1 ? table.columns.find((column) => column.name === keys[0]) : undefined
    if (rowid && /INT/i.test(rowid.type.raw ?? '')) {
      rowid.type = {kind: 'integer', raw: 'INTEGER'}
      rowid.autoIncrement = true
      delete rowid.default
      table.uniqueConstraints = table.uniqueConstraints.filter((constraint) =>
        !(constraint.name === undefined && constraint.columns.length === 1 && constraint.columns[0] === rowid.name))
    }
    dropUniqueOnPrimaryKey(table)
    // `UNIQUE (a, b)` and column UNIQUE are written without names.
    if (!options.keepConstraintNames) table.uniqueConstraints = table.uniqueConstraints.map(({columns}) => ({columns}))
  },
}
