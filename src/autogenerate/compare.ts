/**
 * Compares two schema descriptions (the live database and the models) and lists the operations
 * that turn the first into the second, in an order a database accepts. Pure: no database, no
 * files, no Sequelize.
 */
import picomatch from 'picomatch'

import {AutogenerateError} from '../errors'
import {applyOps, enumColumns} from './apply'
import type {Dialect, DialectFlags} from '../dialects/dialect'
import {
  AddForeignKeyOp, CreateTableOp, describeForeignKeyActions, DropForeignKeyOp, DropTableOp, enumChangeOp, Op, ProposedRename,
  referencedKey, withWarnings,
} from './ops'
import {
  ColumnDefault, ColumnSchema, ColumnType, DEFAULT_STRING_LENGTH, EnumTypeSchema, ForeignKeySchema, IndexSchema, SchemaDescription, TableSchema,
  tableKey, UniqueConstraintSchema,
} from '../schema/schema'

/** A schema object as the `include`/`exclude` predicates see it. */
export interface SchemaObject {
  type: 'table' | 'column' | 'index' | 'foreignKey' | 'unique'
  /** The object's name; for an unnamed constraint, its columns joined by commas. */
  name: string
  /** Key of the table (`schema.name` or `name`); for a table, its own key. */
  table: string
}

/** Decides whether autogenerate looks at a schema object. */
export type SchemaObjectFilter = (object: SchemaObject) => boolean

/**
 * Decides whether a database column and a model column differ. Returns `true` when they differ,
 * `false` when they match, `undefined` to let the built-in comparison decide.
 */
export type ColumnComparator = (db: ColumnSchema, model: ColumnSchema) => boolean | undefined

/**
 * A rename the user asked for: `{table: 'old', to: 'new'}` (from `--rename old=new`) or
 * `{table: 'users', column: 'old', to: 'new'}` (from `--rename users.old=new`). `table` is the
 * table key (`schema.name` outside the default schema); for a column it may be the old or the new
 * table name when the table is renamed too.
 */
export interface RenameSpec {
  table: string
  column?: string
  to: string
}

/** Options of {@link compareSchemas}. */
export interface CompareOptions {
  /**
   * Table name globs (picomatch: `*`, `?`, `{a,b}`, `[abc]`; matched against the table key) or a
   * predicate over every object.
   * Only matching objects are compared. @default everything
   */
  include?: string[] | SchemaObjectFilter
  /** Table name globs or a predicate (returning `true` to skip the object). @default nothing */
  exclude?: string[] | SchemaObjectFilter
  /** Compare column types; a comparator overrides the built-in comparison. @default true */
  compareTypes?: boolean | ColumnComparator
  /** Compare server defaults; a comparator overrides the built-in comparison. @default true */
  compareDefaults?: boolean | ColumnComparator
  /** Drop+add pairs to turn into renames. */
  renames?: RenameSpec[]
  /** Key of the table that records applied revisions; never compared. */
  versionTable?: string
  /** Keys of other tables never compared (the tables of models left out with `excludeModels`). */
  ignoreTables?: string[]
}

/** What {@link compareSchemas} found. */
export interface CompareResult {
  /** The operations that turn `from` into `to`, in the order they must run. */
  ops: Op[]
  /** Drop+add pairs that look like renames (kept as drop+add in `ops`). */
  proposedRenames: ProposedRename[]
}

/**
 * The operations that turn `from` (the database) into `to` (the models).
 *
 * Order: enum types created or changed; renames; foreign keys dropped; tables dropped (children
 * first); per existing table: indexes and uniques dropped, columns added, altered, primary key
 * changed, columns dropped, comment; uniques and indexes added (new tables may reference them);
 * tables created (parents first; foreign keys closing a cycle wait); foreign keys added; enum
 * types dropped.
 *
 * @throws AutogenerateError `RENAME_NOT_APPLICABLE` when a rename names something that is not
 *   dropped on one side and added on the other.
 * @example
 * const {ops} = compareSchemas(await dialect.introspect(sequelize, {versionTable}), describeModels(sequelize, dialect), dialect, {renames: [{table: 'users', column: 'fullname', to: 'name'}]})
 */
