/**
 * The operations autogenerate emits, as plain data: one per schema change. Compare produces them,
 * render turns them into code, `applyOps` replays them on a schema, and a dialect may render or
 * warn about those it knows best. Here, below both autogenerate and the dialects, so that each
 * can use them without importing the other. What they do (reverse, warnings, descriptions) lives
 * in `src/autogenerate/ops.ts`.
 */
import {ColumnDefault, ColumnSchema, ColumnType, DEFAULT_STRING_LENGTH, EnumTypeSchema, ForeignKeySchema, IndexSchema, PrimaryKeySchema, TableSchema, tableKey, UniqueConstraintSchema} from './schema'

/** Fields every operation may carry. */
export interface OpBase {
  /** Why the operation may fail or lose data; rendered as `// WARNING:` lines. Absent when safe. */
  warnings?: string[]
}

/** Fields of an operation on one existing table. */
export interface TableOpBase extends OpBase {
  table: string
  /** PostgreSQL schema, `undefined` for the default one. */
  schema?: string
}

/** Create a table with its primary key, uniques, indexes and the foreign keys it can have yet. */
export interface CreateTableOp extends OpBase { kind: 'createTable'; table: TableSchema }
/** Drop a table; carries the whole table so the reverse can create it again. */
export interface DropTableOp extends OpBase { kind: 'dropTable'; table: TableSchema }
/** Rename a table inside its schema. */
export interface RenameTableOp extends OpBase { kind: 'renameTable'; schema?: string; from: string; to: string }
export interface AddColumnOp extends TableOpBase { kind: 'addColumn'; column: ColumnSchema }
/** Drop a column; carries the column so the reverse can add it again. */
export interface DropColumnOp extends TableOpBase { kind: 'dropColumn'; column: ColumnSchema }
/** Change type, nullability, default, comment or autoIncrement of a column (`from.name === to.name`). */
export interface AlterColumnOp extends TableOpBase { kind: 'alterColumn'; from: ColumnSchema; to: ColumnSchema }
export interface RenameColumnOp extends TableOpBase { kind: 'renameColumn'; from: string; to: string }
export interface CreateIndexOp extends TableOpBase { kind: 'createIndex'; index: IndexSchema }
export interface DropIndexOp extends TableOpBase { kind: 'dropIndex'; index: IndexSchema }
export interface AddUniqueConstraintOp extends TableOpBase { kind: 'addUniqueConstraint'; constraint: UniqueConstraintSchema }
export interface DropUniqueConstraintOp extends TableOpBase { kind: 'dropUniqueConstraint'; constraint: UniqueConstraintSchema }
export interface AddForeignKeyOp extends TableOpBase { kind: 'addForeignKey'; foreignKey: ForeignKeySchema }
export interface DropForeignKeyOp extends TableOpBase { kind: 'dropForeignKey'; foreignKey: ForeignKeySchema }
/**
 * Change what a foreign key does `ON DELETE` / `ON UPDATE` (same columns, same referenced table
 * and columns): the key is dropped under its old name and added again.
 */
export interface AlterForeignKeyOp extends TableOpBase { kind: 'alterForeignKey'; from: ForeignKeySchema; to: ForeignKeySchema }
/** Add, drop or replace the primary key (`from`/`to` absent: no primary key on that side). */
export interface AlterPrimaryKeyOp extends TableOpBase { kind: 'alterPrimaryKey'; from?: PrimaryKeySchema; to?: PrimaryKeySchema }
export interface SetTableCommentOp extends TableOpBase { kind: 'setTableComment'; from?: string; to?: string }
/** Create a PostgreSQL enum type. */
export interface CreateEnumTypeOp extends OpBase { kind: 'createEnumType'; enum: EnumTypeSchema }
/** Drop a PostgreSQL enum type; carries its values so the reverse can create it again. */
export interface DropEnumTypeOp extends OpBase { kind: 'dropEnumType'; enum: EnumTypeSchema }

/** A column whose type is an enum type, as a type recreation must convert it. */
export interface EnumColumnRef {
  table: string
  schema?: string
  column: string
  /** The column is an array of the enum. */
  array: boolean
  /** Its default, dropped and set again around the conversion. */
  default?: ColumnDefault
  /**
   * The whole column, for the databases that store the values in the column type (MariaDB): the
   * revision changes the column there instead of the type.
   */
  definition?: ColumnSchema
}

/**
 * Insert one value into a PostgreSQL enum type (`ALTER TYPE ... ADD VALUE`). Its reverse is a
 * {@link RecreateEnumTypeOp}, since PostgreSQL cannot remove a value from a type.
 */
export interface AddEnumValueOp extends OpBase {
  kind: 'addEnumValue'
  /** The type as it is before the value is added. */
  enum: EnumTypeSchema
  value: string
  /** Position of `value` in the new list of values. */
  index: number
  /** Columns using the type, which the reverse must convert. */
  columns: EnumColumnRef[]
}

