/**
 * MariaDB and MySQL spellings → canonical schema model: `TINYINT(1)` is a boolean, `int(11)`
 * an integer whatever its display width, `CHAR(36) BINARY` a UUID, `LONGTEXT` with a
 * `json_valid` check a JSON column, `REAL` a double; and what `sync()` does here (unique keys and
 * unique columns are unique indexes, no defaults on TEXT/BLOB/JSON columns).
 */
import type {DialectTypes, ModelColumnContext} from '../dialect'
import {
  compactType, enumValues, intArg, normalizePredicate, parseDefaultSql, parseTypeSql,
} from '../../schema/sql-text'
import type {ColumnType, IndexSchema, ReferentialAction, TableSchema, TypeKind} from '../../schema/schema'

/** Facts about a column the type spelling alone does not carry. */
export interface MariadbTypeHints {
  /** Collation of a character column; a `_bin` collation is how `BINARY` shows in the catalog. */
  collation?: string | null
  /** The column has a `json_valid(column)` check (MariaDB's JSON is LONGTEXT plus that check). */
  jsonCheck?: boolean
}

const sizeClasses: Record<string, string> = {tiny: 'tiny', medium: 'medium', long: 'long'}
const integerKinds: Record<string, TypeKind> = {
  tinyint: 'tinyint', smallint: 'smallint', mediumint: 'mediumint', int: 'integer', integer: 'integer', bigint: 'bigint',
}
const simpleKinds: Record<string, TypeKind> = {
  bool: 'boolean', boolean: 'boolean', date: 'dateonly', json: 'json',
  geometry: 'geometry', point: 'geometry', linestring: 'geometry', polygon: 'geometry',
}

/**
 * The canonical type of a MariaDB/MySQL type spelling (`COLUMN_TYPE` or Sequelize's DDL).
 *
 * @example mariadbType('tinyint(1)') // {kind: 'boolean'}
 * @example mariadbType('char(36)', {collation: 'utf8mb4_bin'}) // {kind: 'uuid'}
 */
export function mariadbType(sql: string, hints: MariadbTypeHints = {}): ColumnType {
  const parsed = parseTypeSql(sql)
  const {name, args} = parsed
  const binary = parsed.binary || /_bin$/i.test(hints.collation ?? '') || undefined
  const zerofill = parsed.zerofill || undefined
  const unsigned = parsed.unsigned || parsed.zerofill || undefined
  const sized = /^(tiny|medium|long)?(text|blob)$/.exec(name)
  let type: ColumnType
  if (hints.jsonCheck && sized?.[2] === 'text') {
    type = {kind: 'json'}
  } else if (sized) {
    type = {kind: sized[2] === 'text' ? 'text' : 'blob', length: sized[1] ? sizeClasses[sized[1]] : undefined}
  } else if (name === 'varchar' || name === 'character varying') {
    type = {kind: 'string', length: intArg(args[0]), binary}
  } else if (name === 'char' || name === 'character') {
    const length = intArg(args[0]) ?? 1
    type = binary && length === 36 ? {kind: 'uuid'} : {kind: 'char', length, binary}
  } else if (name === 'tinyint' && args[0] === '1') {
    type = {kind: 'boolean'}
  } else if (integerKinds[name]) {
    type = {kind: integerKinds[name], unsigned, zerofill}
  } else if (name === 'float' || name === 'double' || name === 'double precision' || name === 'real') {
    // FLOAT(p) picks FLOAT or DOUBLE by precision; REAL is DOUBLE unless REAL_AS_FLOAT is set.
    const double = name !== 'float' || (args.length === 1 && (intArg(args[0]) ?? 0) > 24)
    const scaled = args.length === 2
    type = {kind: double ? 'double' : 'float', precision: scaled ? intArg(args[0]) : undefined,
      scale: scaled ? intArg(args[1]) : undefined, unsigned, zerofill}
  } else if (name === 'decimal' || name === 'numeric' || name === 'dec' || name === 'fixed') {
    type = {kind: 'decimal', precision: intArg(args[0]) ?? 10, scale: intArg(args[1]) ?? 0, unsigned, zerofill}
  } else if (name === 'datetime') {
    type = {kind: 'date', precision: intArg(args[0]) || undefined}
  } else if (name === 'time') {
    type = {kind: 'time', precision: intArg(args[0]) || undefined}
  } else if (name === 'enum') {
    type = {kind: 'enum', values: enumValues(args, true)}
  } else if (name === 'set') {
    type = {kind: 'other', name, values: enumValues(args, true)}
  } else {
    type = simpleKinds[name] ? {kind: simpleKinds[name]} : {kind: 'other', name}
  }
  return compactType({...type, raw: sql})
}

