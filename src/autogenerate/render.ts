/**
 * Turns operations into the bodies of a revision's `up` and `down`: readable QueryInterface calls
 * that a reviewer can check line by line. Never touches a database.
 *
 * The code uses three names of the migration context: `queryInterface`, `sequelize` and
 * `DataTypes`. It never passes `transaction`: queries made through them join the revision's
 * transaction by themselves.
 */
import type {Dialect, OwnStatements, RenderKit} from '../dialects/dialect'
import {describeForeignKeyActions, EnumColumnRef, Op, ProposedRename, reverseOp} from './ops'
import {
  jsComment, jsKey, jsSql, jsString, renderDefault, renderType, sqlDefault, sqlName, sqlString, tableArgument,
} from './render-values'
import {portableForeignKeyName, portableUniqueName} from '../schema/naming'
import {enumValuesAfter, opTarget} from '../schema/ops'
import {ColumnSchema, ForeignKeySchema, IndexSchema, TableSchema, tableKey} from '../schema/schema'

/** Options of {@link renderOps}. */
export interface RenderOptions {
  /** The database the revision is generated on. */
  dialect: Dialect
  /**
   * Every database the revision must run on: where one needs statements of its own (its render
   * hook), the revision runs them there only, guarded by `sequelize.getDialect()`.
   * @default [dialect]
   */
  targets?: readonly Dialect[]
  /** Rename proposals from compare, written as comments above the matching drop in `up`. */
  proposedRenames?: ProposedRename[]
}

/** The context names the rendered code uses. */
export type ContextName = 'queryInterface' | 'sequelize' | 'DataTypes'

/** Rendered function bodies. */
export interface RenderedOps {
  /** Statements of `up`, each line indented by two spaces; empty when there are no operations. */
  up: string
  /** Statements of `down`: the reverse of every operation, last one first. */
  down: string
  /** Which context names each body uses, so the template destructures only those. */
  context: {up: ContextName[]; down: ContextName[]}
}

const INDENT = '  '
/** Longest one-line call before its options object is spread over several lines. */
const MAX_LINE = 100

/**
 * Renders `ops` as the bodies of `up` and `down`.
 *
 * @example
 * renderOps([{kind: 'addColumn', table: 'orders', column}], {dialect: postgres}).up
 * // "  await queryInterface.addColumn('orders', 'total', { type: DataTypes.DECIMAL(10, 2), allowNull: false })"
 */
export function renderOps(ops: readonly Op[], options: RenderOptions): RenderedOps {
  const {dialect} = options
  const targets = options.targets ?? [dialect]
  const proposals = options.proposedRenames ?? []
  const upBlocks = ops.map((op) => [...proposals.filter((proposal) => proposalTargets(proposal, op)).map((proposal) => jsComment(`NOTE: ${proposal.hint}`)), ...renderOp(op, {dialect, targets, ops})])
  const unplaced = proposals.filter((proposal) => !ops.some((op) => proposalTargets(proposal, op)))
  if (unplaced.length > 0) upBlocks.unshift(unplaced.map((proposal) => jsComment(`NOTE: ${proposal.hint}`)))
  const downOps = [...ops].reverse().map((op) => reverseOp(op, dialect))
  const downBlocks = downOps.map((op) => renderOp(op, {dialect, targets, ops: downOps, down: true}))
  const up = joinBlocks(upBlocks)
  const down = joinBlocks(downBlocks)
  return {up, down, context: {up: contextNames(up), down: contextNames(down)}}
}

function proposalTargets(proposal: ProposedRename, op: Op): boolean {
  if (proposal.column === undefined) return op.kind === 'dropTable' && tableKey(op.table) === proposal.table
  return op.kind === 'dropColumn' && tableKey({name: op.table, schema: op.schema}) === proposal.table && op.column.name === proposal.column
}