export function compareSchemas(from: SchemaDescription, to: SchemaDescription, dialect: Dialect, options: CompareOptions = {}): CompareResult {
  const accept = objectFilter(options)
  const ignored = new Set([...options.ignoreTables ?? [], ...options.versionTable === undefined ? [] : [options.versionTable]])
  // The descriptions are only read below: the operations are copied once they are known.
  const fromTables = filterTables(from, accept, ignored)
  const toTables = filterTables(to, accept, ignored)

  const renames = renameOps(fromTables, toTables, options.renames ?? [])
  const state = renames.length === 0 ? fromTables : applyOps({dialect: dialect.name, tables: fromTables, enums: new Map()}, renames).tables

  const keys = (tables: Map<string, TableSchema>, other: Map<string, TableSchema>, inOther: boolean) =>
    [...tables.keys()].filter((key) => other.has(key) === inOther).sort(compareText)
  const matched = keys(state, toTables, true)
  const dropped = keys(state, toTables, false).map((key) => state.get(key)!)
  const added = keys(toTables, state, false).map((key) => toTables.get(key)!)

  const differ = columnDiffer(dialect, options)
  const proposedRenames = [
    ...proposeTableRenames(dropped, added, differ),
    ...matched.flatMap((key) => proposeColumnRenames(state.get(key)!, toTables.get(key)!, differ)),
  ]

  const diffs = matched.map((key) => diffTable(state.get(key)!, toTables.get(key)!, dialect, differ))
  const drops = orderDrops(dropped)
  const creates = orderCreates(added)
  const enums = dialect.enumTypes ? diffEnums(from, to, fromTables) : {before: [], after: []}

  const ops: Op[] = [
    ...enums.before,
    ...renames,
    ...diffs.flatMap((diff) => diff.dropForeignKeys),
    ...drops.dropForeignKeys,
    ...drops.dropTables,
    ...diffs.flatMap((diff) => diff.alter),
    ...diffs.flatMap((diff) => diff.addConstraints),
    ...creates.createTables,
    ...diffs.flatMap((diff) => diff.addForeignKeys),
    ...creates.addForeignKeys,
    ...enums.after,
  ]
  // Copies: the caller may change the operations without changing its descriptions.
  return {ops: ops.map((op) => withWarnings(structuredClone(op), dialect)), proposedRenames}
}

/** The filter of `include`/`exclude`; `undefined` when they let everything through. */
function objectFilter(options: CompareOptions): SchemaObjectFilter | undefined {
  if (options.include === undefined && options.exclude === undefined) return undefined
  // Globs name tables; the objects inside a table follow the table.
  const matches = (rule: string[] | SchemaObjectFilter, object: SchemaObject, otherwise: boolean) =>
    typeof rule === 'function' ? rule(object)
      : object.type === 'table' ? picomatch.isMatch(object.name, rule, {dot: true}) : otherwise
  return (object) => (options.include === undefined || matches(options.include, object, true))
    && (options.exclude === undefined || !matches(options.exclude, object, false))
}

/**
 * The tables `accept` lets through, holding only the objects it lets through. Read-only: they
 * share their columns, keys and indexes with `schema` (without a filter, they are its tables).
 */
function filterTables(schema: SchemaDescription, accept: SchemaObjectFilter | undefined, ignored: Set<string>): Map<string, TableSchema> {
  const tables = new Map<string, TableSchema>()
  for (const [key, table] of schema.tables) {
    if (ignored.has(key)) continue
    if (accept === undefined) {
      tables.set(key, table)
      continue
    }
    if (!accept({type: 'table', name: key, table: key})) continue
    const keep = <T>(list: T[], type: SchemaObject['type'], name: (item: T) => string) =>
      list.filter((item) => accept({type, name: name(item), table: key}))
    tables.set(key, {
      ...table,
      columns: keep(table.columns, 'column', (column) => column.name),
      indexes: keep(table.indexes, 'index', (index) => index.name),
      foreignKeys: keep(table.foreignKeys, 'foreignKey', (foreignKey) => foreignKey.name ?? foreignKey.columns.join(',')),
      uniqueConstraints: keep(table.uniqueConstraints, 'unique', (unique) => unique.name ?? unique.columns.join(',')),
    })
  }
  return tables
}

