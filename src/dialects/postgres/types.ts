/**
 * PostgreSQL spellings → canonical schema model: type synonyms (`character varying(255)` and
 * `VARCHAR(255)`, `int4` and `INTEGER`, `FLOAT` is `double precision`), casts in defaults
 * (`'x'::character varying`), enum type names, and what `sync()` does on PostgreSQL.
 */
import type {DialectTypes, ModelColumnContext} from '../dialect'
import {
  compactType, dropUniqueOnPrimaryKey, intArg, normalizePredicate, parseDefaultSql, parseTypeSql, type TypeSql,
} from '../../schema/sql-text'
import type {ColumnDefault, ColumnType, ReferentialAction, TableSchema, TypeKind} from '../../schema/schema'

/** PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN - 1). */
export const POSTGRES_MAX_IDENTIFIER_BYTES = 63

const simpleKinds: Record<string, TypeKind> = {
  text: 'text', citext: 'citext',
  smallint: 'smallint', int2: 'smallint', integer: 'integer', int: 'integer', int4: 'integer', serial: 'integer',
  bigint: 'bigint', int8: 'bigint', bigserial: 'bigint', smallserial: 'smallint',
  real: 'real', float4: 'real', 'double precision': 'double', float8: 'double',
  boolean: 'boolean', bool: 'boolean',
  date: 'dateonly',
  json: 'json', jsonb: 'jsonb', bytea: 'blob', uuid: 'uuid',
  inet: 'inet', cidr: 'cidr', macaddr: 'macaddr', tsvector: 'tsvector', hstore: 'hstore',
  geometry: 'geometry', geography: 'geography',
}

/**
 * The canonical type of a PostgreSQL type spelling (catalog `format_type` or Sequelize's DDL).
 * Enum types need the catalog and are handled by the caller.
 *
 * @example postgresType('character varying(255)') // {kind: 'string', length: 255}
 */
export function postgresType(sql: string): ColumnType {
  let type = parsedTypes.get(sql)
  if (type === undefined) {
    type = compactType({...fromParsed(parseTypeSql(sql)), raw: sql})
    parsedTypes.set(sql, type)
  }
  return copyType(type)
}

// A database or a set of models spells few distinct types over many columns: each is read once.
const parsedTypes = new Map<string, ColumnType>()

// Each column gets its own copy: callers may change a type they were given.
function copyType(type: ColumnType): ColumnType {
  const copy = {...type}
  if (type.values) copy.values = [...type.values]
  if (type.element) copy.element = copyType(type.element)
  return copy
}

function fromParsed(parsed: TypeSql): ColumnType {
  if (parsed.arrayDepth > 0) {
    return {kind: 'array', element: compactType(fromParsed({...parsed, arrayDepth: parsed.arrayDepth - 1}))}
  }
  const {name, args} = parsed
  switch (name) {
    case 'character varying': case 'varchar': return {kind: 'string', length: intArg(args[0])}
    case 'character': case 'char': case 'bpchar': return {kind: 'char', length: intArg(args[0]) ?? 1}
    case 'numeric': case 'decimal': {
      const precision = intArg(args[0])
      return {kind: 'decimal', precision, scale: precision === undefined ? undefined : intArg(args[1]) ?? 0}
    }
    case 'float': return {kind: (intArg(args[0]) ?? 53) <= 24 ? 'real' : 'double'}
    case 'timestamp': case 'timestamptz':
      return {kind: 'date', precision: intArg(args[0]), withTimezone: (parsed.withTimezone ?? name === 'timestamptz') || undefined}
    case 'time': case 'timetz':
      return {kind: 'time', precision: intArg(args[0]), withTimezone: (parsed.withTimezone ?? name === 'timetz') || undefined}
  }
  const kind = simpleKinds[name]
  return kind ? {kind} : {kind: 'other', name}
}

