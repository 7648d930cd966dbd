/**
 * The record in the database: the one place that defines its format.
 *
 * - `SequelizeMeta` (name, column and schema configurable by `versionTable`): one row per applied
 *   revision, the column `name` holding its id, exactly as sequelize-cli and umzug read and write
 *   it; plus a nullable `checksum` column: the SHA-256 (hex) of the revision file when it was
 *   applied (see `./checksum.ts`). Rows written by other tools have no checksum; the next run
 *   fills it in. An older table without the column gets it added in place.
 * - `SequelizeMeta_progress` (the record table's name + `_progress`, same schema): one row per
 *   revision a run started outside a transaction (MariaDB/MySQL, or `transactional = false`) and
 *   has not finished: `name`, `direction` (`upgrade`/`downgrade`), `started_at`, `started_by`
 *   (`<host> pid <pid>`). Written before the revision runs; deleted in the same transaction that
 *   writes or deletes its `SequelizeMeta` row. A row left behind means the revision was
 *   interrupted or failed half way: runs refuse until `db resolve` clears it.
 *
 * - sequelize-cli's own table (`sequelizeCli.table`, default `SequelizeMeta`; see
 *   {@link NameRecordTable}): one `name` column, one row per migration file run, exactly as
 *   sequelize-cli and umzug's `SequelizeStorage` create and write it. When it is the version table,
 *   its rows are file names beside the revision ids (their checksum stays null).
 *
 * Both tables are created (or brought up to date) only by a run about to write. A step reads both
 * in one query (`UNION ALL`).
 */
// Types only: the graph verbs load this module and never need Sequelize; values come from the instance.
import type {QueryInterface, QueryTypes, Sequelize} from 'sequelize'

import {progressTableName, type ResolvedVersionTable} from '../config/environment'
import type {DialectRuntime, RecordTableName} from '../dialects/dialect'
import {quoteTable, takeSessionLock} from '../dialects/session-lock'
import type {LockWaitOptions, ReadOptions, RecordState, RecordStorage, RunLock, SectionOptions, StartedRevision} from './record-storage'

/** The column holding each applied revision's checksum. */
export const CHECKSUM_COLUMN = 'checksum'


const ALWAYS_HELD: RunLock = {held: async () => true, release: async () => undefined}

type TableRef = string | {tableName: string; schema: string}

function tableRef(table: {tableName: string; schema?: string}): TableRef {
  return table.schema ? {tableName: table.tableName, schema: table.schema} : table.tableName
}

/** Plain SQL on tables of one Sequelize instance, with the application's own Sequelize class. */
abstract class SqlTables {
  protected readonly queryInterface: QueryInterface

  constructor(protected readonly sequelize: Sequelize) {
    this.queryInterface = sequelize.getQueryInterface()
  }

  protected quoted(table: TableRef): string {
    return quoteTable(this.sequelize, typeof table === 'string' ? {tableName: table} : table)
  }

  protected select(sql: string, replacements?: unknown[]): Promise<Array<Record<string, unknown>>> {
    return this.sequelize.query<Record<string, unknown>>(sql, {type: this.sequelizeClass().QueryTypes.SELECT, replacements})
  }

  protected async write(sql: string, replacements: unknown[]): Promise<void> {
    await this.sequelize.query(sql, {replacements})
  }

  protected dataTypes(): typeof import('sequelize').DataTypes {
    return this.sequelizeClass().DataTypes
  }

  /** The application's Sequelize class (its DataTypes and QueryTypes). */
  private sequelizeClass(): {DataTypes: typeof import('sequelize').DataTypes; QueryTypes: typeof QueryTypes} {
    return this.sequelize.constructor as unknown as {DataTypes: typeof import('sequelize').DataTypes; QueryTypes: typeof QueryTypes}
  }
}

/**
 * A record of names alone, as sequelize-cli keeps it (and umzug's `SequelizeStorage`): the
 * prehistory's migration files. Reading never creates the table; the first write does.
 */
export class NameRecordTable extends SqlTables {
  private readonly ref: TableRef
  private exists = false

  constructor(sequelize: Sequelize, table: {tableName: string; schema?: string}) {
    super(sequelize)
    this.ref = tableRef(table)
  }

  /** The names it holds; none when the table does not exist. */
  async names(): Promise<string[]> {
    this.exists ||= await this.queryInterface.tableExists(this.ref)
    if (!this.exists) return []
    return (await this.select(`SELECT ${this.column()} AS name FROM ${this.quoted(this.ref)}`)).map((row) => String(row.name))
  }

  async add(name: string): Promise<void> {
    if (!this.exists) {
      // As sequelize-cli creates it: `name` VARCHAR(255) NOT NULL UNIQUE, the primary key.
      await this.queryInterface.createTable(this.ref, {name: {type: this.dataTypes().STRING, allowNull: false, unique: true, primaryKey: true}})
      this.exists = true
    }
    await this.write(`INSERT INTO ${this.quoted(this.ref)} (${this.column()}) VALUES (?)`, [name])
  }