/** The RenameTable/RenameColumn operations the user asked for, after checking each one applies. */
function renameOps(from: Map<string, TableSchema>, to: Map<string, TableSchema>, specs: RenameSpec[]): Op[] {
  const ops: Op[] = []
  const renamedTables = new Map<string, string>()
  const fail = (spec: RenameSpec, problem: string): never => {
    const label = `--rename ${spec.table}${spec.column === undefined ? '' : `.${spec.column}`}=${spec.to}`
    throw new AutogenerateError('RENAME_NOT_APPLICABLE', `${label}: ${problem}; the left side names what the database has, the right side the new name in the models`)
  }
  for (const spec of specs.filter((candidate) => candidate.column === undefined)) {
    const table = from.get(spec.table) ?? fail(spec, `the database has no table ${spec.table}`)
    const newKey = tableKey({name: spec.to, schema: table.schema})
    if (to.has(spec.table)) fail(spec, `the models still define table ${spec.table}`)
    if (!to.has(newKey)) fail(spec, `the models define no table ${newKey}`)
    if (from.has(newKey)) fail(spec, `the database already has a table ${newKey}`)
    if (renamedTables.has(spec.table)) fail(spec, `table ${spec.table} is renamed twice`)
    renamedTables.set(spec.table, newKey)
    ops.push({kind: 'renameTable', ...schemaOf(table), from: table.name, to: spec.to})
  }
  for (const spec of specs.filter((candidate) => candidate.column !== undefined)) {
    const column = spec.column!
    const oldKey = [...renamedTables].find(([, newKey]) => newKey === spec.table)?.[0] ?? spec.table
    const oldTable = from.get(oldKey) ?? fail(spec, `the database has no table ${spec.table}`)
    const newTable = to.get(renamedTables.get(oldKey) ?? oldKey) ?? fail(spec, `the models define no table ${spec.table}`)
    const has = (table: TableSchema, name: string) => table.columns.some((candidate) => candidate.name === name)
    if (!has(oldTable, column)) fail(spec, `the database has no column ${oldKey}.${column}`)
    if (has(newTable, column)) fail(spec, `the models still define column ${tableKey(newTable)}.${column}`)
    if (!has(newTable, spec.to)) fail(spec, `the models define no column ${tableKey(newTable)}.${spec.to}`)
    if (has(oldTable, spec.to)) fail(spec, `the database already has a column ${oldKey}.${spec.to}`)
    ops.push({kind: 'renameColumn', table: newTable.name, ...schemaOf(newTable), from: column, to: spec.to})
  }
  return ops
}

/** The parts of column comparison that options can change. */
interface ColumnDiffer {
  typeDiffers(db: ColumnSchema, model: ColumnSchema): boolean
  defaultDiffers(db: ColumnSchema, model: ColumnSchema): boolean
  /** The columns differ in anything compared. */
  differs(db: ColumnSchema, model: ColumnSchema): boolean
}

function columnDiffer(dialect: DialectFlags, options: CompareOptions): ColumnDiffer {
  const decide = (option: boolean | ColumnComparator | undefined, builtIn: (db: ColumnSchema, model: ColumnSchema) => boolean) =>
    (db: ColumnSchema, model: ColumnSchema): boolean => {
      if (option === false) return false
      return (typeof option === 'function' ? option(db, model) : undefined) ?? builtIn(db, model)
    }
  const typeDiffers = decide(options.compareTypes, (db, model) => !typesEqual(db.type, model.type, dialect))
  const defaultDiffers = decide(options.compareDefaults, (db, model) => !defaultsEqual(db.default, model.default))
  return {
    typeDiffers,
    defaultDiffers,
    differs: (db, model) => typeDiffers(db, model) || defaultDiffers(db, model)
      || db.nullable !== model.nullable || db.autoIncrement !== model.autoIncrement
      || (dialect.comments && (db.comment ?? '') !== (model.comment ?? '')),
  }
}

