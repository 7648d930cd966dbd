/**
 * The edits `rebuild.ts` makes to a parsed `CREATE TABLE` before rebuilding the table: remove a
 * column, replace a column's definition, add or remove a constraint. Pure: no database.
 */
import {portableForeignKeyName, portableUniqueName} from '../../schema/naming'
import {
  type ClauseKind, type ColumnClause, type ColumnItem, type ConstraintItem, columnText, parseTableItem, sameName,
  type TableDefinition,
} from './table-definition'

/**
 * The definition without `column`, and without the table constraints that involve it (as
 * PostgreSQL drops them with the column); undefined when the table has no such column.
 *
 * @example withoutColumn(parseCreateTable('CREATE TABLE t (a, b, UNIQUE (a, b))'), 'b') // t (a)
 */
export function withoutColumn(definition: TableDefinition, column: string): TableDefinition | undefined {
  if (!definition.items.some((item) => item.kind === 'column' && sameName(item.name, column))) return undefined
  const items = definition.items.filter((item) => item.kind === 'column'
    ? !sameName(item.name, column)
    : !item.columns.some((name) => sameName(name, column)))
  return {...definition, items}
}

/** Clauses in the order Sequelize's `attributesToSQL` writes them; the others follow as they were. */
const SEQUELIZE_ORDER: ClauseKind[] = ['NOT NULL', 'NULL', 'DEFAULT', 'UNIQUE', 'PRIMARY KEY', 'REFERENCES']

/**
 * The definition of a column after `changeColumn`: type, nullability and default come from
 * `fresh` (what Sequelize renders for the new attribute); primary key, UNIQUE and REFERENCES come
 * from `fresh` only when the attribute declares them (`replaced`), else stay as they were, like
 * `changeColumn` on PostgreSQL and MySQL leaves the column's constraints alone. CHECK, COLLATE and
 * generated-column clauses always stay.
 */
export function mergeColumn(old: ColumnItem, fresh: ColumnItem, replaced: ReadonlySet<ClauseKind>): ColumnItem {
  const always = new Set<ClauseKind>(['NOT NULL', 'NULL', 'DEFAULT'])
  const fromFresh = (clause: ColumnClause) => always.has(clause.kind) || replaced.has(clause.kind)
  const chosen = [...fresh.clauses.filter(fromFresh), ...old.clauses.filter((clause) => !fromFresh(clause))]
  let clauses = [
    ...SEQUELIZE_ORDER.flatMap((kind) => chosen.filter((clause) => clause.kind === kind)),
    ...chosen.filter((clause) => !SEQUELIZE_ORDER.includes(clause.kind)),
  ]
  let type = fresh.type
  if (clauses.some((clause) => clause.kind === 'PRIMARY KEY') && type.includes('INT')) {
    // What Sequelize's createTable (so sync()) writes for an integer primary key: the rowid alias,
    // the only column type AUTOINCREMENT accepts.
    type = 'INTEGER'
    clauses = clauses.filter((clause) => !['NOT NULL', 'NULL', 'DEFAULT', 'UNIQUE'].includes(clause.kind))
  }
  return {...old, type, clauses, text: columnText(old.quotedName, type, clauses)}
}

/**
 * The definition with `column` replaced by `replacement`; undefined when there is no such column.
 */
export function withColumn(definition: TableDefinition, column: string, replacement: (old: ColumnItem) => ColumnItem): TableDefinition | undefined {
  const index = definition.items.findIndex((item) => item.kind === 'column' && sameName(item.name, column))
  if (index < 0) return undefined
  const items = [...definition.items]
  items[index] = replacement(items[index] as ColumnItem)
  return {...definition, items}
}

/**
 * The definition with one more table constraint, given as SQL
 * (`CONSTRAINT "u" UNIQUE ("a", "b")`), after the last item.
 */
export function withConstraint(definition: TableDefinition, sql: string): TableDefinition {
  return {...definition, items: [...definition.items, parseTableItem(sql)]}
}

