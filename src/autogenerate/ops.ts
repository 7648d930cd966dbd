/**
 * What the operations autogenerate emits (`src/schema/ops.ts`) do: each one's reverse, warnings
 * and description. Each operation carries what its reverse needs (a dropped table carries the
 * whole table), so `reverseOp` needs no database.
 */
import type {DialectFlags, DialectHooks} from '../dialects/dialect'
import {
  AddEnumValueOp, describeDefault, describeType, EnumColumnRef, enumValuesAfter, Op, opTarget, RecreateEnumTypeOp, referencedKey, TableOpBase,
} from '../schema/ops'
import {ColumnSchema, ColumnType, EnumTypeSchema, ForeignKeySchema, NUMBER_KINDS, TEXT_KINDS} from '../schema/schema'

export type {
  AddColumnOp, AddEnumValueOp, AddForeignKeyOp, AddUniqueConstraintOp, AlterColumnOp, AlterForeignKeyOp, AlterPrimaryKeyOp,
  CreateEnumTypeOp, CreateIndexOp, CreateTableOp, DropColumnOp, DropEnumTypeOp, DropForeignKeyOp, DropIndexOp, DropTableOp,
  DropUniqueConstraintOp, EnumColumnRef, Op, ProposedRename, RecreateEnumTypeOp, RenameColumnOp, RenameTableOp, SetTableCommentOp,
} from '../schema/ops'
export {describeDefault, describeType, opTarget, referencedKey} from '../schema/ops'

/**
 * The operation that undoes `op`, with the warnings that apply to it in `dialect`. Reversing
 * twice gives back an operation equal to the original one (warnings included, when the original
 * was built for the same dialect).
 *
 * @example reverseOp({kind: 'renameColumn', table: 'users', from: 'a', to: 'b'}) // renames b to a
 */
export function reverseOp(op: Op, dialect: DialectFlags & DialectHooks): Op {
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
    case 'addEnumValue':
      return {kind: 'recreateEnumType', name: op.enum.name, ...defined({schema: op.enum.schema}), fromValues: enumValuesAfter(op), toValues: op.enum.values, columns: op.columns}
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

/** `op` with `warnings` set to what {@link opWarnings} finds in `dialect` (absent when none). */
export function withWarnings<T extends Op>(op: T, dialect: DialectFlags & DialectHooks): T {
  const {warnings: _old, ...rest} = op
  const warnings = opWarnings(rest as T, dialect)
  return (warnings.length > 0 ? {...rest, warnings} : rest) as T
}

/**
 * Why `op` may fail, lose data or need a hand-written statement, in plain sentences: the generic
 * warnings, then the dialect's own ({@link DialectHooks.opWarnings}).
 */
export function opWarnings(op: Op, dialect: DialectFlags & DialectHooks): string[] {
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
      warnings.push(...alterColumnWarnings(`${where}.${op.to.name}`, op.from, op.to))
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
    default:
      break
  }
  warnings.push(...dialect.opWarnings?.(op) ?? [])
  return warnings
}

const INTEGER_RANK: Partial<Record<ColumnType['kind'], number>> = {tinyint: 1, smallint: 2, mediumint: 3, integer: 4, bigint: 5}
const FLOAT_RANK: Partial<Record<ColumnType['kind'], number>> = {real: 1, float: 2, double: 3}

function alterColumnWarnings(where: string, from: ColumnSchema, to: ColumnSchema): string[] {
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
