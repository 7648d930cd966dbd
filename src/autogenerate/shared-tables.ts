/**
 * Several models on one table (a second model exposing a subset or a scope of a table): the table
 * autogenerate compares is the union of their columns, indexes and keys, provided they agree on
 * everything they both define.
 */
import {AutogenerateError} from '../errors'
import {canonicalJson} from '../schema/sql-text'
import {describeDefault, describeType, referencedKey} from './ops'
import {type ColumnSchema, type ForeignKeySchema, type TableSchema, tableKey} from '../schema/schema'

/** One model's table as `describeModels` built it. */
export interface ModelTable {
  /** The model's name in `sequelize.models`. */
  model: string
  table: TableSchema
  /** The attribute that maps to `column`, or `undefined` when the model has none. */
  attributeOf(column: string): string | undefined
}

/**
 * The table several models describe together: columns in the order the models define them (the
 * first model's first), the primary key, uniques, indexes and foreign keys of all of them.
 *
 * @example mergeModelTables([document, template]).columns // Document's columns, then Template's others
 * @throws AutogenerateError `MODELS_DISAGREE` when two models define a column, the primary key, an
 *   index or a column's foreign key differently; the message names the table, both models and the
 *   attribute, and says how to leave one model out (`autogenerate.excludeModels`).
 */
export function mergeModelTables(models: ModelTable[]): TableSchema {
  const merged = structuredClone(models[0].table)
  for (const [position, next] of models.entries()) {
    if (position === 0) continue
    const disagree = (what: string, mine: string, theirs: string, owner = models[0].model): never => {
      throw new AutogenerateError('MODELS_DISAGREE',
        `Models ${owner} and ${next.model} both map to table ${tableKey(merged)} but disagree on ${what}: ` +
        `${mine} in ${owner}, ${theirs} in ${next.model}; make them agree, or leave one model out of autogenerate ` +
        `with autogenerate: {excludeModels: ['${next.model}']}`)
    }
    for (const column of next.table.columns) {
      const known = merged.columns.find((candidate) => candidate.name === column.name)
      if (known === undefined) {
        merged.columns.push(structuredClone(column))
      } else if (columnKey(known) !== columnKey(column)) {
        const owner = ownerOfColumn(models.slice(0, position), column.name, next)
        disagree(owner.label, describeColumn(known), describeColumn(column), owner.model)
      } else {
        known.comment ??= column.comment
      }
    }
    const primaryKey = (table: TableSchema) => `(${(table.primaryKey?.columns ?? []).join(', ')})`
    if (merged.primaryKey === undefined) {
      if (next.table.primaryKey) merged.primaryKey = structuredClone(next.table.primaryKey)
    } else if (next.table.primaryKey && primaryKey(merged) !== primaryKey(next.table)) {
      disagree('the primary key', primaryKey(merged), primaryKey(next.table))
    }
    for (const index of next.table.indexes) {
      const known = merged.indexes.find((candidate) => candidate.name === index.name)
      if (known === undefined) merged.indexes.push(structuredClone(index))
      else if (canonicalJson(known) !== canonicalJson(index)) disagree(`index ${index.name}`, describeIndex(known), describeIndex(index))
    }
    for (const unique of next.table.uniqueConstraints) {
      if (!merged.uniqueConstraints.some((candidate) => canonicalJson(candidate) === canonicalJson(unique))) merged.uniqueConstraints.push(structuredClone(unique))
    }
    for (const foreignKey of next.table.foreignKeys) {
      const known = merged.foreignKeys.find((candidate) => candidate.columns.join() === foreignKey.columns.join())
      if (known === undefined) {
        merged.foreignKeys.push(structuredClone(foreignKey))
      } else if (canonicalJson(known) !== canonicalJson(foreignKey)) {
        const owner = ownerOfColumn(models.slice(0, position), foreignKey.columns[0], next)
        disagree(`the foreign key of ${owner.label}`, describeForeignKey(known), describeForeignKey(foreignKey), owner.model)
      }
    }
    merged.comment ??= next.table.comment
  }
  return merged
}

/**
 * The first model defining `column`, and how a message names the attribute: `attribute title`, or
 * `attributes Document.title and Template.heading (column title)`.
 */
function ownerOfColumn(models: ModelTable[], column: string, next: ModelTable): {model: string; label: string} {
  const owner = models.find((candidate) => candidate.attributeOf(column) !== undefined) ?? models[0]
  const mine = owner.attributeOf(column) ?? column
  const theirs = next.attributeOf(column) ?? column
  return {
    model: owner.model,
    label: mine === theirs ? `attribute ${mine}` : `attributes ${owner.model}.${mine} and ${next.model}.${theirs} (column ${column})`,
  }
}

/** What two definitions of a column must share; comments may be given by one model only. */
function columnKey(column: ColumnSchema): string {
  const {comment: _comment, type: {raw: _raw, ...type}, ...rest} = column
  return canonicalJson({...rest, type})
}

function describeColumn(column: ColumnSchema): string {
  return [
    describeType(column.type),
    column.nullable ? '' : 'NOT NULL',
    column.default === undefined ? '' : `DEFAULT ${describeDefault(column.default)}`,
    column.autoIncrement ? 'AUTO_INCREMENT' : '',
  ].filter(Boolean).join(' ')
}

function describeIndex(index: TableSchema['indexes'][number]): string {
  const columns = index.columns.map((column) => `${column.name}${column.order === 'DESC' ? ' DESC' : ''}`).join(', ')
  return `${index.unique ? 'UNIQUE ' : ''}(${columns})${index.using ? ` USING ${index.using}` : ''}${index.where ? ` WHERE ${index.where}` : ''}`
}

function describeForeignKey(foreignKey: ForeignKeySchema): string {
  const actions = [foreignKey.onDelete && `ON DELETE ${foreignKey.onDelete}`, foreignKey.onUpdate && `ON UPDATE ${foreignKey.onUpdate}`]
  return [`-> ${referencedKey(foreignKey)} (${foreignKey.referencedColumns.join(', ')})`, ...actions].filter(Boolean).join(' ')
}