/** One statement per line; a blank line around every block longer than one line. */
function joinBlocks(blocks: string[][]): string {
  const lines: string[] = []
  blocks.forEach((block, i) => {
    if (i > 0 && (block.length > 1 || blocks[i - 1].length > 1)) lines.push('')
    lines.push(...block)
  })
  return lines.map((line) => (line === '' ? line : INDENT + line)).join('\n')
}

function contextNames(code: string): ContextName[] {
  const statements = code.split('\n').filter((line) => !line.trimStart().startsWith('//')).join('\n')
  return (['queryInterface', 'sequelize', 'DataTypes'] as const).filter((name) => new RegExp(`\\b${name}\\.`).test(statements))
}

/** Where an operation is rendered. */
export interface RenderContext {
  /** The database the revision is generated on. */
  dialect: Dialect
  /** Every database the revision must run on. */
  targets: readonly Dialect[]
  /** The list being rendered, in order. */
  ops: readonly Op[]
  /**
   * Rendering `down`: what it removes, `up` created, under the names `up` gave (rather than the
   * names the database reported).
   */
  down?: boolean
}

/** The lines (unindented) of one operation: its warnings as `// WARNING:` comments, then the calls. */
export function renderOp(op: Op, context: RenderContext): string[] {
  return [...(op.warnings ?? []).map((warning) => jsComment(`WARNING: ${warning}`)), ...withOwnStatements(op, context.ops, context.targets, renderStatements(op, context))]
}

/**
 * The portable statements of `op` with what each target database writes for it on its own (its
 * render hook), guarded by the database's name: `before` statements first, then one branch per
 * database that replaces the portable statements and the portable ones for the others, then
 * `after` statements.
 */
function withOwnStatements(op: Op, ops: readonly Op[], targets: readonly Dialect[], portable: string[]): string[] {
  // Dialects that write the same (MariaDB and MySQL) share one guard.
  const groups = new Map<string, {names: string[]; own: OwnStatements}>()
  for (const target of targets) {
    const own = target.renderOp?.(op, ops, renderKit(target))
    if (own === undefined) continue
    const key = JSON.stringify(own)
    const group = groups.get(key)
    if (group) group.names.push(target.name)
    else groups.set(key, {names: [target.name], own})
  }
  if (groups.size === 0) return portable
  const lines: string[] = []
  const branches: Array<{names: string[]; statements: string[]}> = []
  const after: string[] = []
  for (const {names, own} of groups.values()) {
    lines.push(...own.notes ?? [])
    if (own.before?.length) lines.push(...onlyOn(names, own.before))
    if (own.instead) branches.push({names, statements: own.instead})
    if (own.after?.length) after.push(...onlyOn(names, own.after))
  }
  if (branches.length === 0) return [...lines, ...portable, ...after]
  if (portable.length === 0) {
    return [...lines, ...branches.filter((branch) => branch.statements.length > 0).flatMap((branch) => onlyOn(branch.names, branch.statements)), ...after]
  }
  const chain = branches.flatMap((branch, i) => [`${i === 0 ? 'if' : '} else if'} (${isDialect(branch.names)}) {`, ...indent(branch.statements)])
  return [...lines, ...chain, '} else {', ...indent(portable), '}', ...after]
}

/** What a dialect's render hook builds its statements from. */
function renderKit(dialect: Dialect): RenderKit {
  return {
    query: (sql) => `await sequelize.query(${jsSql(sql)})`,
    comment: (text) => jsComment(text),
    sqlName: (name, schema) => sqlName(dialect, name, schema),
    sqlString: (value) => sqlString(dialect, value),
    sqlDefault: (value, type) => sqlDefault(dialect, value, type),
  }
}

/** The condition that the revision runs on one of the databases `names`. */
function isDialect(names: string[]): string {
  if (names.length === 1) return `sequelize.getDialect() === ${jsString(names[0])}`
  return `${stringArray(names)}.includes(sequelize.getDialect())`
}

