/**
 * Replays operations on a schema description without a database: what the database would look
 * like after a revision ran. Tests use it to check that compare's operations really lead from one
 * schema to the other; `db check` can use it to preview a revision.
 */
import {AutogenerateError} from '../errors'
import {EnumColumnRef, Op, referencedKey} from './ops'
import {enumValuesAfter, opTarget} from '../schema/ops'
import {ColumnType, ForeignKeySchema, SchemaDescription, TableSchema, tableKey} from '../schema/schema'

/**
 * The schema that results from running `ops` in order on `schema`. `schema` is left untouched.
 *
 * @throws AutogenerateError `OP_NOT_APPLICABLE` when an operation names a table, column, index,
 *   constraint or enum type that is missing (or, for a creation, already there).
 * @example applyOps(database, compareSchemas(database, models, dialect).ops) // equals models
 */
export function applyOps(schema: SchemaDescription, ops: readonly Op[]): SchemaDescription {
  const result: SchemaDescription = structuredClone(schema)
  for (const op of ops) applyOp(result, structuredClone(op))
  return result
}

function fail(op: Op, message: string): never {
  throw new AutogenerateError('OP_NOT_APPLICABLE', `cannot apply ${op.kind}: ${message}`)
}

function applyOp(schema: SchemaDescription, op: Op): void {
  const table = (name: string, tableSchema?: string): TableSchema => {
    const found = schema.tables.get(tableKey({name, schema: tableSchema}))
    return found ?? fail(op, `no table ${tableKey({name, schema: tableSchema})}`)
  }
  const removeFrom = <T>(list: T[], match: (item: T) => boolean, what: string): void => {
    const index = list.findIndex(match)
    if (index < 0) fail(op, `no ${what}`)
    list.splice(index, 1)
  }
  switch (op.kind) {
    case 'createTable': {
      const key = tableKey(op.table)
      if (schema.tables.has(key)) fail(op, `table ${key} exists`)
      schema.tables.set(key, op.table)
      return
    }
    case 'dropTable':
      if (!schema.tables.delete(tableKey(op.table))) fail(op, `no table ${tableKey(op.table)}`)
      return
    case 'renameTable': {
      const moved = table(op.from, op.schema)
      const key = tableKey({name: op.to, schema: op.schema})
      if (schema.tables.has(key)) fail(op, `table ${key} exists`)
      schema.tables.delete(tableKey(moved))
      moved.name = op.to
      schema.tables.set(key, moved)
      for (const other of schema.tables.values()) {
        for (const foreignKey of other.foreignKeys) {
          if (referencedKey(foreignKey) === tableKey({name: op.from, schema: op.schema})) foreignKey.referencedTable = op.to
        }
      }
      return
    }
    case 'addColumn': {
      const target = table(op.table, op.schema)
      if (target.columns.some((column) => column.name === op.column.name)) fail(op, `column ${op.column.name} exists`)
      target.columns.push(op.column)
      return
    }
    case 'dropColumn':
      removeFrom(table(op.table, op.schema).columns, (column) => column.name === op.column.name, `column ${op.column.name}`)
      return
    case 'alterColumn': {
      const columns = table(op.table, op.schema).columns
      const index = columns.findIndex((column) => column.name === op.from.name)
      if (index < 0) fail(op, `no column ${op.from.name}`)
      columns[index] = op.to
      return
    }
    case 'renameColumn':
      renameColumn(schema, table(op.table, op.schema), op.from, op.to)
      return
    case 'createIndex': {
      const target = table(op.table, op.schema)
      if (target.indexes.some((index) => index.name === op.index.name)) fail(op, `index ${op.index.name} exists`)
      target.indexes.push(op.index)
      return
    }
    case 'dropIndex':
      removeFrom(table(op.table, op.schema).indexes, (index) => index.name === op.index.name, `index ${op.index.name}`)
      return
    case 'addUniqueConstraint':
      table(op.table, op.schema).uniqueConstraints.push(op.constraint)
      return
    case 'dropUniqueConstraint':
      removeFrom(table(op.table, op.schema).uniqueConstraints,
        (unique) => unique.name === op.constraint.name && sameList(unique.columns, op.constraint.columns),
        `unique constraint (${op.constraint.columns.join(', ')})`)
      return
    case 'addForeignKey':
      table(op.table, op.schema).foreignKeys.push(op.foreignKey)
      return
    case 'dropForeignKey':
      removeFrom(table(op.table, op.schema).foreignKeys, (foreignKey) => sameForeignKey(foreignKey, op.foreignKey),
        `foreign key (${op.foreignKey.columns.join(', ')})`)
      return
    case 'alterForeignKey': {
      const keys = table(op.table, op.schema).foreignKeys
      const at = keys.findIndex((foreignKey) => sameForeignKey(foreignKey, op.from))
      if (at < 0) fail(op, `no foreign key (${op.from.columns.join(', ')})`)
      keys[at] = op.to
      return
    }
    case 'alterPrimaryKey': {
      const target = table(op.table, op.schema)
      if (op.to === undefined) delete target.primaryKey
      else target.primaryKey = op.to
      return
    }
    case 'setTableComment': {
      const target = table(op.table, op.schema)
      if (op.to === undefined) delete target.comment
      else target.comment = op.to
      return
    }
    case 'createEnumType': {
      const key = tableKey(op.enum)
      if (schema.enums.has(key)) fail(op, `enum type ${key} exists`)
      schema.enums.set(key, op.enum)
      return
    }
    case 'dropEnumType':
      if (!schema.enums.delete(tableKey(op.enum))) fail(op, `no enum type ${tableKey(op.enum)}`)
      return
    case 'addEnumValue': case 'recreateEnumType':
      setEnumValues(schema, opTarget(op), enumValuesAfter(op), op)
      return
  }
}