// Sequelize's MySQL query generator writes no DEFAULT for these (`typeWithoutDefault`).
const typesWithoutDefault = new Set(['BLOB', 'TEXT', 'GEOMETRY', 'JSON'])

/** How MariaDB and MySQL store model types and defaults. */
export const mariadbTypes: DialectTypes = {
  unsupportedDataTypes: ['ARRAY', 'RANGE', 'HSTORE', 'JSONB', 'CITEXT', 'INET', 'CIDR', 'MACADDR', 'TSVECTOR', 'GEOGRAPHY'],

  modelColumnType(column: ModelColumnContext) {
    return mariadbType(column.sqlType)
  },

  modelKeepsDefault(column) {
    return !typesWithoutDefault.has(column.sqlType) && (column.dataType as {_binary?: boolean})?._binary !== true
  },

  parseDefault(sql, type) {
    return parseDefaultSql(sql, type, {backslashEscapes: true})
  },

  referentialAction(action) {
    const normalized = action?.trim().toUpperCase().replace(/\s+/g, ' ')
    // InnoDB treats NO ACTION as RESTRICT, its default.
    if (!normalized || normalized === 'NO ACTION' || normalized === 'RESTRICT') return undefined
    return normalized as ReferentialAction
  },

  indexWhere(sql) {
    return normalizePredicate(sql)
  },

  finishModelTable(table: TableSchema) {
    // A unique constraint is a unique index here. Unnamed ones (`unique: true` columns) take
    // the column's name, with `_2`, `_3`... when that name is taken.
    const taken = new Set<string>(['primary'])
    const uniqueIndexes: IndexSchema[] = []
    for (const constraint of table.uniqueConstraints) {
      let name = constraint.name
      if (name === undefined) {
        name = constraint.columns[0]
        for (let suffix = 2; taken.has(name.toLowerCase()); suffix++) name = `${constraint.columns[0]}_${suffix}`
      }
      taken.add(name.toLowerCase())
      const columns = constraint.columns.map((column) => ({name: column}))
      uniqueIndexes.push(constraint.name === undefined ? {name, columns, unique: true, chosenName: true} : {name, columns, unique: true})
    }
    table.indexes = [...uniqueIndexes, ...table.indexes]
    table.uniqueConstraints = []
    // A key no index starts with gets one from InnoDB, named after its first column by sync().
    for (const foreignKey of table.foreignKeys) {
      if (!hasLeadingIndex(table, foreignKey.columns)) foreignKey.index = foreignKey.columns[0]
    }
    // An AUTO_INCREMENT column is NOT NULL whatever the model says.
    for (const column of table.columns) if (column.autoIncrement) column.nullable = false
  },
}

/** Some index of `table` (primary key included) starts with `columns`, so InnoDB can use it for a foreign key. */
function hasLeadingIndex(table: TableSchema, columns: string[]): boolean {
  const starts = (indexColumns: string[]) => columns.every((column, position) => indexColumns[position] === column)
  return starts(table.primaryKey?.columns ?? []) || table.indexes.some((index) => starts(index.columns.map((column) => column.name)))
}

/**
 * Whether an index was created by InnoDB for a foreign key rather than by `sync()` or a
 * migration: not unique, exactly the key's columns, and named after the key or its first column.
 */
export function isImplicitForeignKeyIndex(index: IndexSchema, foreignKeys: TableSchema['foreignKeys']): boolean {
  if (index.unique) return false
  return foreignKeys.some((key) =>
    key.columns.length === index.columns.length &&
    key.columns.every((column, position) => index.columns[position].name === column) &&
    (index.name === key.name || index.name === key.columns[0]))
}