  async remove(name: string): Promise<void> {
    await this.write(`DELETE FROM ${this.quoted(this.ref)} WHERE ${this.column()} = ?`, [name])
  }

  private column(): string {
    return this.queryInterface.quoteIdentifier('name')
  }
}

/** The record in the database behind a Sequelize instance. */
export class SqlRecordStorage extends SqlTables implements RecordStorage {
  private readonly record: TableRef
  private readonly progress: TableRef
  private readonly progressTable: RecordTableName
  /** The record table and the side table exist and are up to date (this run prepared or read them so). */
  private prepared = false
  /** The side table exists (seen by a read before this run prepared it). */
  private progressExists = false

  constructor(
    sequelize: Sequelize,
    private readonly table: ResolvedVersionTable,
    private readonly dialect: DialectRuntime,
  ) {
    super(sequelize)
    this.record = tableRef(table)
    this.progressTable = {tableName: progressTableName(table), schema: table.schema}
    this.progress = tableRef(this.progressTable)
  }

  async read(options: ReadOptions = {}): Promise<RecordState> {
    if (!this.prepared) {
      const shape = await this.shape()
      if (!(shape.record && shape.checksum && shape.progress)) return this.readOlder(shape, options)
      // As a prepare leaves them (no run drops them): a later prepare has nothing to do.
      this.prepared = true
    }
    return stateOf(await this.select(this.readBoth(options)))
  }

  /** A record not (fully) there yet, or whose shape the dialect cannot tell in one query. */
  private async readOlder(shape: {record: boolean; progress: boolean}, {revisions}: ReadOptions): Promise<RecordState> {
    // SELECT *: a table from sequelize-cli has no checksum column yet.
    const recorded = shape.record && revisions?.length !== 0 ? await this.select(`SELECT * FROM ${this.quoted(this.record)}${this.only(revisions)}`) : []
    const notes = shape.progress ? await this.select(`SELECT * FROM ${this.quoted(this.progress)}`) : []
    return stateOf([...recorded.map((row) => ({name: row[this.table.columnName], checksum: row[CHECKSUM_COLUMN]})), ...notes])
  }

  /**
   * Both tables in one query, its values inlined (an exclusive section may send it with its lock's
   * query): the record's rows have no direction, the notes one.
   */
  private readBoth({revisions}: ReadOptions): string {
    const q = (name: string) => this.queryInterface.quoteIdentifier(name)
    return `SELECT ${this.column()} AS name, ${q(CHECKSUM_COLUMN)} AS checksum, NULL AS direction, NULL AS started_at, NULL AS started_by FROM ${this.quoted(this.record)}${this.only(revisions)} ` +
      `UNION ALL SELECT ${q('name')}, NULL, ${q('direction')}, ${q('started_at')}, ${q('started_by')} FROM ${this.quoted(this.progress)}`
  }

  /** The WHERE clause reading only `revisions` (all: none). */
  private only(revisions: string[] | undefined): string {
    if (!revisions) return ''
    return revisions.length === 0 ? ' WHERE 1 = 0' : ` WHERE ${this.column()} IN (${revisions.map((revision) => this.sequelize.escape(revision)).join(', ')})`
  }

  /**
   * What exists of the record before this run prepared it: the record table, its checksum column
   * (a table from sequelize-cli has none) and the side table; in one query where the dialect can.
   */
  private async shape(): Promise<{record: boolean; checksum: boolean; progress: boolean}> {
    const {tablesExist} = this.dialect
    if (tablesExist) {
      const [record, checksum, progress] = await tablesExist(this.sequelize, [this.table, {...this.table, column: CHECKSUM_COLUMN}, this.progressTable])
      return {record, checksum, progress}
    }
    const record = await this.queryInterface.tableExists(this.record)
    // Another run may create the side table at any time: ask until it exists.
    this.progressExists ||= await this.queryInterface.tableExists(this.progress)
    // Unknown without another query: read with SELECT *, which works either way.
    return {record, checksum: false, progress: this.progressExists}
  }

  /**
   * `CREATE TABLE IF NOT EXISTS` of the record table, reading nothing (offline scripts use it as
   * it is; {@link SqlRecordStorage.prepare} also brings an older table up to date).
   */
  async createRecordTable(): Promise<void> {
    const {STRING} = this.dataTypes()
    // umzug's SequelizeStorage makes the same `name` column: sequelize-cli keeps working on it.
    await this.queryInterface.createTable(this.record, {
      [this.table.columnName]: {type: STRING, allowNull: false, unique: true, primaryKey: true},
      [CHECKSUM_COLUMN]: {type: STRING(64), allowNull: true},
    })
  }