/** Renames a column everywhere the database would: its table's keys and indexes, and the foreign keys pointing at it. */
function renameColumn(schema: SchemaDescription, table: TableSchema, from: string, to: string): void {
  const column = table.columns.find((candidate) => candidate.name === from)
  if (column === undefined) throw new AutogenerateError('OP_NOT_APPLICABLE', `cannot apply renameColumn: no column ${tableKey(table)}.${from}`)
  if (table.columns.some((candidate) => candidate.name === to)) throw new AutogenerateError('OP_NOT_APPLICABLE', `cannot apply renameColumn: column ${tableKey(table)}.${to} exists`)
  column.name = to
  const rename = (name: string) => (name === from ? to : name)
  if (table.primaryKey) table.primaryKey.columns = table.primaryKey.columns.map(rename)
  for (const unique of table.uniqueConstraints) unique.columns = unique.columns.map(rename)
  for (const index of table.indexes) for (const indexColumn of index.columns) indexColumn.name = rename(indexColumn.name)
  for (const foreignKey of table.foreignKeys) foreignKey.columns = foreignKey.columns.map(rename)
  for (const other of schema.tables.values()) {
    for (const foreignKey of other.foreignKeys) {
      if (referencedKey(foreignKey) === tableKey(table)) foreignKey.referencedColumns = foreignKey.referencedColumns.map(rename)
    }
  }
}

/** Sets the values of an enum type and of every column type that names it. */
function setEnumValues(schema: SchemaDescription, key: string, values: string[], op: Op): void {
  const enumType = schema.enums.get(key)
  if (enumType === undefined) fail(op, `no enum type ${key}`)
  enumType.values = [...values]
  const update = (type: ColumnType | undefined): void => {
    if (type === undefined) return
    if (type.kind === 'enum' && type.enumName === key) type.values = [...values]
    update(type.element)
  }
  for (const table of schema.tables.values()) for (const column of table.columns) update(column.type)
}

/** The columns of `schema` whose type (or array element type) is the enum type `key`. */
export function enumColumns(schema: SchemaDescription, key: string): EnumColumnRef[] {
  const refs: EnumColumnRef[] = []
  for (const table of [...schema.tables.values()].sort((a, b) => compareText(tableKey(a), tableKey(b)))) {
    for (const column of table.columns) {
      const array = column.type.kind === 'array'
      const type = array ? column.type.element : column.type
      if (type?.kind !== 'enum' || type.enumName !== key) continue
      refs.push({
        table: table.name,
        ...(table.schema === undefined ? {} : {schema: table.schema}),
        column: column.name,
        array,
        ...(column.default === undefined ? {} : {default: column.default}),
        definition: column,
      })
    }
  }
  return refs
}

function sameForeignKey(a: ForeignKeySchema, b: ForeignKeySchema): boolean {
  return a.name === b.name && sameList(a.columns, b.columns) && referencedKey(a) === referencedKey(b)
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i])
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