/** Two types store the same thing: canonical fields only, `raw` never. */
export function typesEqual(a: ColumnType, b: ColumnType, dialect: DialectFlags): boolean {
  if (dialect.enumsAsText && enumOrText(a) && enumOrText(b)) return true
  if (a.kind !== b.kind) return false
  // A named enum type's values are compared (and changed) on the type itself.
  if (a.kind === 'enum' && dialect.enumTypes && a.enumName !== undefined && b.enumName !== undefined) return a.enumName === b.enumName
  const length = (type: ColumnType) => type.length ?? (type.kind === 'string' ? DEFAULT_STRING_LENGTH : undefined)
  if (length(a) !== length(b) || a.precision !== b.precision || a.scale !== b.scale) return false
  if (Boolean(a.unsigned) !== Boolean(b.unsigned) || Boolean(a.withTimezone) !== Boolean(b.withTimezone)) return false
  // Enum values are compared as a set: their order is not a difference (see diffEnums).
  if (a.kind === 'enum' ? !sameSet(a.values ?? [], b.values ?? []) : !sameList(a.values ?? [], b.values ?? [])) return false
  if (a.element === undefined || b.element === undefined) return a.element === b.element
  return typesEqual(a.element, b.element, dialect)
}

/** An enum, or the TEXT column it is where enums are text. */
function enumOrText(type: ColumnType): boolean {
  return type.kind === 'enum' || (type.kind === 'text' && type.length === undefined)
}

function defaultsEqual(a: ColumnDefault | undefined, b: ColumnDefault | undefined): boolean {
  if (a === undefined || b === undefined) return a === b
  switch (a.kind) {
    case 'literal': return b.kind === 'literal' && String(a.value) === String(b.value)
    case 'now': return b.kind === 'now'
    case 'function': return b.kind === 'function' && a.name.toLowerCase() === b.name.toLowerCase() && sameList(a.args, b.args)
    case 'sql': return b.kind === 'sql' && a.sql === b.sql
  }
}

/** The operations that change one table present on both sides, grouped by when they run. */
interface TableDiff {
  dropForeignKeys: Op[]
  alter: Op[]
  addConstraints: Op[]
  addForeignKeys: Op[]
}

