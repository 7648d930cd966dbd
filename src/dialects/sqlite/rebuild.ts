/**
 * The QueryInterface SQLite revisions receive. SQLite cannot ALTER most of a table, and Sequelize 6
 * rebuilds the table from `describeTable` instead, losing its indexes, turning a composite UNIQUE
 * into one per column and forgetting ON DELETE/ON UPDATE. Here `removeColumn`, `changeColumn`,
 * `addConstraint` and `removeConstraint` follow SQLite's own procedure
 * (https://www.sqlite.org/lang_altertable.html#otheralter): edit the stored `CREATE TABLE`, create
 * the new table under a temporary name, copy the rows, drop the old table, rename the new one,
 * recreate the indexes and triggers. `renameColumn` uses the native `RENAME COLUMN`, which also
 * renames the column inside indexes, triggers, views and other tables' foreign keys.
 */
import {type QueryInterface, type QueryOptions as SequelizeQueryOptions, QueryTypes, type Sequelize} from 'sequelize'

import {MigrateError} from '../../errors'
import {
  type ClauseKind, type ColumnItem, columnsOf, indexMentions, parseColumn, parseCreateTable, quoteName, renderCreateTable, sameName,
  type TableDefinition, UnparsableSqlError,
} from './table-definition'
import {constraintNames, foreignKeyNames, mergeColumn, withColumn, withConstraint, withoutColumn, withoutConstraint} from './table-edits'

/** A table as the QueryInterface methods accept it. */
type TableName = string | {tableName: string; schema?: string; delimiter?: string}

/** The options of the QueryInterface methods that matter to the queries run. */
type QueryOptions = Pick<SequelizeQueryOptions, 'transaction' | 'logging' | 'benchmark'>

/** The parts of Sequelize's SQLite query generator and QueryInterface used here (untyped in 6). */
interface QueryGenerator {
  attributesToSQL(attributes: Record<string, unknown>, options?: object): Record<string, string>
  replaceBooleanDefaults(sql: string): string
  getConstraintSnippet(table: string, options: object): string
  quoteIdentifier(name: string): string
}
interface QueryInterfaceInternals {
  sequelize: Sequelize
  queryGenerator: QueryGenerator
  normalizeAttribute(spec: unknown): Record<string, unknown>
}

interface StoredTable {
  name: string
  definition: TableDefinition
  indexes: string[]
  triggers: string[]
}

/** What a rebuild makes of the stored table. */
interface TableChange {
  definition: TableDefinition
  /** Whether an index of the old table is created again (default: all are). */
  keepIndex?: (sql: string) => boolean
}

/** Sequelize's SQLite flattens `{schema, tableName}` into one name, `schema.tableName`. */
function tableNameOf(table: TableName): string {
  if (typeof table === 'string') return table
  return table.schema ? `${table.schema}${table.delimiter ?? '.'}${table.tableName}` : table.tableName
}

/** Runs SQL on the revision's transaction (Sequelize finds it in the CLS context) or the caller's. */
class Session {
  constructor(readonly sequelize: Sequelize, private readonly options: QueryOptions = {}) {}

  async run(sql: string, replacements: unknown[] = []): Promise<void> {
    await this.sequelize.query(sql, {...this.pass(), type: QueryTypes.RAW, raw: true, replacements})
  }

  select<T extends object>(sql: string, replacements: unknown[] = []): Promise<T[]> {
    return this.sequelize.query<T>(sql, {...this.pass(), type: QueryTypes.SELECT, replacements})
  }

  private pass(): QueryOptions {
    const {transaction, logging, benchmark} = this.options
    return {
      ...(transaction === undefined ? {} : {transaction}),
      ...(logging === undefined ? {} : {logging}),
      ...(benchmark === undefined ? {} : {benchmark}),
    }
  }
}

async function readTable(session: Session, table: string): Promise<StoredTable> {
  const rows = await session.select<{type: string; name: string; sql: string}>(
    'SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? COLLATE NOCASE AND sql IS NOT NULL ORDER BY rowid', [table])
  const stored = rows.find((row) => row.type === 'table')
  if (!stored) throw new MigrateError('UNKNOWN_TABLE', `SQLite has no table ${table}; check the table name in the revision`)
  let definition: TableDefinition
  try {
    definition = parseCreateTable(stored.sql)
  } catch (error) {
    if (!(error instanceof UnparsableSqlError)) throw error
    throw new MigrateError('UNPARSABLE_TABLE', `Cannot rebuild ${table}: its CREATE TABLE is not one sequelize-migrate can edit (${error.message}); write the rebuild with sequelize.query in the revision`, {cause: error})
  }
  return {
    name: stored.name,
    definition,
    indexes: rows.filter((row) => row.type === 'index').map((row) => row.sql),
    triggers: rows.filter((row) => row.type === 'trigger').map((row) => row.sql),
  }
}

