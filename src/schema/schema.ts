/**
 * The normalized schema description that autogenerate fills from two sides: the models a
 * Sequelize instance registers (`from-models.ts`) and the live database (`introspect` of each
 * dialect). Comparison works on two of these and nothing else, so every dialect quirk (type
 * synonyms, default spellings, implicit indexes) must be normalized away before a value lands here.
 *
 * Plain data only: no Sequelize objects, no functions, so a schema can be built by hand in a unit
 * test and printed with `JSON.stringify`.
 */

/**
 * Canonical type families. Dialect synonyms map onto these (VARCHAR → `string`, INT4 → `integer`,
 * TINYINT(1) on MariaDB → `boolean`, TIMESTAMP WITH TIME ZONE on PostgreSQL → `date`, ...).
 */
export type TypeKind =
  | 'string' | 'char' | 'text' | 'citext'
  | 'tinyint' | 'smallint' | 'mediumint' | 'integer' | 'bigint'
  | 'float' | 'real' | 'double' | 'decimal'
  | 'boolean'
  | 'date' | 'dateonly' | 'time'
  | 'json' | 'jsonb'
  | 'blob'
  | 'uuid'
  | 'enum'
  | 'array'
  | 'inet' | 'cidr' | 'macaddr' | 'tsvector' | 'hstore'
  | 'geometry' | 'geography'
  | 'other'

/** Kinds that hold text. */
export const TEXT_KINDS: ReadonlySet<TypeKind> = new Set<TypeKind>(['string', 'char', 'text', 'citext'])
/** Kinds that hold numbers. */
export const NUMBER_KINDS: ReadonlySet<TypeKind> = new Set<TypeKind>(['tinyint', 'smallint', 'mediumint', 'integer', 'bigint', 'float', 'real', 'double', 'decimal'])

/** The length of a `string` column that names none: Sequelize's `DataTypes.STRING` is `VARCHAR(255)`. */
export const DEFAULT_STRING_LENGTH = 255

/** A column type reduced to what a database really stores. */
export interface ColumnType {
  kind: TypeKind
  /** Character length (STRING, CHAR), BLOB size class on MariaDB ('tiny' | 'medium' | 'long'), or TEXT size class. */
  length?: number | string
  /** Numeric precision (DECIMAL, FLOAT) or fractional seconds precision (DATE/TIME). */
  precision?: number
  /** Numeric scale (DECIMAL). */
  scale?: number
  unsigned?: boolean
  zerofill?: boolean
  /** Binary collation flag (STRING.BINARY / VARBINARY). */
  binary?: boolean
  /** `date`/`time` stores a time zone (PostgreSQL TIMESTAMPTZ). */
  withTimezone?: boolean
  /** Allowed values of an `enum`, in declaration order. */
  values?: string[]
  /** PostgreSQL: the name of the enum type (`enum_users_status`), schema-qualified when not public. */
  enumName?: string
  /** Element type of an `array`. */
  element?: ColumnType
  /**
   * For kind `other` only: the type as the dialect names it, lower case with single spaces and no
   * arguments (`interval`, `money`, `year`, `set`), so that two different unknown types differ.
   */
  name?: string
  /** The type as the source spelled it (for messages and comments only, never compared). */
  raw?: string
}

/** A server-side default. Client-side defaults (UUIDV4, JS functions) never appear here. */
export type ColumnDefault =
  /** For a JSON/JSONB column, `value` is the default's JSON text with sorted keys (`'{"a":1}'`, `'"text"'`). */
  | {kind: 'literal'; value: string | number | boolean}
  | {kind: 'now'}
  | {kind: 'function'; name: string; args: string[]}
  | {kind: 'sql'; sql: string}

export interface ColumnSchema {
  name: string
  type: ColumnType
  nullable: boolean
  /** Server default, or `undefined` when the column has none. */
  default?: ColumnDefault
  /** SERIAL / IDENTITY / AUTO_INCREMENT / SQLite rowid alias. */
  autoIncrement: boolean
  comment?: string
}

export interface PrimaryKeySchema {
  /** Constraint name when the database or the model names it. */
  name?: string
  columns: string[]
}

export interface UniqueConstraintSchema {
  /** Constraint name; `undefined` when the database chose it (compared by columns then). */
  name?: string
  columns: string[]
}

export interface IndexColumn {
  name: string
  order?: 'ASC' | 'DESC'
}

export interface IndexSchema {
  name: string
  columns: IndexColumn[]
  unique: boolean
  /** Partial index predicate, normalized SQL (PostgreSQL, SQLite). */
  where?: string
  /** Index method (PostgreSQL: btree, gin, gist, hash, ...). `btree` is normalized to `undefined`. */
  using?: string
  /**
   * The database chooses the name: a unique index standing for a model's unnamed unique constraint
   * where constraints are indexes (MariaDB names it after its column, a revision generated
   * elsewhere `<table>_<columns>_uk`). Compare matches it by its columns.
   */
  chosenName?: true
}

export type ReferentialAction = 'CASCADE' | 'SET NULL' | 'SET DEFAULT' | 'RESTRICT' | 'NO ACTION'

export interface ForeignKeySchema {
  name?: string
  columns: string[]
  referencedTable: string
  /** PostgreSQL schema of the referenced table, when not the default one. */
  referencedSchema?: string
  referencedColumns: string[]
  /** `undefined` means the database default (NO ACTION). */
  onDelete?: ReferentialAction
  onUpdate?: ReferentialAction
  /**
   * MariaDB/MySQL: the index InnoDB made for the key because no index started with its columns.
   * InnoDB keeps it when the key is dropped, so dropping the key drops it too. Never compared.
   */
  index?: string
}

export interface TableSchema {
  name: string
  /** PostgreSQL schema, `undefined` for the default (`public`) one. */
  schema?: string
  /** Columns in definition order. */
  columns: ColumnSchema[]
  primaryKey?: PrimaryKeySchema
  uniqueConstraints: UniqueConstraintSchema[]
  indexes: IndexSchema[]
  foreignKeys: ForeignKeySchema[]
  comment?: string
}

/** A PostgreSQL enum type (`CREATE TYPE ... AS ENUM`). */
export interface EnumTypeSchema {
  name: string
  schema?: string
  values: string[]
}

/** A whole database (or the whole model set) as autogenerate sees it. */
export interface SchemaDescription {
  /** The dialect this description was built for: `postgres`, `mariadb`, `mysql` or `sqlite`. */
  dialect: string
  /** Keyed by {@link tableKey}. */
  tables: Map<string, TableSchema>
  /** PostgreSQL only; keyed by `schema.name` or `name`. */
  enums: Map<string, EnumTypeSchema>
}

/**
 * The key a table is stored under in {@link SchemaDescription.tables}.
 *
 * @example tableKey({name: 'orders', schema: 'shop'}) // 'shop.orders'
 */
export function tableKey(table: {name: string; schema?: string}): string {
  return table.schema ? `${table.schema}.${table.name}` : table.name
}