/** Statements only the databases `names` run: the revision stays runnable on the others. */
function onlyOn(names: string[], statements: string[]): string[] {
  if (statements.length === 1) return [`if (${isDialect(names)}) ${statements[0]}`]
  return [`if (${isDialect(names)}) {`, ...indent(statements), '}']
}

function indent(lines: string[]): string[] {
  return lines.map((line) => (line === '' ? line : INDENT + line))
}

/** The portable statements of `op`: QueryInterface calls every database runs. */
function renderStatements(op: Op, context: RenderContext): string[] {
  const {dialect, targets} = context
  const qi = (method: string, ...args: string[]) => `await queryInterface.${method}(${args.join(', ')})`
  const query = (sql: string) => `await sequelize.query(${jsSql(sql)})`
  const on = (target: {table: string; schema?: string}) => tableArgument(target.table, target.schema)
  switch (op.kind) {
    case 'createTable': return renderCreateTable(op.table, dialect)
    case 'dropTable': {
      const target = tableArgument(op.table.name, op.table.schema)
      if (!op.table.columns.some((column) => (column.type.element ?? column.type).kind === 'enum')) return [qi('dropTable', target)]
      return [
        jsComment("{}: Sequelize's PostgreSQL dropTable reads its options when a model with ENUM columns uses the table"),
        qi('dropTable', target, '{}'),
      ]
    }
    case 'renameTable':
      // RENAME TO takes a bare name: the table stays in its schema.
      return [qi('renameTable', tableArgument(op.from, op.schema), jsString(op.to))]
    case 'addColumn': return [qi('addColumn', on(op), jsString(op.column.name), columnDefinition(op.column, dialect, {}))]
    case 'dropColumn': return [qi('removeColumn', on(op), jsString(op.column.name))]
    case 'alterColumn': {
      const to = withEnumValuesAfter(op.to, context.ops)
      const lines = [qi('changeColumn', on(op), jsString(op.to.name), columnDefinition(to, dialect, {change: true}))]
      // Where comments are separate statements, changeColumn without a comment keeps the old one.
      if (dialect.comments && dialect.tableCommentSyntax === 'comment-on' && op.from.comment !== undefined && op.to.comment === undefined) {
        lines.push(query(`COMMENT ON COLUMN ${sqlName(dialect, op.table, op.schema)}.${sqlName(dialect, op.to.name)} IS NULL`))
      }
      return lines
    }
    case 'renameColumn': return [qi('renameColumn', on(op), jsString(op.from), jsString(op.to))]
    case 'createIndex':
      if (op.index.chosenName) return call(`await queryInterface.addConstraint(${on(op)}, `, uniqueOptions(undefined, op.index.columns.map((column) => column.name)))
      return call(`await queryInterface.addIndex(${on(op)}, `, indexOptions(op.index, dialect))
    case 'dropIndex': {
      // A unique constraint where constraints are unique indexes (MariaDB): a constraint elsewhere.
      const columns = op.index.columns.map((column) => column.name)
      const constraint = op.index.unique && (op.index.chosenName || op.index.name === portableUniqueName(op.table, columns))
      return [constraint ? qi('removeConstraint', on(op), jsString(portableUniqueName(op.table, columns))) : qi('removeIndex', on(op), jsString(op.index.name))]
    }
    case 'addUniqueConstraint': return call(`await queryInterface.addConstraint(${on(op)}, `, uniqueOptions(op.constraint.name, op.constraint.columns))
    case 'dropUniqueConstraint':
      return [qi('removeConstraint', on(op), jsString(op.constraint.name ?? portableUniqueName(op.table, op.constraint.columns)))]
    case 'addForeignKey': {
      // The index sync() gets from InnoDB, under the same name; created first, the key uses it.
      const index = dialect.foreignKeyIndexes && op.foreignKey.index !== undefined
        ? onlyOn(foreignKeyIndexNames(targets), call(`await queryInterface.addIndex(${on(op)}, `, [['name', jsString(op.foreignKey.index)], ['fields', stringArray(op.foreignKey.columns)]]))
        : []
      return [...index, ...call(`await queryInterface.addConstraint(${on(op)}, `, foreignKeyOptions(op.table, op.foreignKey))]
    }
    case 'dropForeignKey': {
      const lines = removeForeignKey(op.table, op.schema, op.foreignKey, context.down)
      // InnoDB keeps the index it made for the key.
      if (dialect.foreignKeyIndexes && op.foreignKey.index !== undefined) lines.push(...onlyOn(foreignKeyIndexNames(targets), [qi('removeIndex', on(op), jsString(op.foreignKey.index))]))
      return lines
    }
    case 'alterForeignKey':
      // The index InnoDB made for the key stays and serves the new one.
      return [
        jsComment(describeForeignKeyActions(op.from, op.to).join(', ')),
        ...removeForeignKey(op.table, op.schema, op.from, context.down),
        ...call(`await queryInterface.addConstraint(${on(op)}, `, foreignKeyOptions(op.table, op.to)),
      ]
    case 'alterPrimaryKey': {
      const lines: string[] = []
      if (op.from) lines.push(qi('removeConstraint', on(op), jsString(op.from.name ?? dialect.primaryKeyName(op.table))))
      if (op.to) {
        // Named explicitly so that removing it later finds it under the database's usual name.
        const name = dialect.namedPrimaryKey ? jsString(op.to.name ?? dialect.primaryKeyName(op.table)) : undefined
        lines.push(...call(`await queryInterface.addConstraint(${on(op)}, `, [
          ['type', jsString('primary key')], ['name', name], ['fields', stringArray(op.to.columns)],
        ]))
      }
      return lines
    }
    case 'setTableComment': {
      const target = sqlName(dialect, op.table, op.schema)
      if (dialect.tableCommentSyntax === 'comment-on') return [query(`COMMENT ON TABLE ${target} IS ${op.to === undefined ? 'NULL' : sqlString(dialect, op.to)}`)]
      if (dialect.tableCommentSyntax === 'alter-table') return [query(`ALTER TABLE ${target} COMMENT = ${sqlString(dialect, op.to ?? '')}`)]
      return [jsComment(`table comments are not stored by this database: ${op.table}`)]
    }
    // A named type is created and dropped by the DataTypes.ENUM columns where Sequelize makes one.
    case 'createEnumType': case 'dropEnumType': return []
    // Where the values are part of the column type, each column using the type changes.
    case 'addEnumValue': case 'recreateEnumType': return enumColumnChanges(op.columns, enumValuesAfter(op), dialect)
  }
}