async function checkForeignKeys(session: Session): Promise<void> {
  const violations = await session.select<{table: string; rowid: number; parent: string}>('PRAGMA foreign_key_check')
  if (violations.length === 0) return
  const shown = violations.slice(0, 3).map((v) => `${v.table} row ${v.rowid} -> ${v.parent}`).join(', ')
  throw new MigrateError('FOREIGN_KEY_VIOLATION', `${violations.length} row(s) would violate foreign keys (${shown}${violations.length > 3 ? ', ...' : ''}); fix the data first`)
}

/**
 * Runs `fn` with foreign keys not enforced, inside a savepoint so that a failed rebuild leaves the
 * table as it was. The migration runtime has switched enforcement off for the revision's
 * transaction already; elsewhere (a revision with `transactional = false`, or a direct call)
 * enforcement is switched off around the savepoint and the keys are checked before it is released.
 */
async function withoutForeignKeys<T>(session: Session, table: string, fn: () => Promise<T>): Promise<T> {
  const enforced = async () => (await session.select<{foreign_keys: number}>('PRAGMA foreign_keys'))[0]?.foreign_keys === 1
  let switched = false
  if (await enforced()) {
    // A no-op inside a transaction: SQLite reads the pragma only between transactions.
    await session.run('PRAGMA foreign_keys = OFF')
    if (await enforced()) {
      throw new MigrateError('FOREIGN_KEYS_ENFORCED', `Cannot rebuild ${table}: foreign keys are enforced in the current transaction, so dropping the old table would delete or block the rows of its child tables; run the revision through sequelize-migrate, which switches enforcement off for it, or run PRAGMA foreign_keys = OFF before the transaction begins`)
    }
    switched = true
  }
  try {
    await session.run('SAVEPOINT sm_rebuild')
    try {
      const result = await fn()
      if (switched) await checkForeignKeys(session)
      await session.run('RELEASE sm_rebuild')
      return result
    } catch (error) {
      await session.run('ROLLBACK TO sm_rebuild').catch(() => {})
      await session.run('RELEASE sm_rebuild').catch(() => {})
      throw error
    }
  } finally {
    if (switched) await session.run('PRAGMA foreign_keys = ON')
  }
}

/**
 * Rebuilds `table` with the definition `change` makes of it: rows, indexes (those `keepIndex`
 * keeps), triggers and the AUTOINCREMENT counter survive; child tables are left untouched.
 */
async function rebuildTable(session: Session, table: string, change: (stored: StoredTable) => TableChange): Promise<void> {
  await withoutForeignKeys(session, table, async () => {
    const stored = await readTable(session, table)
    const {definition, keepIndex = () => true} = change(stored)
    const name = quoteName(stored.name)
    const temporary = quoteName(`${stored.name}__sm_new`)
    await session.run(renderCreateTable(`${stored.name}__sm_new`, definition))

    // Generated columns compute themselves; every other column kept by the change is copied.
    const stays = (columns: ColumnItem[]) => columns.filter((column) => !column.clauses.some((clause) => clause.kind === 'GENERATED'))
    const target = stays(columnsOf(definition))
    const copied = stays(columnsOf(stored.definition)).filter((column) => target.some((kept) => sameName(kept.name, column.name)))
    const columnList = copied.map((column) => quoteName(column.name)).join(', ')
    if (copied.length > 0) await session.run(`INSERT INTO ${temporary} (${columnList}) SELECT ${columnList} FROM ${name}`)

    // DROP TABLE forgets the AUTOINCREMENT counter, and the copy only restores it up to the highest
    // id left: carry it over to the new table's row, which RENAME TO then renames. Plain SQL, no
    // read of the counter, so that an offline script (--sql) does the same.
    if (/\bAUTOINCREMENT\b/i.test(renderCreateTable(stored.name, definition))) {
      const counter = "(SELECT seq FROM sqlite_sequence WHERE name = ?)"
      await session.run(`UPDATE sqlite_sequence SET seq = ${counter} WHERE name = ? AND seq < ${counter}`, [stored.name, `${stored.name}__sm_new`, stored.name])
      await session.run('INSERT INTO sqlite_sequence (name, seq) SELECT ?, seq FROM sqlite_sequence WHERE name = ? AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)',
        [`${stored.name}__sm_new`, stored.name, `${stored.name}__sm_new`])
    }
    await session.run(`DROP TABLE ${name}`)
    // With legacy_alter_table off, RENAME TO re-reads every view and trigger of the schema and
    // fails on a view of the table just dropped; nothing refers to the temporary name anyway.
    const [{legacy_alter_table: legacy}] = await session.select<{legacy_alter_table: number}>('PRAGMA legacy_alter_table')
    await session.run('PRAGMA legacy_alter_table = ON')
    try {
      await session.run(`ALTER TABLE ${temporary} RENAME TO ${name}`)
    } finally {
      await session.run(`PRAGMA legacy_alter_table = ${legacy ? 'ON' : 'OFF'}`)
    }
    for (const sql of stored.indexes.filter((sql) => keepIndex(sql))) await session.run(sql)
    for (const sql of stored.triggers) await session.run(sql)
  })
}

