/**
 * What only PostgreSQL has: named enum types, and type changes that need a `USING` cast. The
 * PostgreSQL dialect's render, warning and transaction hooks, written as raw SQL the revision runs
 * only on PostgreSQL (the other databases run the portable QueryInterface calls).
 */
import type {OwnStatements, RenderKit} from '../dialect'
import {type AlterColumnOp, describeType, type EnumColumnRef, type Op, opTarget} from '../../schema/ops'
import {type ColumnSchema, type ColumnType, NUMBER_KINDS, tableKey, TEXT_KINDS} from '../../schema/schema'
import {sequelizeEnumTypeName} from './types'

/** Statements PostgreSQL runs for `op` on its own, one of `ops` in render order. */
export function renderPostgresOp(op: Op, ops: readonly Op[], kit: RenderKit): OwnStatements | undefined {
  switch (op.kind) {
    case 'alterColumn':
      if (needsUsingCast(op.from, op.to)) return usingCast(op, kit)
      return inlineEnumValues(op, kit)
    case 'createEnumType':
      if (enumsTheColumnsCreate(ops).has(tableKey(op.enum))) return {notes: [kit.comment(`enum type ${tableKey(op.enum)}: created on PostgreSQL by the DataTypes.ENUM column below`)], instead: []}
      return {instead: [kit.query(`CREATE TYPE ${kit.sqlName(op.enum.name, op.enum.schema)} AS ENUM (${op.enum.values.map(kit.sqlString).join(', ')})`)]}
    case 'dropEnumType':
      return {
        notes: [kit.comment('IF EXISTS: queryInterface.dropTable also drops the enum types of a model the Sequelize instance knows')],
        instead: [kit.query(`DROP TYPE IF EXISTS ${kit.sqlName(op.enum.name, op.enum.schema)}`)],
      }
    case 'addEnumValue': {
      const values = op.enum.values
      const place = op.index < values.length ? `BEFORE ${kit.sqlString(values[op.index])}` : values.length > 0 ? `AFTER ${kit.sqlString(values[values.length - 1])}` : ''
      return {
        notes: [kit.comment('PostgreSQL 12 or later: ADD VALUE runs in the revision\'s transaction; the value is usable once it commits')],
        instead: [kit.query(`ALTER TYPE ${kit.sqlName(op.enum.name, op.enum.schema)} ADD VALUE IF NOT EXISTS ${kit.sqlString(op.value)}${place ? ` ${place}` : ''}`)],
      }
    }
    case 'recreateEnumType': return {instead: recreateEnum(op.name, op.schema, op.toValues, op.columns, kit).map(kit.query)}
    default: return undefined
  }
}

/** PostgreSQL's own warnings: a recreated enum type, a type change that needs a cast. */
export function postgresOpWarnings(op: Op): string[] {
  if (op.kind === 'alterColumn' && needsUsingCast(op.from, op.to)) {
    return [`converts ${describeType(op.from.type)} to ${describeType(op.to.type)} with a USING cast: fails on a value that does not convert`]
  }
  if (op.kind !== 'recreateEnumType') return []
  const where = opTarget(op)
  const removed = op.fromValues.filter((value) => !op.toValues.includes(value))
  return [
    `PostgreSQL cannot remove or reorder enum values: type ${where} is recreated and every column using it is converted`,
    ...(removed.length > 0 ? [`removes ${removed.map((value) => `'${value}'`).join(', ')} from ${where}: fails if a row holds one of them`] : []),
  ]
}

/**
 * PostgreSQL (12 and later) runs `ALTER TYPE ... ADD VALUE` inside a transaction but refuses to
 * use the new value before the transaction commits: a revision that does (as a column's default)
 * runs outside one.
 *
 * @example postgresNonTransactionalReason([addPending, alterDefaultToPending]) // 'PostgreSQL cannot use ...'
 */
export function postgresNonTransactionalReason(ops: readonly Op[]): string | undefined {
  const added = new Set(ops.flatMap((op) => (op.kind === 'addEnumValue' ? [`${tableKey(op.enum)}\u0000${op.value}`] : [])))
  const uses = (column: ColumnSchema) => {
    const type = column.type.element ?? column.type
    return type.enumName !== undefined && column.default?.kind === 'literal' && added.has(`${type.enumName}\u0000${column.default.value}`)
  }
  const used = ops.some((op) => {
    switch (op.kind) {
      case 'createTable': return op.table.columns.some(uses)
      case 'addColumn': return uses(op.column)
      case 'alterColumn': return uses(op.to) || defaultIsNewInlineValue(op)
      default: return false
    }
  })
  return used ? REASON : undefined
}

const REASON = 'PostgreSQL cannot use a new enum value in the transaction that adds it'

/**
 * Generated where enum values are part of the column type (MariaDB) or an enum is text (SQLite):
 * the column's new default may be one of the values {@link inlineEnumValues} adds to
 * PostgreSQL's type in the same revision.
 */
function defaultIsNewInlineValue(op: AlterColumnOp): boolean {
  const {from, to} = op
  if (to.type.kind !== 'enum' || to.type.enumName !== undefined || to.default?.kind !== 'literal') return false
  // From a TEXT column (generated on SQLite) the values the type had are unknown.
  if (from.type.kind === 'text') return true
  return from.type.kind === 'enum' && !(from.type.values ?? []).includes(String(to.default.value))
}