function renderCreateTable(table: TableSchema, dialect: Dialect): string[] {
  const target = tableArgument(table.name, table.schema)
  // createTable cannot name a primary key: one named otherwise than the database would name it
  // (a naming convention) is added right after the table, where the database keeps the name.
  const pkName = table.primaryKey?.name
  const namedPrimaryKey = dialect.primaryKeyNames && pkName !== undefined && pkName !== dialect.primaryKeyName(table.name)
  const primary = new Set(namedPrimaryKey ? [] : table.primaryKey?.columns ?? [])
  const lines = [`await queryInterface.createTable(${target}, {`]
  for (const column of table.columns) {
    lines.push(`${INDENT}${jsKey(column.name)}: ${columnDefinition(column, dialect, {primaryKey: primary.has(column.name)})},`)
  }
  lines.push(dialect.comments && table.comment !== undefined ? `}, { comment: ${jsString(table.comment)} })` : '})')
  if (namedPrimaryKey) {
    lines.push(...call(`await queryInterface.addConstraint(${target}, `, [
      ['type', jsString('primary key')], ['name', jsString(pkName)], ['fields', stringArray(table.primaryKey!.columns)],
    ]))
  }
  for (const unique of table.uniqueConstraints) lines.push(...call(`await queryInterface.addConstraint(${target}, `, uniqueOptions(unique.name, unique.columns)))
  // A unique index standing for an unnamed unique constraint (MariaDB) is a constraint on the
  // others: added as one, under the name addConstraint gives it everywhere.
  for (const index of table.indexes.filter((candidate) => candidate.chosenName)) {
    lines.push(...call(`await queryInterface.addConstraint(${target}, `, uniqueOptions(undefined, index.columns.map((column) => column.name))))
  }
  for (const index of table.indexes.filter((candidate) => !candidate.chosenName)) lines.push(...call(`await queryInterface.addIndex(${target}, `, indexOptions(index, dialect)))
  // Foreign keys follow the table, each under a name of its own: a key declared inline would get a
  // name each database chooses (posts_userId_fkey, posts_ibfk_1), which a later revision could
  // not drop everywhere.
  for (const foreignKey of table.foreignKeys) {
    lines.push(...call(`await queryInterface.addConstraint(${target}, `, foreignKeyOptions(table.name, foreignKey)))
  }
  return lines
}