/**
 * Replace a PostgreSQL enum type by one with other values (rename the old type, create the new
 * one, convert every column through text, drop the old type). Used to remove or reorder values.
 */
export interface RecreateEnumTypeOp extends OpBase {
  kind: 'recreateEnumType'
  name: string
  schema?: string
  fromValues: string[]
  toValues: string[]
  columns: EnumColumnRef[]
}

/** One schema change. Discriminated by `kind`. */
export type Op =
  | CreateTableOp | DropTableOp | RenameTableOp
  | AddColumnOp | DropColumnOp | AlterColumnOp | RenameColumnOp
  | CreateIndexOp | DropIndexOp
  | AddUniqueConstraintOp | DropUniqueConstraintOp
  | AddForeignKeyOp | DropForeignKeyOp | AlterForeignKeyOp
  | AlterPrimaryKeyOp | SetTableCommentOp
  | CreateEnumTypeOp | DropEnumTypeOp | AddEnumValueOp | RecreateEnumTypeOp

/**
 * A drop and an add that look like one renamed table or column. Compare keeps the drop and the
 * add (it cannot know) and render writes `hint` as a comment above the drop.
 */
export interface ProposedRename {
  /** Key of the table as it is in the database (`schema.name` or `name`). */
  table: string
  /** The column that disappears, for a column rename. */
  column?: string
  /** New name of the table or column. */
  to: string
  /** What to tell the user, e.g. `looks like a rename: pass --rename users.fullname=name to keep the data`. */
  hint: string
}

/** `schema.name` of the table an operation works on, or of the enum type it changes. */
export function opTarget(op: Op): string {
  switch (op.kind) {
    case 'createTable': case 'dropTable': return tableKey(op.table)
    case 'renameTable': return tableKey({name: op.from, schema: op.schema})
    case 'createEnumType': case 'dropEnumType': case 'addEnumValue': return tableKey(op.enum)
    case 'recreateEnumType': return tableKey(op)
    default: return tableKey({name: op.table, schema: op.schema})
  }
}

/**
 * The values the enum type has once `op` changed it.
 *
 * @example enumValuesAfter({kind: 'addEnumValue', enum: {name: 'mood', values: ['sad', 'happy']}, value: 'ok', index: 1, columns: []}) // ['sad', 'ok', 'happy']
 */
export function enumValuesAfter(op: AddEnumValueOp | RecreateEnumTypeOp): string[] {
  if (op.kind === 'recreateEnumType') return op.toValues
  const values = [...op.enum.values]
  values.splice(op.index, 0, op.value)
  return values
}

/** Key of the table a foreign key points to. */
export function referencedKey(foreignKey: ForeignKeySchema): string {
  return tableKey({name: foreignKey.referencedTable, schema: foreignKey.referencedSchema})
}

/**
 * A short SQL-like spelling of a type for messages, built from the canonical fields only.
 *
 * @example describeType({kind: 'string', length: 100}) // 'VARCHAR(100)'
 */
export function describeType(type: ColumnType): string {
  const args = (...values: Array<number | string | undefined>) => {
    const given = values.filter((value) => value !== undefined)
    return given.length > 0 ? `(${given.join(', ')})` : ''
  }
  const unsigned = type.unsigned ? ' UNSIGNED' : ''
  switch (type.kind) {
    case 'string': return `VARCHAR(${type.length ?? DEFAULT_STRING_LENGTH})`
    case 'char': return `CHAR${args(type.length)}`
    case 'text': case 'blob': return `${typeof type.length === 'string' ? type.length.toUpperCase() : ''}${type.kind.toUpperCase()}`
    case 'decimal': case 'float': case 'double': case 'real':
      return `${type.kind.toUpperCase()}${args(type.precision, type.scale)}${unsigned}`
    case 'date': return `TIMESTAMP${args(type.precision)}${type.withTimezone ? ' WITH TIME ZONE' : ''}`
    case 'time': return `TIME${args(type.precision)}${type.withTimezone ? ' WITH TIME ZONE' : ''}`
    case 'dateonly': return 'DATE'
    case 'enum': return `ENUM(${(type.values ?? []).map((value) => `'${value}'`).join(', ')})`
    case 'array': return `${type.element ? describeType(type.element) : 'UNKNOWN'}[]`
    case 'other': return type.raw ?? 'OTHER'
    default: return `${type.kind.toUpperCase()}${unsigned}`
  }
}

/** A default as SQL-like text for messages; `none` when absent. */
export function describeDefault(value: ColumnDefault | undefined): string {
  if (value === undefined) return 'none'
  switch (value.kind) {
    case 'literal': return typeof value.value === 'string' ? `'${value.value}'` : String(value.value)
    case 'now': return 'now'
    case 'function': return `${value.name}(${value.args.join(', ')})`
    case 'sql': return value.sql
  }
}