/**
 * Changing the column from `from` to `to` needs `ALTER COLUMN ... TYPE ... USING "col"::type`:
 * PostgreSQL has no implicit conversion (VARCHAR to INTEGER, TEXT to JSONB, ...) and
 * `changeColumn` alone would fail.
 */
export function needsUsingCast(from: ColumnSchema, to: ColumnSchema): boolean {
  return describeType(from.type) !== describeType(to.type) && needsCast(from.type, to.type)
}

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
 * The type change with its cast, before changeColumn sets the rest (its own `TYPE` is then a no-op).
 * The default goes first: the old one may not convert.
 */
function usingCast(op: AlterColumnOp, kit: RenderKit): OwnStatements {
  const column = kit.sqlName(op.to.name)
  const type = op.to.type.raw ?? describeType(op.to.type)
  const dropDefault = op.from.default === undefined ? '' : `ALTER COLUMN ${column} DROP DEFAULT, `
  return {
    notes: [kit.comment(`${describeType(op.from.type)} -> ${describeType(op.to.type)} needs a cast on PostgreSQL; changeColumn converts by itself elsewhere`)],
    before: [kit.query(`ALTER TABLE ${kit.sqlName(op.table, op.schema)} ${dropDefault}ALTER COLUMN ${column} TYPE ${type} USING ${column}::${type}`)],
  }
}

/**
 * A revision generated where enum values are part of the column type (MariaDB) changes the
 * column with the new `DataTypes.ENUM`; here the column's type `enum_<table>_<column>` exists
 * already, and changeColumn would leave its values as they are: the new ones are added first.
 */
function inlineEnumValues(op: AlterColumnOp, kit: RenderKit): OwnStatements | undefined {
  const {from, to} = op
  if (to.type.kind !== 'enum' || to.type.enumName !== undefined) return undefined
  const values = to.type.values ?? []
  const type = kit.sqlName(sequelizeEnumTypeName(op.table, to.name), op.schema)
  // Generated where an enum is a TEXT column (SQLite): the values the type has here are unknown,
  // and the column may not be an enum yet (then changeColumn creates the type).
  if (from.type.kind === 'text') {
    const adds = values.map((value) => `ALTER TYPE ${type} ADD VALUE IF NOT EXISTS ${kit.sqlString(value)};`).join(' ')
    return {before: [kit.query(`DO $$ BEGIN IF to_regtype(${kit.sqlString(type)}) IS NOT NULL THEN ${adds} END IF; END $$`)]}
  }
  if (from.type.kind !== 'enum') return undefined
  const old = from.type.values ?? []
  const added = values.flatMap((value, i) => {
    if (old.includes(value)) return []
    const next = values.slice(i + 1).find((candidate) => old.includes(candidate))
    const place = next === undefined ? '' : ` BEFORE ${kit.sqlString(next)}`
    return [kit.query(`ALTER TYPE ${type} ADD VALUE IF NOT EXISTS ${kit.sqlString(value)}${place}`)]
  })
  return added.length === 0 ? undefined : {before: added}
}

/**
 * The enum types (keys) that the createTable, addColumn and changeColumn calls of `ops` create by
 * themselves: Sequelize creates `enum_<table>_<column>` for a `DataTypes.ENUM` column, so the
 * revision writes no SQL of its own for them.
 */
function enumsTheColumnsCreate(ops: readonly Op[]): Set<string> {
  const created = new Set<string>()
  const add = (column: ColumnSchema) => {
    const type = column.type.element ?? column.type
    if (type.kind === 'enum' && type.enumName !== undefined) created.add(type.enumName)
  }
  for (const op of ops) {
    if (op.kind === 'createTable') op.table.columns.forEach(add)
    else if (op.kind === 'addColumn') add(op.column)
    else if (op.kind === 'alterColumn') add(op.to)
  }
  return created
}

/** SQL statements that replace an enum type by one with `values`, converting every column through text. */
function recreateEnum(name: string, schema: string | undefined, values: string[], columns: EnumColumnRef[], kit: RenderKit): string[] {
  const type = kit.sqlName(name, schema)
  const old = kit.sqlName(`${name}_old`, schema)
  const lines = [
    `ALTER TYPE ${type} RENAME TO ${kit.sqlName(`${name}_old`)}`,
    `CREATE TYPE ${type} AS ENUM (${values.map(kit.sqlString).join(', ')})`,
  ]
  for (const ref of columns) {
    const alter = `ALTER TABLE ${kit.sqlName(ref.table, ref.schema)} ALTER COLUMN ${kit.sqlName(ref.column)}`
    const suffix = ref.array ? '[]' : ''
    if (ref.default) lines.push(`${alter} DROP DEFAULT`)
    lines.push(`${alter} TYPE ${type}${suffix} USING ${kit.sqlName(ref.column)}::text${suffix}::${type}${suffix}`)
    if (ref.default) lines.push(`${alter} SET DEFAULT ${kit.sqlDefault(ref.default, {kind: 'enum'})}`)
  }
  lines.push(`DROP TYPE ${old}`)
  return lines
}