/** The attribute object of a column for createTable, addColumn or changeColumn. */
function columnDefinition(column: ColumnSchema, dialect: Dialect, options: {primaryKey?: boolean; change?: boolean}): string {
  const autoIncrement = column.autoIncrement && (!options.change || dialect.autoIncrementInChangeColumn)
  return inlineObject([
    ['type', renderType(column.type, dialect)],
    ['allowNull', String(column.nullable)],
    ['defaultValue', column.default === undefined ? undefined : renderDefault(column.default, column.type, dialect)],
    ['primaryKey', options.primaryKey ? 'true' : undefined],
    ['autoIncrement', autoIncrement ? 'true' : undefined],
    ['comment', dialect.comments ? optionalString(column.comment) : undefined],
  ])
}

/** The options of a unique constraint's addConstraint; without a name, Sequelize's `<table>_<columns>_uk`. */
function uniqueOptions(name: string | undefined, columns: string[]): Entries {
  return [['type', jsString('unique')], ['name', optionalString(name)], ['fields', stringArray(columns)]]
}

function indexOptions(index: IndexSchema, dialect: Dialect): Entries {
  const fields = index.columns.map((column) =>
    column.order === undefined ? jsString(column.name) : inlineObject([['name', jsString(column.name)], ['order', jsString(column.order)]]))
  return [
    ['name', jsString(index.name)],
    ['fields', `[${fields.join(', ')}]`],
    ['unique', index.unique ? 'true' : undefined],
    ['where', dialect.partialIndexes && index.where !== undefined ? `sequelize.literal(${jsString(index.where)})` : undefined],
    ['using', dialect.indexMethods ? optionalString(index.using) : undefined],
  ]
}

function foreignKeyOptions(table: string, foreignKey: ForeignKeySchema): Entries {
  const target = tableArgument(foreignKey.referencedTable, foreignKey.referencedSchema)
  const columns = foreignKey.referencedColumns
  return [
    ['type', jsString('foreign key')],
    ['name', jsString(foreignKeyName(table, foreignKey))],
    ['fields', stringArray(foreignKey.columns)],
    ['references', columns.length === 1
      ? inlineObject([['table', target], ['field', jsString(columns[0])]])
      : inlineObject([['table', target], ['fields', stringArray(columns)]])],
    ['onDelete', optionalString(foreignKey.onDelete)],
    ['onUpdate', optionalString(foreignKey.onUpdate)],
  ]
}

/**
 * The name a revision gives a foreign key: its own (a naming convention), or the one Sequelize's
 * addConstraint gives by default, the same on every database.
 */
function foreignKeyName(table: string, foreignKey: ForeignKeySchema): string {
  return foreignKey.name ?? portableForeignKeyName(table, foreignKey.columns, foreignKey.referencedTable)
}


