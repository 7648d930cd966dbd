/**
 * The operations autogenerate emits: plain objects, one per schema change, that compare produces,
 * render turns into code and `applyOps` replays on a schema. Each operation carries what its
 * reverse needs (a dropped table carries the whole table), so `reverseOp` needs no database.
 */
import type {DialectFlags} from '../dialects/dialect'
import {
  ColumnDefault, DEFAULT_STRING_LENGTH, ColumnSchema, ColumnType, EnumTypeSchema, ForeignKeySchema, IndexSchema,
  PrimaryKeySchema, TableSchema, tableKey, UniqueConstraintSchema,
} from '../schema/schema'

/** Fields every operation may carry. */
interface OpBase {
  /** Why the operation may fail or lose data; rendered as `// WARNING:` lines. Absent when safe. */
  warnings?: string[]
}

/** Fields of an operation on one existing table. */
interface TableOpBase extends OpBase {
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
 * The operation that undoes `op`, with the warnings that apply to it in `dialect`. Reversing
 * twice gives back an operation equal to the original one (warnings included, when the original
 * was built for the same dialect).
 *
 * @example reverseOp({kind: 'renameColumn', table: 'users', from: 'a', to: 'b'}) // renames b to a
 */
export function reverseOp(op: Op, dialect: DialectFlags): Op {
  return withWarnings(reverseWithoutWarnings(op), dialect)
}

function reverseWithoutWarnings(op: Op): Op {
  switch (op.kind) {
    case 'createTable': return {kind: 'dropTable', table: op.table}
    case 'dropTable': return {kind: 'createTable', table: op.table}
    case 'renameTable': return {kind: 'renameTable', ...(op.schema === undefined ? {} : {schema: op.schema}), from: op.to, to: op.from}
    case 'addColumn': return {kind: 'dropColumn', ...on(op), column: op.column}
    case 'dropColumn': return {kind: 'addColumn', ...on(op), column: op.column}
    case 'alterColumn': return {kind: 'alterColumn', ...on(op), from: op.to, to: op.from}
    case 'renameColumn': return {kind: 'renameColumn', ...on(op), from: op.to, to: op.from}
    case 'createIndex': return {kind: 'dropIndex', ...on(op), index: op.index}
    case 'dropIndex': return {kind: 'createIndex', ...on(op), index: op.index}
    case 'addUniqueConstraint': return {kind: 'dropUniqueConstraint', ...on(op), constraint: op.constraint}
    case 'dropUniqueConstraint': return {kind: 'addUniqueConstraint', ...on(op), constraint: op.constraint}
    case 'addForeignKey': return {kind: 'dropForeignKey', ...on(op), foreignKey: op.foreignKey}
    case 'dropForeignKey': return {kind: 'addForeignKey', ...on(op), foreignKey: op.foreignKey}
    case 'alterForeignKey': return {kind: 'alterForeignKey', ...on(op), from: op.to, to: op.from}
    case 'alterPrimaryKey': return {kind: 'alterPrimaryKey', ...on(op), ...defined({from: op.to, to: op.from})}
    case 'setTableComment': return {kind: 'setTableComment', ...on(op), ...defined({from: op.to, to: op.from})}
    case 'createEnumType': return {kind: 'dropEnumType', enum: op.enum}
    case 'dropEnumType': return {kind: 'createEnumType', enum: op.enum}
    case 'addEnumValue': {
      const withValue = [...op.enum.values]
      withValue.splice(op.index, 0, op.value)
      return {kind: 'recreateEnumType', name: op.enum.name, ...defined({schema: op.enum.schema}), fromValues: withValue, toValues: op.enum.values, columns: op.columns}
    }
    case 'recreateEnumType': return enumChangeOp({name: op.name, ...defined({schema: op.schema}), values: op.toValues}, op.fromValues, op.columns)
  }
}

/**
 * The operation that turns enum type `from` into one with `toValues`: an {@link AddEnumValueOp}
 * when exactly one value is inserted, a {@link RecreateEnumTypeOp} otherwise.
 */
export function enumChangeOp(from: EnumTypeSchema, toValues: string[], columns: EnumColumnRef[]): AddEnumValueOp | RecreateEnumTypeOp {
  if (toValues.length === from.values.length + 1) {
    const index = toValues.findIndex((value, i) => value !== from.values[i])
    const rest = [...toValues]
    rest.splice(index, 1)
    if (sameList(rest, from.values) && !from.values.includes(toValues[index])) {
      return {kind: 'addEnumValue', enum: {...from, values: [...from.values]}, value: toValues[index], index, columns}
    }
  }
  return {kind: 'recreateEnumType', name: from.name, ...defined({schema: from.schema}), fromValues: from.values, toValues, columns}
}

/**
 * Whether an operation uses an enum value another operation of the same list adds (as a column's
 * default). PostgreSQL (12 and later) runs `ALTER TYPE ... ADD VALUE` inside a transaction but
 * refuses to use the new value before the transaction commits: only then must the revision run
 * outside one.
 *
 * @example usesAddedEnumValue([addPending, alterDefaultToPending]) // true
 */
export function usesAddedEnumValue(ops: readonly Op[]): boolean {
  const added = new Set(ops.flatMap((op) => (op.kind === 'addEnumValue' ? [`${tableKey(op.enum)}\u0000${op.value}`] : [])))
  if (added.size === 0) return false
  const uses = (column: ColumnSchema) => {
    const type = column.type.element ?? column.type
    return type.enumName !== undefined && column.default?.kind === 'literal' && added.has(`${type.enumName}\u0000${column.default.value}`)
  }
  return ops.some((op) => {
    switch (op.kind) {
      case 'createTable': return op.table.columns.some(uses)
      case 'addColumn': return uses(op.column)
      case 'alterColumn': return uses(op.to)
      default: return false
    }
  })
}

/** `op` with `warnings` set to what {@link opWarnings} finds in `dialect` (absent when none). */
export function withWarnings<T extends Op>(op: T, dialect: DialectFlags): T {
  const {warnings: _old, ...rest} = op
  const warnings = opWarnings(rest as T, dialect)
  return (warnings.length > 0 ? {...rest, warnings} : rest) as T
}

/** Why `op` may fail, lose data or need a hand-written statement, in plain sentences. */
export function opWarnings(op: Op, dialect: DialectFlags): string[] {
  const warnings: string[] = []
  const where = opTarget(op)
  const rebuild = `SQLite cannot change ${where} in place: Sequelize rebuilds the table and copies its rows`
  switch (op.kind) {
    case 'dropTable':
      warnings.push(`drops table ${where} and all its rows`)
      break
    case 'dropColumn':
      warnings.push(`drops column ${where}.${op.column.name} and its data`)
      break
    case 'addColumn':
      if (!op.column.nullable && op.column.default === undefined && !op.column.autoIncrement) {
        warnings.push(`adds NOT NULL column ${where}.${op.column.name} without a default: fails if the table has rows; add a default or backfill in a separate step`)
      }
      break
    case 'alterColumn':
      warnings.push(...alterColumnWarnings(`${where}.${op.to.name}`, op.from, op.to, dialect))
      if (!dialect.alterColumn) warnings.push(rebuild)
      break
    case 'addUniqueConstraint':
      warnings.push(`fails if ${where} already holds duplicate (${op.constraint.columns.join(', ')})`)
      if (!dialect.alterColumn) warnings.push(rebuild)
      break
    case 'dropUniqueConstraint': case 'addForeignKey': case 'dropForeignKey': case 'alterForeignKey':
      if (!dialect.alterColumn) warnings.push(rebuild)
      break
    case 'alterPrimaryKey':
      if (op.to !== undefined) warnings.push(`sets the primary key of ${where} to (${op.to.columns.join(', ')}): fails if those columns hold duplicates or NULLs`)
      if (!dialect.alterColumn) warnings.push(rebuild)
      break
    case 'recreateEnumType': {
      const removed = op.fromValues.filter((value) => !op.toValues.includes(value))
      warnings.push(`PostgreSQL cannot remove or reorder enum values: type ${where} is recreated and every column using it is converted`)
      if (removed.length > 0) warnings.push(`removes ${removed.map((value) => `'${value}'`).join(', ')} from ${where}: fails if a row holds one of them`)
      break
    }
    default:
      break
  }
  return warnings
}

const INTEGER_RANK: Partial<Record<ColumnType['kind'], number>> = {tinyint: 1, smallint: 2, mediumint: 3, integer: 4, bigint: 5}
const FLOAT_RANK: Partial<Record<ColumnType['kind'], number>> = {real: 1, float: 2, double: 3}
const TEXT_KINDS = new Set<ColumnType['kind']>(['string', 'char', 'text', 'citext'])
const NUMBER_KINDS = new Set<ColumnType['kind']>(['tinyint', 'smallint', 'mediumint', 'integer', 'bigint', 'float', 'real', 'double', 'decimal'])

function alterColumnWarnings(where: string, from: ColumnSchema, to: ColumnSchema, dialect: DialectFlags): string[] {
  const warnings: string[] = []
  const before = describeType(from.type)
  const after = describeType(to.type)
  if (before !== after) {
    if (isNarrowing(from.type, to.type)) {
      warnings.push(`narrows ${where} from ${before} to ${after}: values that do not fit fail or are truncated`)
    } else if (!NUMBER_KINDS.has(from.type.kind) || !NUMBER_KINDS.has(to.type.kind)) {
      if (from.type.kind !== to.type.kind && !TEXT_KINDS.has(to.type.kind)) {
        warnings.push(`changes ${where} from ${before} to ${after}: every existing value must convert`)
      }
    }
    if (needsUsingCast(from, to, dialect)) {
      warnings.push(`converts ${before} to ${after} with a USING cast: fails on a value that does not convert`)
    }
  }
  if (from.nullable && !to.nullable) {
    warnings.push(`sets ${where} NOT NULL: fails if a row holds NULL; backfill first`)
  }
  if (from.autoIncrement !== to.autoIncrement) {
    warnings.push(`${to.autoIncrement ? 'adds' : 'removes'} autoIncrement on ${where}: changeColumn may not create or drop the sequence; check the SQL it runs`)
  }
  return warnings
}

function isNarrowing(from: ColumnType, to: ColumnType): boolean {
  const lower = (a: number | undefined, b: number | undefined) => a !== undefined && b !== undefined && b < a
  if (from.kind === to.kind) {
    if (typeof from.length === 'number' && typeof to.length === 'number' && to.length < from.length) return true
    if (lower(from.precision, to.precision) || lower(from.scale, to.scale)) return true
    if (Boolean(from.unsigned) !== Boolean(to.unsigned)) return true
    if (from.values && to.values && from.values.some((value) => !to.values!.includes(value))) return true
    if (from.element && to.element) return isNarrowing(from.element, to.element)
    return false
  }
  const intFrom = INTEGER_RANK[from.kind]
  const intTo = INTEGER_RANK[to.kind]
  if (intFrom !== undefined && intTo !== undefined) return intTo < intFrom
  const floatFrom = FLOAT_RANK[from.kind]
  const floatTo = FLOAT_RANK[to.kind]
  if (floatFrom !== undefined && floatTo !== undefined) return floatTo < floatFrom
  if (TEXT_KINDS.has(from.kind) && (to.kind === 'string' || to.kind === 'char')) return from.kind !== 'char' && from.kind !== 'string'
  if ((from.kind === 'decimal' || FLOAT_RANK[from.kind] !== undefined) && intTo !== undefined) return true
  return false
}

/**
 * Changing the column from `from` to `to` needs `ALTER COLUMN ... TYPE ... USING "col"::type` where
 * the dialect has no implicit conversion (PostgreSQL: VARCHAR to INTEGER, TEXT to JSONB, ...);
 * `changeColumn` alone would fail.
 */
export function needsUsingCast(from: ColumnSchema, to: ColumnSchema, dialect: DialectFlags): boolean {
  return dialect.typeChangeNeedsCast && describeType(from.type) !== describeType(to.type) && needsCast(from.type, to.type)
}

/** PostgreSQL has no assignment cast for this change, so `ALTER COLUMN ... TYPE` needs a `USING`. */
function needsCast(from: ColumnType, to: ColumnType): boolean {
  if (from.kind === to.kind) return from.kind === 'array' && from.element !== undefined && to.element !== undefined && needsCast(from.element, to.element)
  if (TEXT_KINDS.has(to.kind)) return false
  if (NUMBER_KINDS.has(from.kind) && NUMBER_KINDS.has(to.kind)) return false
  if ((from.kind === 'date' || from.kind === 'dateonly') && (to.kind === 'date' || to.kind === 'dateonly')) return false
  // Sequelize writes its own USING cast when a column becomes an ENUM.
  if (to.kind === 'enum') return false
  return true
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

/**
 * One human line for an operation, as `db check` lists differences.
 *
 * @example describeOp(op) // 'alter column users.name: type VARCHAR(100) -> VARCHAR(200)'
 */
export function describeOp(op: Op): string {
  const where = opTarget(op)
  const columns = (list: string[]) => `(${list.join(', ')})`
  switch (op.kind) {
    case 'createTable': return `add table ${where}`
    case 'dropTable': return `remove table ${where}`
    case 'renameTable': return `rename table ${where} to ${op.to}`
    case 'addColumn': return `add column ${where}.${op.column.name}`
    case 'dropColumn': return `remove column ${where}.${op.column.name}`
    case 'renameColumn': return `rename column ${where}.${op.from} to ${op.to}`
    case 'alterColumn': return `alter column ${where}.${op.to.name}: ${describeColumnChanges(op.from, op.to).join(', ')}`
    case 'createIndex': return `add ${op.index.unique ? 'unique ' : ''}index ${op.index.name} on ${where} ${columns(op.index.columns.map((column) => column.name))}`
    case 'dropIndex': return `remove index ${op.index.name} on ${where}`
    case 'addUniqueConstraint': return `add unique constraint ${op.constraint.name ?? ''} on ${where} ${columns(op.constraint.columns)}`.replace('  ', ' ')
    case 'dropUniqueConstraint': return `remove unique constraint ${op.constraint.name ?? ''} on ${where} ${columns(op.constraint.columns)}`.replace('  ', ' ')
    case 'addForeignKey': return `add foreign key ${where} ${columns(op.foreignKey.columns)} -> ${referencedKey(op.foreignKey)} ${columns(op.foreignKey.referencedColumns)}`
    case 'dropForeignKey': return `remove foreign key ${where} ${columns(op.foreignKey.columns)} -> ${referencedKey(op.foreignKey)} ${columns(op.foreignKey.referencedColumns)}`
    case 'alterForeignKey': return `change foreign key ${where} ${columns(op.to.columns)} -> ${referencedKey(op.to)} ${columns(op.to.referencedColumns)}: ${describeForeignKeyActions(op.from, op.to).join(', ')}`
    case 'alterPrimaryKey': return `change primary key of ${where}: ${op.from ? columns(op.from.columns) : 'none'} -> ${op.to ? columns(op.to.columns) : 'none'}`
    case 'setTableComment': return `change comment of table ${where}`
    case 'createEnumType': return `add enum type ${where} ${columns(op.enum.values.map((value) => `'${value}'`))}`
    case 'dropEnumType': return `remove enum type ${where}`
    case 'addEnumValue': return `add value '${op.value}' to enum type ${where}`
    case 'recreateEnumType': return `recreate enum type ${where}: ${columns(op.fromValues.map((value) => `'${value}'`))} -> ${columns(op.toValues.map((value) => `'${value}'`))}`
  }
}

/** The differences between two versions of a column, e.g. `type VARCHAR(100) -> VARCHAR(200)`. */
export function describeColumnChanges(from: ColumnSchema, to: ColumnSchema): string[] {
  const changes: string[] = []
  const fromType = describeType(from.type)
  const toType = describeType(to.type)
  if (fromType !== toType) changes.push(`type ${fromType} -> ${toType}`)
  if (from.nullable !== to.nullable) changes.push(to.nullable ? 'NOT NULL -> nullable' : 'nullable -> NOT NULL')
  const fromDefault = describeDefault(from.default)
  const toDefault = describeDefault(to.default)
  if (fromDefault !== toDefault) changes.push(`default ${fromDefault} -> ${toDefault}`)
  if ((from.comment ?? '') !== (to.comment ?? '')) changes.push('comment')
  if (from.autoIncrement !== to.autoIncrement) changes.push(to.autoIncrement ? 'add autoIncrement' : 'drop autoIncrement')
  // Types that differ only in fields describeType does not show (an enum type's name, ...).
  if (changes.length === 0) changes.push('type')
  return changes
}

/**
 * The actions that differ between two versions of a foreign key, `NO ACTION` standing for none.
 *
 * @example describeForeignKeyActions({...key, onDelete: 'CASCADE'}, {...key, onDelete: 'SET NULL'}) // ['ON DELETE CASCADE -> SET NULL']
 */
export function describeForeignKeyActions(from: ForeignKeySchema, to: ForeignKeySchema): string[] {
  const changes: string[] = []
  const action = (value: string | undefined) => value ?? 'NO ACTION'
  if (action(from.onDelete) !== action(to.onDelete)) changes.push(`ON DELETE ${action(from.onDelete)} -> ${action(to.onDelete)}`)
  if (action(from.onUpdate) !== action(to.onUpdate)) changes.push(`ON UPDATE ${action(from.onUpdate)} -> ${action(to.onUpdate)}`)
  return changes
}

/** Key of the table a foreign key points to. */
export function referencedKey(foreignKey: ForeignKeySchema): string {
  return tableKey({name: foreignKey.referencedTable, schema: foreignKey.referencedSchema})
}

/** The table fields of a table operation, without an `undefined` schema. */
function on(op: TableOpBase): {table: string; schema?: string} {
  return op.schema === undefined ? {table: op.table} : {table: op.table, schema: op.schema}
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i])
}

/** `object` without its `undefined` fields, so optional fields stay absent rather than `undefined`. */
function defined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>
}