function diffTable(db: TableSchema, model: TableSchema, dialect: DialectFlags, differ: ColumnDiffer): TableDiff {
  const on = {table: model.name, ...schemaOf(model)}
  const diff: TableDiff = {dropForeignKeys: [], alter: [], addConstraints: [], addForeignKeys: []}

  const modelColumns = new Map(model.columns.map((column) => [column.name, column]))
  const dbColumns = new Map(db.columns.map((column) => [column.name, column]))
  const changed = db.columns.filter((column) => {
    const target = modelColumns.get(column.name)
    return target !== undefined && differ.differs(column, target)
  })
  const foreignKeys = pair(db.foreignKeys, model.foreignKeys, sameForeignKey)
  // A key whose only change is its actions is one operation, unless one of its columns changes
  // too: then the key is dropped before the column changes and added after.
  const columnChanges = new Set(changed.map((column) => column.name))
  const actionChanges = pair(foreignKeys.removed, foreignKeys.added,
    (a, b) => sameForeignKeyTarget(a, b) && !a.columns.some((name) => columnChanges.has(name)))
  diff.dropForeignKeys.push(...actionChanges.removed.map((foreignKey): Op => ({kind: 'dropForeignKey', ...on, foreignKey})))
  diff.addForeignKeys.push(...actionChanges.pairs.map(([from, to]): Op => ({kind: 'alterForeignKey', ...on, from, to})))
  diff.addForeignKeys.push(...actionChanges.added.map((foreignKey): Op => ({kind: 'addForeignKey', ...on, foreignKey})))

  const indexes = pair(db.indexes, model.indexes, (a, b) => sameIndex(a, b, dialect))
  const uniques = pair(db.uniqueConstraints, model.uniqueConstraints, sameUnique)
  diff.alter.push(...indexes.removed.map((index): Op => ({kind: 'dropIndex', ...on, index})))
  diff.alter.push(...uniques.removed.map((constraint): Op => ({kind: 'dropUniqueConstraint', ...on, constraint})))

  diff.alter.push(...model.columns.filter((column) => !dbColumns.has(column.name))
    .map((column): Op => ({kind: 'addColumn', ...on, column})))
  for (const column of changed) {
    const target = modelColumns.get(column.name)!
    // What is not compared is kept as the database has it, so changeColumn does not change it silently.
    // Where enums are text (SQLite), the models' enum is what the other databases need to be told.
    const modelType = differ.typeDiffers(column, target) || (dialect.enumsAsText && target.type.kind === 'enum')
    const to: ColumnSchema = {...target, type: modelType ? target.type : column.type}
    const defaultValue = differ.defaultDiffers(column, target) ? target.default : column.default
    if (defaultValue === undefined) delete to.default
    else to.default = defaultValue
    if (!dialect.comments) {
      if (column.comment === undefined) delete to.comment
      else to.comment = column.comment
    }
    diff.alter.push({kind: 'alterColumn', ...on, from: column, to})
  }
  // The order of a primary key's columns is not compared: reordering them would rebuild the key
  // of a populated table for nothing the models can observe.
  if (!sameList(sorted(db.primaryKey?.columns ?? []), sorted(model.primaryKey?.columns ?? []))) {
    diff.alter.push({kind: 'alterPrimaryKey', ...on, ...(db.primaryKey ? {from: db.primaryKey} : {}), ...(model.primaryKey ? {to: model.primaryKey} : {})})
  }
  diff.alter.push(...db.columns.filter((column) => !modelColumns.has(column.name))
    .map((column): Op => ({kind: 'dropColumn', ...on, column})))
  if (dialect.comments && (db.comment ?? '') !== (model.comment ?? '')) {
    diff.alter.push({kind: 'setTableComment', ...on, ...(db.comment ? {from: db.comment} : {}), ...(model.comment ? {to: model.comment} : {})})
  }

  diff.addConstraints.push(...uniques.added.map((constraint): Op => ({kind: 'addUniqueConstraint', ...on, constraint})))
  diff.addConstraints.push(...indexes.added.map((index): Op => ({kind: 'createIndex', ...on, index})))
  return diff
}

/** Splits two lists into the items only the first has, the items only the second has, and the pairs `same` matched. */
function pair<T>(db: T[], model: T[], same: (a: T, b: T) => boolean): {removed: T[]; added: T[]; pairs: Array<[T, T]>} {
  const unmatched = [...model]
  const pairs: Array<[T, T]> = []
  const removed = db.filter((item) => {
    const index = unmatched.findIndex((candidate) => same(item, candidate))
    if (index < 0) return true
    pairs.push([item, unmatched.splice(index, 1)[0]])
    return false
  })
  return {removed, added: unmatched, pairs}
}

/** Names match, or one side does not know the name (a database-chosen or model-less name). */
function sameName(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b
}

function sameIndex(a: IndexSchema, b: IndexSchema, dialect: DialectFlags): boolean {
  return (a.name === b.name || (a.unique && Boolean(a.chosenName || b.chosenName))) && a.unique === b.unique
    && sameList(a.columns.map((column) => `${column.name} ${column.order ?? 'ASC'}`), b.columns.map((column) => `${column.name} ${column.order ?? 'ASC'}`))
    && (!dialect.partialIndexes || a.where === b.where)
    && (!dialect.indexMethods || a.using === b.using)
}

function sameUnique(a: UniqueConstraintSchema, b: UniqueConstraintSchema): boolean {
  return sameName(a.name, b.name) && sameList(a.columns, b.columns)
}

/** The same key on the same columns to the same place, whatever its actions. */
function sameForeignKeyTarget(a: ForeignKeySchema, b: ForeignKeySchema): boolean {
  return sameName(a.name, b.name) && sameList(a.columns, b.columns) && referencedKey(a) === referencedKey(b)
    && sameList(a.referencedColumns, b.referencedColumns)
}