/**
 * Statements that remove a foreign key. A key `up` created, or one under the portable name, is
 * removed by its name; one the database named itself (`posts_userId_fkey`, `posts_ibfk_1`, or no name on SQLite) has another
 * name on each database, so the revision looks it up by its columns where it runs.
 */
function removeForeignKey(table: string, schema: string | undefined, foreignKey: ForeignKeySchema, createdByUp = false): string[] {
  const portable = portableForeignKeyName(table, foreignKey.columns, foreignKey.referencedTable)
  const target = tableArgument(table, schema)
  if (createdByUp || foreignKey.name === portable) return [`await queryInterface.removeConstraint(${target}, ${jsString(foreignKeyName(table, foreignKey))})`]
  const chosen = foreignKey.name === undefined ? 'The database did not say how it named this key' : `${foreignKey.name} is the name the database chose`
  const found = `(row) => row.columnName === ${jsString(foreignKey.columns[0])} && row.referencedTableName === ${jsString(foreignKey.referencedTable)}`
  return [
    '{',
    INDENT + jsComment(`${chosen}: look the key up by its columns where the revision runs`),
    `${INDENT}const key = Object.values(await queryInterface.getForeignKeyReferencesForTable(${target})).find(${found})`,
    `${INDENT}await queryInterface.removeConstraint(${target}, key?.constraintName ?? ${jsString(portable)})`,
    '}',
  ]
}

/** The databases of `targets` that keep an index for each foreign key (InnoDB). */
function foreignKeyIndexNames(targets: readonly Dialect[]): string[] {
  return targets.filter((target) => target.foreignKeyIndexes).map((target) => target.name)
}

/**
 * `column` with the values its named enum type has once `ops` changed the type: where the values
 * are part of the column type (MariaDB), changeColumn must not set the old ones back.
 */
function withEnumValuesAfter(column: ColumnSchema, ops: readonly Op[]): ColumnSchema {
  const type = column.type.element ?? column.type
  if (type.kind !== 'enum' || type.enumName === undefined) return column
  let values: string[] | undefined
  for (const op of ops) {
    if ((op.kind === 'addEnumValue' || op.kind === 'recreateEnumType') && opTarget(op) === type.enumName) values = enumValuesAfter(op)
  }
  if (values === undefined) return column
  const changed = {...type, values}
  return {...column, type: column.type.element ? {...column.type, element: changed} : changed}
}

/** changeColumn calls that give each column using an enum type the type's new `values`. */
function enumColumnChanges(columns: EnumColumnRef[], values: string[], dialect: Dialect): string[] {
  return columns.filter((ref) => !ref.array && ref.definition !== undefined).map((ref) => {
    const column = {...ref.definition!, type: {kind: 'enum' as const, values}}
    return `await queryInterface.changeColumn(${tableArgument(ref.table, ref.schema)}, ${jsString(ref.column)}, ${columnDefinition(column, dialect, {change: true})})`
  })
}

type Entries = Array<[string, string | undefined]>

/** `{ a: 1, b: 2 }`, skipping entries whose value is `undefined`. */
function inlineObject(entries: Entries): string {
  const given = entries.filter(([, value]) => value !== undefined)
  return given.length === 0 ? '{}' : `{ ${given.map(([key, value]) => `${jsKey(key)}: ${value}`).join(', ')} }`
}

/** `prefix{ ... })` on one line when it fits, else with one option per line. */
function call(prefix: string, entries: Entries): string[] {
  const oneLine = `${prefix}${inlineObject(entries)})`
  if (INDENT.length + oneLine.length <= MAX_LINE) return [oneLine]
  return [`${prefix}{`, ...entries.filter(([, value]) => value !== undefined).map(([key, value]) => `${INDENT}${jsKey(key)}: ${value},`), '})']
}

function optionalString(value: string | undefined): string | undefined {
  return value === undefined ? undefined : jsString(value)
}

function stringArray(values: string[]): string {
  return `[${values.map(jsString).join(', ')}]`
}