/**
 * The names `removeConstraint` finds a constraint of `table` by: its own name, or for an unnamed
 * one the name Sequelize's `addConstraint` would have given it (`<table>_<columns>_uk`,
 * `_<parent>_fk`, `_pk`) and, for a primary key, `<table>_pkey` as autogenerate writes it.
 */
function namesOf(table: string, kind: ConstraintItem['type'] | ClauseKind, name: string | undefined, columns: string[], parent?: string): string[] {
  if (name !== undefined) return [name]
  switch (kind) {
    case 'UNIQUE': return [portableUniqueName(table, columns)]
    case 'PRIMARY KEY': return [`${table}_${columns.join('_')}_pk`, `${table}_pkey`]
    case 'FOREIGN KEY': case 'REFERENCES': return parent === undefined ? [] : [portableForeignKeyName(table, columns, parent)]
    default: return []
  }
}

const CONSTRAINT_CLAUSES = new Set<ClauseKind>(['PRIMARY KEY', 'UNIQUE', 'CHECK', 'REFERENCES'])

/**
 * The names of the constraints of `table` that {@link withoutConstraint} can remove, for messages.
 */
export function constraintNames(definition: TableDefinition, table: string): string[] {
  return definition.items.flatMap((item) => item.kind === 'constraint'
    ? namesOf(table, item.type, item.name, item.columns, item.referencedTable).slice(0, 1)
    : item.clauses.filter((clause) => CONSTRAINT_CLAUSES.has(clause.kind))
      .flatMap((clause) => namesOf(table, clause.kind, clause.name, [item.name], clause.referencedTable).slice(0, 1)))
}

/**
 * The foreign keys of `table` with the names `removeConstraint` finds them by: the key's own
 * (`own`), or for an unnamed one the name Sequelize's `addConstraint` would have given it.
 */
export function foreignKeyNames(definition: TableDefinition, table: string): Array<{name: string; own: boolean; columns: string[]; referencedTable: string}> {
  return definition.items.flatMap((item) => {
    if (item.kind === 'constraint') {
      if (item.type !== 'FOREIGN KEY' || item.referencedTable === undefined) return []
      return [{name: namesOf(table, item.type, item.name, item.columns, item.referencedTable)[0], own: item.name !== undefined, columns: item.columns, referencedTable: item.referencedTable}]
    }
    return item.clauses.filter((clause) => clause.kind === 'REFERENCES' && clause.referencedTable !== undefined).map((clause) => ({
      name: namesOf(table, clause.kind, clause.name, [item.name], clause.referencedTable)[0],
      own: clause.name !== undefined,
      columns: [item.name],
      referencedTable: clause.referencedTable!,
    }))
  })
}

/**
 * The definition without the constraint called `name` (a table constraint, or a constraint of a
 * column definition); undefined when there is none. Named constraints are looked for first.
 *
 * @example withoutConstraint(parseCreateTable('CREATE TABLE t (a, b, UNIQUE (a, b))'), 't', 't_a_b_uk') // t (a, b)
 */
export function withoutConstraint(definition: TableDefinition, table: string, name: string): TableDefinition | undefined {
  for (const named of [true, false]) {
    for (const [index, item] of definition.items.entries()) {
      if (item.kind === 'constraint') {
        if ((item.name !== undefined) !== named) continue
        if (!namesOf(table, item.type, item.name, item.columns, item.referencedTable).some((candidate) => sameName(candidate, name))) continue
        return {...definition, items: definition.items.filter((_, at) => at !== index)}
      }
      const clause = item.clauses.find((candidate) => CONSTRAINT_CLAUSES.has(candidate.kind) && (candidate.name !== undefined) === named &&
        namesOf(table, candidate.kind, candidate.name, [item.name], candidate.referencedTable).some((candidateName) => sameName(candidateName, name)))
      if (!clause) continue
      const clauses = item.clauses.filter((candidate) => candidate !== clause)
      const items = [...definition.items]
      items[index] = {...item, clauses, text: columnText(item.quotedName, item.type, clauses)}
      return {...definition, items}
    }
  }
  return undefined
}