function unknownColumn(table: string, column: string, definition: TableDefinition): MigrateError {
  const columns = columnsOf(definition).map((item) => item.name).join(', ')
  return new MigrateError('UNKNOWN_COLUMN', `Table ${table} has no column ${column} (its columns: ${columns}); check the column name in the revision`)
}

const versions = new WeakMap<Sequelize, Promise<number[]>>()

async function requireSqlite(session: Session, minimum: [number, number, number], feature: string): Promise<void> {
  let version = versions.get(session.sequelize)
  if (!version) {
    version = session.select<{version: string}>('SELECT sqlite_version() AS version').then(([row]) => row.version.split('.').map(Number))
    versions.set(session.sequelize, version)
  }
  const actual = await version
  for (let i = 0; i < 3; i++) {
    if ((actual[i] ?? 0) > minimum[i]) return
    if ((actual[i] ?? 0) < minimum[i]) {
      throw new MigrateError('SQLITE_TOO_OLD', `${feature} needs SQLite ${minimum.join('.')} or later, but the sqlite3 driver has ${actual.join('.')}; upgrade the sqlite3 package`)
    }
  }
}

/** The methods that replace Sequelize's SQLite ones. */
function rebuildingMethods(queryInterface: QueryInterface): Partial<QueryInterface> {
  const internals = queryInterface as unknown as QueryInterfaceInternals
  const generator = internals.queryGenerator
  const session = (options?: QueryOptions) => new Session(internals.sequelize, options)
  const original = {getForeignKeyReferencesForTable: queryInterface.getForeignKeyReferencesForTable.bind(queryInterface)}

  return {
    async removeColumn(tableName: TableName, column: string, options?: QueryOptions) {
      const table = tableNameOf(tableName)
      // Always a rebuild: DROP COLUMN refuses a column that any index or constraint uses.
      await rebuildTable(session(options), table, (stored) => ({
        definition: withoutColumn(stored.definition, column) ?? throwError(unknownColumn(table, column, stored.definition)),
        keepIndex: (sql) => !indexMentions(sql, column),
      }))
    },

    async changeColumn(tableName: TableName, column: string, dataTypeOrOptions: unknown, options?: QueryOptions) {
      const table = tableNameOf(tableName)
      // normalizeAttribute writes into a plain attribute object: give it a copy of the caller's.
      const plain = typeof dataTypeOrOptions === 'object' && dataTypeOrOptions !== null && Object.getPrototypeOf(dataTypeOrOptions) === Object.prototype
      const given = plain ? {...dataTypeOrOptions} : dataTypeOrOptions
      const attribute = internals.normalizeAttribute(given)
      const declared = (key: string) => attribute[key] !== undefined
      const replaced = new Set<ClauseKind>([
        ...(declared('primaryKey') ? ['PRIMARY KEY' as const] : []),
        ...(declared('unique') ? ['UNIQUE' as const] : []),
        ...(declared('references') ? ['REFERENCES' as const] : []),
      ])
      const [sql] = Object.values(generator.attributesToSQL({[column]: attribute}, {context: 'changeColumn', table}))
      // attributesToSQL writes UNIQUE only for `unique: true`; sync() makes a named one a UNIQUE too.
      const unique = attribute.unique && attribute.unique !== true ? ' UNIQUE' : ''
      const fresh = parseColumn(`${generator.quoteIdentifier(column)} ${generator.replaceBooleanDefaults(sql)}${unique}`)
      await rebuildTable(session(options), table, (stored) => ({
        definition: withColumn(stored.definition, column, (old) => mergeColumn(old, fresh, replaced)) ?? throwError(unknownColumn(table, column, stored.definition)),
      }))
    },

    async renameColumn(tableName: TableName, from: string, to: string, options?: QueryOptions) {
      const run = session(options)
      await requireSqlite(run, [3, 25, 0], 'renameColumn')
      await run.run(`ALTER TABLE ${quoteName(tableNameOf(tableName))} RENAME COLUMN ${quoteName(from)} TO ${quoteName(to)}`)
    },

    async addConstraint(tableName: TableName, options: {fields?: unknown[]; type?: string} & QueryOptions) {
      // The checks and messages of Sequelize's own addConstraint.
      if (!options?.fields) throw new Error('Fields must be specified through options.fields')
      if (!options.type) throw new Error('Constraint type must be specified through options.type')
      const table = tableNameOf(tableName)
      const snippet = generator.getConstraintSnippet(table, {...options})
      await rebuildTable(session(options), table, (stored) => ({definition: withConstraint(stored.definition, snippet)}))
    },

    // Sequelize's rows carry no constraint name here: each gets the one removeConstraint finds it by,
    // so that a revision can look a key up by its columns on every database.
    async getForeignKeyReferencesForTable(tableName: TableName, options?: QueryOptions) {
      const rows = await original.getForeignKeyReferencesForTable(tableName, options) as unknown as Array<{columnName: string; referencedTableName: string}>
      const stored = await readTable(session(options), tableNameOf(tableName))
      const keys = foreignKeyNames(stored.definition, stored.name)
      return rows.map((row) => {
        const key = keys.find((candidate) => candidate.columns.some((column) => sameName(column, row.columnName)) && sameName(candidate.referencedTable, row.referencedTableName))
        return key === undefined ? row : {...row, constraintName: key.name}
      })
    },

    async removeConstraint(tableName: TableName, name: string, options?: QueryOptions) {
      const table = tableNameOf(tableName)
      await rebuildTable(session(options), table, (stored) => ({
        definition: withoutConstraint(stored.definition, stored.name, name) ?? throwError(new MigrateError(
          'UNKNOWN_CONSTRAINT',
          `Table ${table} has no constraint ${name} (it has: ${constraintNames(stored.definition, stored.name).join(', ') || 'none'}); an index is removed with removeIndex`,
        )),
      }))
    },
  } as Partial<QueryInterface>
}