/** Qualifies a type name with its schema unless that is `public`. */
export function qualifiedName(name: string, schema: string | undefined): string {
  return schema && schema !== 'public' ? `${schema}.${name}` : name
}

/** Cuts an identifier the way PostgreSQL does (63 bytes, never inside a UTF-8 character). */
export function truncateIdentifier(name: string): string {
  if (Buffer.byteLength(name) <= POSTGRES_MAX_IDENTIFIER_BYTES) return name
  let result = ''
  for (const char of name) {
    if (Buffer.byteLength(result + char) > POSTGRES_MAX_IDENTIFIER_BYTES) break
    result += char
  }
  return result
}

// `::type`, `::"Type"`, `::schema.type`, `::character varying(255)[]`, `::timestamp(3) with time zone`.
const castPattern = /::(?:"(?:[^"]|"")+"|[a-z_][\w$]*)(?:\.(?:"(?:[^"]|"")+"|[a-z_][\w$]*))?(?:\s+(?:varying|precision|with(?:out)?\s+time\s+zone)|\s*\(\d+(?:\s*,\s*\d+)?\))*(?:\[\])*/gi

/** Removes PostgreSQL casts from an expression: `'a'::character varying` → `'a'`. */
export function stripCasts(sql: string): string {
  return sql.replace(castPattern, '')
}

function sequelizeEnumValues(dataType: unknown): string[] | undefined {
  const type = dataType as {key?: string; values?: unknown[]; type?: unknown}
  if (type?.key === 'ENUM' && Array.isArray(type.values)) return type.values.map(String)
  return undefined
}

/** The enum type Sequelize creates for a `DataTypes.ENUM` column: `enum_<table>_<column>`, cut to 63 bytes. */
export function sequelizeEnumTypeName(table: string, column: string): string {
  return truncateIdentifier(`enum_${table}_${column}`)
}

function modelEnum(column: ModelColumnContext, values: string[]): ColumnType {
  return {kind: 'enum', values, enumName: qualifiedName(sequelizeEnumTypeName(column.table.name, column.column), column.table.schema)}
}

/** How PostgreSQL stores model types and defaults. */
export const postgresTypes: DialectTypes = {
  unsupportedDataTypes: ['TINYINT', 'MEDIUMINT'],

  modelColumnType(column) {
    const values = sequelizeEnumValues(column.dataType)
    if (values) return compactType({...modelEnum(column, values), raw: column.sqlType})
    const element = (column.dataType as {key?: string; type?: unknown})?.key === 'ARRAY'
      ? sequelizeEnumValues((column.dataType as {type?: unknown}).type)
      : undefined
    if (element) return compactType({kind: 'array', element: modelEnum(column, element), raw: column.sqlType})
    return postgresType(column.sqlType)
  },

  parseDefault(sql: string, type: ColumnType): ColumnDefault | undefined {
    if (/^nextval\(/i.test(sql.trim())) return undefined
    return parseDefaultSql(stripCasts(sql), type)
  },

  referentialAction(action) {
    const normalized = action?.trim().toUpperCase().replace(/\s+/g, ' ')
    if (!normalized || normalized === 'NO ACTION') return undefined
    return normalized as ReferentialAction
  },

  indexWhere(sql) {
    return normalizePredicate(stripCasts(sql))
  },

  finishModelTable(table: TableSchema, options = {}) {
    // sync() writes `UNIQUE (a, b)` without the model's name: PostgreSQL names the constraint.
    table.uniqueConstraints = table.uniqueConstraints.map(({name, columns}) =>
      options.keepConstraintNames && name !== undefined ? {name: truncateIdentifier(name), columns} : {columns})
    dropUniqueOnPrimaryKey(table)
    for (const index of table.indexes) index.name = truncateIdentifier(index.name)
    // A SERIAL column is NOT NULL whatever the model says.
    for (const column of table.columns) if (column.autoIncrement) column.nullable = false
  },
}