function sameForeignKey(a: ForeignKeySchema, b: ForeignKeySchema): boolean {
  return sameForeignKeyTarget(a, b) && describeForeignKeyActions(a, b).length === 0
}

/** CreateTable operations, parents first; foreign keys that close a cycle are added afterwards. */
function orderCreates(tables: TableSchema[]): {createTables: CreateTableOp[]; addForeignKeys: AddForeignKeyOp[]} {
  const pending = new Map(tables.map((table) => [tableKey(table), table]))
  const createTables: CreateTableOp[] = []
  const addForeignKeys: AddForeignKeyOp[] = []
  while (pending.size > 0) {
    const waitsFor = (table: TableSchema, foreignKey: ForeignKeySchema) =>
      pending.has(referencedKey(foreignKey)) && referencedKey(foreignKey) !== tableKey(table)
    const ready = [...pending.values()].find((table) => !table.foreignKeys.some((foreignKey) => waitsFor(table, foreignKey)))
    // No table is ready: a cycle. Create the first one without the keys that point at later tables.
    const table = {...ready ?? pending.values().next().value!}
    for (const foreignKey of table.foreignKeys.filter((candidate) => waitsFor(table, candidate))) {
      addForeignKeys.push({kind: 'addForeignKey', table: table.name, ...schemaOf(table), foreignKey})
    }
    table.foreignKeys = table.foreignKeys.filter((candidate) => !waitsFor(table, candidate))
    pending.delete(tableKey(table))
    createTables.push({kind: 'createTable', table})
  }
  return {createTables, addForeignKeys}
}

/** DropTable operations, children first; foreign keys that close a cycle are dropped beforehand. */
function orderDrops(tables: TableSchema[]): {dropForeignKeys: DropForeignKeyOp[]; dropTables: DropTableOp[]} {
  const pending = new Map(tables.map((table) => [tableKey(table), {...table}]))
  const dropForeignKeys: DropForeignKeyOp[] = []
  const dropTables: DropTableOp[] = []
  const referrers = (key: string) => [...pending.values()].filter((other) =>
    tableKey(other) !== key && other.foreignKeys.some((foreignKey) => referencedKey(foreignKey) === key))
  while (pending.size > 0) {
    const free = [...pending.keys()].find((key) => referrers(key).length === 0)
    const key = free ?? pending.keys().next().value!
    for (const other of referrers(key)) {
      for (const foreignKey of other.foreignKeys.filter((candidate) => referencedKey(candidate) === key)) {
        dropForeignKeys.push({kind: 'dropForeignKey', table: other.name, ...schemaOf(other), foreignKey})
      }
      other.foreignKeys = other.foreignKeys.filter((candidate) => referencedKey(candidate) !== key)
    }
    dropTables.push({kind: 'dropTable', table: pending.get(key)!})
    pending.delete(key)
  }
  return {dropForeignKeys, dropTables}
}

/** Enum type operations: `before` runs first (create, add values, recreate), `after` last (drop). */
function diffEnums(from: SchemaDescription, to: SchemaDescription, compared: Map<string, TableSchema>): {before: Op[]; after: Op[]} {
  const before: Op[] = []
  const after: Op[] = []
  // A type still used by a table autogenerate does not look at must stay.
  const usedElsewhere = new Set<string>()
  for (const [key, table] of from.tables) {
    const seen = new Set(compared.get(key)?.columns.map((column) => column.name))
    for (const column of table.columns) {
      if (seen.has(column.name)) continue
      const type = column.type.element ?? column.type
      if (type.enumName !== undefined) usedElsewhere.add(type.enumName)
    }
  }
  const fromEnums = enumTypesOf(from)
  const toEnums = enumTypesOf(to)
  const keys = [...new Set([...fromEnums.keys(), ...toEnums.keys()])].sort(compareText)
  for (const key of keys) {
    const old = fromEnums.get(key)
    const wanted = toEnums.get(key)
    if (old === undefined) {
      before.push({kind: 'createEnumType', enum: wanted!})
    } else if (wanted === undefined) {
      if (!usedElsewhere.has(key)) after.push({kind: 'dropEnumType', enum: old})
    } else if (!sameSet(old.values, wanted.values)) {
      // Only a removed value rebuilds the type; the order of the values is not compared.
      const columns = enumColumns(from, key)
      if (old.values.every((value) => wanted.values.includes(value))) {
        // One ADD VALUE per new value, placed before the next value the type already has.
        let current = old
        for (const [position, value] of wanted.values.entries()) {
          if (current.values.includes(value)) continue
          const next = wanted.values.slice(position + 1).find((candidate) => current.values.includes(candidate))
          const values = [...current.values]
          values.splice(next === undefined ? values.length : values.indexOf(next), 0, value)
          before.push(enumChangeOp(current, values, columns))
          current = {...current, values}
        }
      } else {
        before.push(enumChangeOp(old, wanted.values, columns))
      }
    }
  }
  return {before, after}
}