function throwError(error: Error): never {
  throw error
}

/**
 * Wraps Sequelize's SQLite QueryInterface so that `removeColumn`, `changeColumn`, `renameColumn`,
 * `addConstraint` and `removeConstraint` keep the table's rows, indexes, UNIQUE constraints
 * (composite ones stay composite, named ones keep their names), foreign keys with their actions,
 * primary key, AUTOINCREMENT counter, defaults and triggers, and never cascade deletes into child
 * tables. Every other method is the original's. The methods take Sequelize's arguments.
 *
 * @example
 * const queryInterface = safeQueryInterface(sequelize.getQueryInterface())
 * await queryInterface.changeColumn('authors', 'name', {type: DataTypes.STRING(500), allowNull: false})
 * @throws {MigrateError} `UNKNOWN_TABLE`, `UNKNOWN_COLUMN`, `UNKNOWN_CONSTRAINT`;
 * `FOREIGN_KEYS_ENFORCED` when called inside a transaction that enforces foreign keys;
 * `FOREIGN_KEY_VIOLATION` when, outside a transaction, the rebuilt table breaks a foreign key.
 */
export function safeQueryInterface(queryInterface: QueryInterface): QueryInterface {
  const methods = rebuildingMethods(queryInterface) as Record<PropertyKey, unknown>
  return new Proxy(queryInterface, {
    get(target, property, receiver) {
      if (Object.hasOwn(methods, property)) return methods[property]
      const value = Reflect.get(target, property, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