  async prepare(): Promise<void> {
    if (this.prepared) return
    const {STRING, DATE} = this.dataTypes()
    const exists = (table: TableRef) => () => this.queryInterface.tableExists(table)
    await this.tolerant(() => this.createRecordTable(), exists(this.record))
    // Where the dialect asks the catalog in one light query, that query says it; elsewhere Sequelize
    // describes the table (on PostgreSQL, describeTable is a fifth of a first run's preparation).
    const hasChecksum = async () => (this.dialect.tablesExist ? (await this.shape()).checksum : CHECKSUM_COLUMN in (await this.queryInterface.describeTable(this.record)))
    if (!(await hasChecksum())) await this.tolerant(() => this.queryInterface.addColumn(this.record, CHECKSUM_COLUMN, {type: STRING(64), allowNull: true}), hasChecksum)
    await this.tolerant(() => this.queryInterface.createTable(this.progress, {
      name: {type: STRING, allowNull: false, unique: true, primaryKey: true},
      direction: {type: STRING(9), allowNull: false},
      started_at: {type: DATE, allowNull: false},
      started_by: {type: STRING, allowNull: false},
    }), exists(this.progress))
    this.prepared = true
  }

  lock(wait: LockWaitOptions): Promise<RunLock> {
    const {runLock} = this.dialect
    if (!runLock) return Promise.resolve(ALWAYS_HELD)
    const {tableName, schema} = this.table
    return takeSessionLock(this.sequelize, runLock, `sequelize-migrate:${schema ? `${schema}.` : ''}${tableName}`, wait)
  }

  exclusive<T>(fn: (record?: RecordState) => Promise<T>, wait: LockWaitOptions, {runLock, read}: SectionOptions = {}): Promise<T> {
    // The section sends the read with its lock's query where it can; a record not prepared by this
    // run (its shape unknown) is read after.
    const sql = read && this.prepared ? this.readBoth(read) : undefined
    const section = async (rows?: Array<Record<string, unknown>>) => fn(rows ? stateOf(rows) : read && (await this.read(read)))
    return this.dialect.exclusive(this.sequelize, {tableName: this.table.tableName, schema: this.table.schema}, wait, section, {runLock, read: sql})
  }

  async add(revision: string, checksum: string): Promise<void> {
    await this.write(`INSERT INTO ${this.quoted(this.record)} (${this.column()}, ${this.queryInterface.quoteIdentifier(CHECKSUM_COLUMN)}) VALUES (?, ?)`, [revision, checksum])
  }

  async remove(revision: string): Promise<void> {
    await this.write(`DELETE FROM ${this.quoted(this.record)} WHERE ${this.column()} = ?`, [revision])
  }

  async setChecksum(revision: string, checksum: string): Promise<void> {
    await this.write(`UPDATE ${this.quoted(this.record)} SET ${this.queryInterface.quoteIdentifier(CHECKSUM_COLUMN)} = ? WHERE ${this.column()} = ?`, [checksum, revision])
  }

  async start(started: StartedRevision): Promise<void> {
    const columns = ['name', 'direction', 'started_at', 'started_by'].map((column) => this.queryInterface.quoteIdentifier(column)).join(', ')
    await this.write(`INSERT INTO ${this.quoted(this.progress)} (${columns}) VALUES (?, ?, ?, ?)`, [started.revision, started.direction, started.startedAt, started.startedBy])
  }

  async finish(revision: string): Promise<void> {
    await this.write(`DELETE FROM ${this.quoted(this.progress)} WHERE ${this.queryInterface.quoteIdentifier('name')} = ?`, [revision])
  }

  private column(): string {
    return this.queryInterface.quoteIdentifier(this.table.columnName)
  }

  /**
   * Runs a CREATE/ALTER that another run may be doing at the same moment (a run whose lock was
   * lost, or SQLite's, which has none): if it fails but its effect is there, that is success.
   */
  private async tolerant(change: () => Promise<unknown>, done: () => Promise<boolean>): Promise<void> {
    try {
      await change()
    } catch (error) {
      if (!(await done().catch(() => false))) throw error
    }
  }
}

/** The record read from rows of the record (no direction) and of the side table (a direction). */
function stateOf(rows: Array<Record<string, unknown>>): RecordState {
  const state: RecordState = {applied: new Map(), started: []}
  for (const row of rows) {
    if (row.direction === null || row.direction === undefined) {
      state.applied.set(String(row.name), (row.checksum as string | null | undefined) ?? null)
    } else {
      state.started.push({
        revision: String(row.name),
        direction: row.direction === 'downgrade' ? 'downgrade' : 'upgrade',
        startedAt: new Date(row.started_at as string),
        startedBy: String(row.started_by),
      })
    }
  }
  return state
}