/**
 * The enum types of a description: its `enums`, plus any type a column names that `enums` lacks
 * (so a filler that leaves `enums` empty cannot make compare drop a type in use).
 */
function enumTypesOf(description: SchemaDescription): Map<string, EnumTypeSchema> {
  const types = new Map(description.enums)
  for (const table of description.tables.values()) {
    for (const column of table.columns) {
      const type = column.type.element ?? column.type
      if (type.kind !== 'enum' || type.enumName === undefined || types.has(type.enumName)) continue
      const dot = type.enumName.indexOf('.')
      const name = dot < 0 ? {name: type.enumName} : {schema: type.enumName.slice(0, dot), name: type.enumName.slice(dot + 1)}
      types.set(type.enumName, {...name, values: [...(type.values ?? [])]})
    }
  }
  return types
}

/** Tables dropped on one side and added on the other with the same columns. */
function proposeTableRenames(dropped: TableSchema[], added: TableSchema[], differ: ColumnDiffer): ProposedRename[] {
  const sameShape = (a: TableSchema, b: TableSchema) => a.schema === b.schema && a.columns.length === b.columns.length
    && a.columns.every((column) => b.columns.some((other) => other.name === column.name && !differ.differs(column, other)))
  return oneToOne(dropped, added, sameShape).map(([old, renamed]) => ({
    table: tableKey(old),
    to: renamed.name,
    hint: `looks like a rename of table ${tableKey(old)} to ${tableKey(renamed)}: pass --rename ${tableKey(old)}=${renamed.name} to keep the data`,
  }))
}

/** Columns dropped and added in one table with the same definition. */
function proposeColumnRenames(db: TableSchema, model: TableSchema, differ: ColumnDiffer): ProposedRename[] {
  const modelNames = new Set(model.columns.map((column) => column.name))
  const dropped = db.columns.filter((column) => !modelNames.has(column.name))
  if (dropped.length === 0) return []
  const dbNames = new Set(db.columns.map((column) => column.name))
  const added = model.columns.filter((column) => !dbNames.has(column.name))
  const key = tableKey(model)
  return oneToOne(dropped, added, (a, b) => !differ.differs(a, {...b, name: a.name})).map(([old, renamed]) => ({
    table: key,
    column: old.name,
    to: renamed.name,
    hint: `looks like a rename of column ${key}.${old.name} to ${renamed.name}: pass --rename ${key}.${old.name}=${renamed.name} to keep the data`,
  }))
}

/** Pairs (a, b) where `a` matches only `b` and `b` matches only `a`. */
function oneToOne<T>(left: T[], right: T[], match: (a: T, b: T) => boolean): Array<[T, T]> {
  return left.flatMap((a): Array<[T, T]> => {
    const candidates = right.filter((b) => match(a, b))
    if (candidates.length !== 1) return []
    return left.filter((other) => match(other, candidates[0])).length === 1 ? [[a, candidates[0]]] : []
  })
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return sameList(sorted(a), sorted(b))
}

function schemaOf(table: {schema?: string}): {schema?: string} {
  return table.schema === undefined ? {} : {schema: table.schema}
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i])
}

function sorted(values: readonly string[]): string[] {
  return [...values].sort(compareText)
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
