/**
 * The one contract between sequelize-migrate and a database. Each database has one {@link Dialect}
 * object (`src/dialects/<db>/index.ts`), found by name in the registry (`./index.ts`) once per
 * verb and handed to everything that depends on the database: describing the models, comparing,
 * warning, rendering and running revisions. Nothing outside `src/dialects/` tests a dialect's
 * name; it asks the flags and hooks below.
 */
import type {QueryInterface, QueryOptions, Sequelize} from 'sequelize'

import type {IdentifierLimit} from '../schema/naming'
import type {Op} from '../schema/ops'
import type {ColumnDefault, ColumnType, ReferentialAction, SchemaDescription, TableSchema} from '../schema/schema'
import type {ScratchDatabases} from './scratch'

/** What a database can store and how autogenerate spells its few raw statements there. */
export interface DialectFlags {
  /** Tables may live in named schemas (PostgreSQL). */
  schemas: boolean
  /** Enums are named types (`CREATE TYPE ... AS ENUM`) rather than inline column types. */
  enumTypes: boolean
  /** Tables and columns carry comments. */
  comments: boolean
  /** Indexes may have a `WHERE` predicate. */
  partialIndexes: boolean
  /** Indexes may name a method (`USING gin`). */
  indexMethods: boolean
  /**
   * DDL runs inside a transaction and rolls back with it: each revision and its record row commit
   * together. Where false (MariaDB/MySQL commit DDL implicitly) the row is written after the
   * revision succeeds.
   */
  transactionalDDL: boolean
  /** Columns and constraints change in place; `false` means Sequelize rebuilds the table. */
  alterColumn: boolean
  /** How a table comment is set: `COMMENT ON TABLE`, `ALTER TABLE ... COMMENT =`, or not at all. */
  tableCommentSyntax: 'comment-on' | 'alter-table' | null
  /** Character that quotes identifiers in raw SQL. */
  identifierQuote: '"' | '`'
  /** A backslash escapes the next character inside string literals (MySQL's default mode). */
  backslashEscapes: boolean
  /**
   * `changeColumn` must repeat `autoIncrement: true` to keep it (MySQL's MODIFY); PostgreSQL would
   * instead try to change the type to SERIAL and fail.
   */
  autoIncrementInChangeColumn: boolean
  /** `CURRENT_TIMESTAMP` must repeat the fractional precision of the column (`CURRENT_TIMESTAMP(3)`). */
  nowTakesPrecision: boolean
  /** `DataTypes.DATE` creates a column that stores the time zone (PostgreSQL's TIMESTAMPTZ). */
  dateHasTimezone: boolean
  /** The name the database gives a primary key constraint of `table`. */
  primaryKeyName: (table: string) => string
  /** `ADD CONSTRAINT <name> PRIMARY KEY` keeps the name (MySQL's primary key is always `PRIMARY` and refuses one). */
  namedPrimaryKey: boolean
  /**
   * The catalog reports a primary key's own name, and a new table can take a named one (added right
   * after `createTable`). False on MariaDB/MySQL (always `PRIMARY`) and SQLite (names are not kept,
   * and an INTEGER key must stay inline to be the rowid).
   */
  primaryKeyNames: boolean
  /** Longest identifier the database keeps (PostgreSQL cuts at 63 bytes, MariaDB refuses over 64 characters). */
  identifierLimit: IdentifierLimit | null
  /**
   * A foreign key needs an index starting with its columns: the database makes one when none
   * exists and keeps it when the key is dropped (InnoDB). See `ForeignKeySchema.index`.
   */
  foreignKeyIndexes: boolean
  /**
   * An enum column is a TEXT column here (SQLite): the values are not stored, so a model's enum
   * matches a text column; the models' values still go into the revision for the other databases.
   * @default false
   */
  enumsAsText?: boolean
}

/** How long to wait for a lock, and who hears about the wait. */
export interface LockWaitOptions {
  /** Seconds to wait before giving up with `LOCK_TIMEOUT`; undefined waits as long as it takes. */
  timeoutSeconds?: number
  /** Called when the wait starts and every few seconds after, until the lock is taken. */
  onLockWait?: (event: LockWaitEvent) => void
}

/** One report of a run waiting for another. */
export interface LockWaitEvent {
  /** Whole seconds waited so far (0 on the first report). */
  waitedSeconds: number
  /** Who holds the lock, when the database can tell (e.g. `pid 4242 app@10.0.0.7, running for 31 s`). */
  holder?: string
}

/** The lock a run holds from its first read of the record to its last write. */
export interface RunLock {
  /** Whether the run still holds it (false once its session is gone). */
  held(): Promise<boolean>
  /** Releases it; never throws (a lock whose session is gone is already released). */
  release(): Promise<void>
  /**
   * The lock's name and the database session holding it (PostgreSQL's backend pid), where the
   * dialect can check in the query that takes a section's own lock that this session still holds
   * it, instead of a round trip of its own (see {@link DialectRuntime.exclusive}).
   */
  session?: {name: string; id: number}
}

/** One row of a query's result. */
export type Row = Record<string, unknown>

/** Options of {@link DialectRuntime.exclusive}. */
export interface ExclusiveOptions {
  /**
   * `fn` runs only while the run still holds this lock: the section throws `LOCK_LOST`
   * (`runLockLost` in `./lock-wait.ts`) otherwise, so a run that lost its lock starts no further
   * revision. PostgreSQL checks it in the query that takes the section's own lock.
   */
  runLock?: RunLock
  /**
   * A SELECT (plain SQL, its values inlined) run as soon as the section's lock is taken; its rows
   * are `fn`'s argument. PostgreSQL sends it with the lock's own query: one round trip for both.
   */
  read?: string
}

/** The record table's name, as the runtime passes it to the dialect hooks. */
export interface RecordTableName {
  tableName: string
  schema?: string
}

/** Runs one query on the lock's own session, with driver placeholders; resolves to its rows. */
export type SessionQuery = (sql: string, values: unknown[]) => Promise<Array<Record<string, unknown>>>

/** The queries of a session-level lock, each run on the lock's own connection. */
export interface SessionLockQueries {
  /** Tries once without blocking; true when taken. @throws when the database reports an error. */
  take(query: SessionQuery, name: string): Promise<boolean>
  /** Who holds the lock, for the wait reports. */
  holder(query: SessionQuery, name: string): Promise<string | undefined>
  /** Whether this session still holds it. */
  held(query: SessionQuery, name: string): Promise<boolean>
  release(query: SessionQuery, name: string): Promise<void>
  /** The session's id, asked once the lock is taken (becomes {@link RunLock.session}). */
  session?(query: SessionQuery): Promise<number>
}

/** How revisions run on a database: the run lock, the record's exclusive sections, the QueryInterface. */
export interface DialectRuntime {
  /**
   * The run lock, held on a session of its own from a run's first read of the record to its end,
   * so replicas wait for each other. Undefined where there is none (SQLite: one file, whose
   * {@link DialectRuntime.exclusive} serializes runs).
   */
  runLock?: SessionLockQueries
  /**
   * Runs `fn` in a transaction that no other run's `exclusive` on the same record overlaps, even
   * if this run's run lock was lost. Queries inside `fn` join the transaction on their own.
   */
  exclusive<T>(sequelize: Sequelize, record: RecordTableName, wait: LockWaitOptions, fn: (rows?: Row[]) => Promise<T>, options?: ExclusiveOptions): Promise<T>
  /**
   * Whether each table exists (with `column`: and has that column), all in one query: what the
   * runtime asks of the record's tables before reading them. Without it, the runtime asks
   * Sequelize's `tableExists`, one query each (PostgreSQL answers those from `information_schema`,
   * slower the more tables the database has).
   */
  tablesExist?(sequelize: Sequelize, tables: Array<RecordTableName & {column?: string}>): Promise<boolean[]>
  /** The QueryInterface revisions receive (SQLite's makes its table rebuilds safe). */
  queryInterface(sequelize: Sequelize): QueryInterface
  /**
   * Called before the runtime's connection check (`runtime/connect.ts`), the instance's first
   * connection: how this database saves Sequelize a connection of its own (PostgreSQL, MariaDB: the
   * one it opens only to learn the server version). Called again later, it does nothing.
   */
  beforeFirstConnection?(sequelize: Sequelize): void
  /**
   * How `--sql` runs on this database: the statements the script starts with, and the hooks that
   * stand in for the catalog reads some QueryInterface methods make online.
   */
  offline(): OfflineDialect
}

/** The offline side of a dialect (`db upgrade --sql`). */
export interface OfflineDialect {
  /** Statements written once, before anything else (SQLite switches foreign-key enforcement off). */
  preamble: string[]
  /** Builds the hooks for one run on `sequelize` (never connected). */
  hooks(sequelize: Sequelize): Promise<OfflineHooks>
}

/** How a dialect takes part in one offline run. */
export interface OfflineHooks {
  /** Answers a catalog read from the schema the script has built so far; undefined: not one it knows. */
  answer?(sql: string, options: QueryOptions): Promise<{result: unknown} | undefined>
  /** Sees each statement written (SQLite applies it to its shadow database). */
  observe?(sql: string): Promise<void>
  /** Replaces QueryInterface methods whose online version reads the catalog. */
  patchQueryInterface?(sequelize: Sequelize): void
  /** Releases what the hooks hold (the shadow database). */
  close?(): Promise<void>
}

/**
 * One database as sequelize-migrate sees it: its flags, how it stores model types, how its live
 * schema is read, how revisions run on it, and how tests get a throwaway database of it.
 *
 * @example
 * const dialect = dialectOf(sequelize)
 * if (dialect.comments) ...
 */
export interface Dialect extends DialectFlags, DialectHooks {
  /** Sequelize's name of the dialect (`postgres`, `mariadb`, `mysql`, `sqlite`). */
  readonly name: string
  /** The schema tables live in when they name none (`public` on PostgreSQL); absent without schemas. */
  readonly defaultSchema?: string
  readonly types: DialectTypes
  /** Reads the live schema in a fixed number of catalog queries. */
  readonly introspect: IntrospectFunction
  /**
   * `introspect` honors `signal`: its catalog query can be dropped while it runs. Autogenerate then
   * starts it before describing the models, and drops it when a model cannot be described.
   */
  readonly abortableIntrospection?: boolean
  readonly runtime: DialectRuntime
  /** Throwaway databases for tests, and Sequelize options for this dialect's connection URLs. */
  readonly scratch: ScratchDatabases
}

/**
 * The pieces of revision code a dialect's render hook builds its statements from, spelled for that
 * dialect. Handed over by autogenerate's renderer: dialects never import autogenerate.
 */
export interface RenderKit {
  /** `await sequelize.query(\`<sql>\`)`. */
  query(sql: string): string
  /** One `//` comment line. */
  comment(text: string): string
  /** A quoted SQL identifier, optionally schema-qualified. */
  sqlName(name: string, schema?: string): string
  /** A SQL string literal. */
  sqlString(value: string): string
  /** A server default as SQL. */
  sqlDefault(value: ColumnDefault, type: ColumnType): string
}

/**
 * Statements a dialect writes for one operation, which the revision runs only on that database
 * (guarded by `sequelize.getDialect()`); the other databases run the portable statements.
 */
export interface OwnStatements {
  /** Comment lines written above the operation's statements, unguarded. */
  notes?: string[]
  /** Run on this database before the portable statements. */
  before?: string[]
  /** Run on this database instead of the portable statements. */
  instead?: string[]
  /** Run on this database after the portable statements. */
  after?: string[]
}

/**
 * Optional hooks through which a dialect takes charge of what only it has (PostgreSQL's enum
 * types, its casts): how a revision spells it, what may go wrong, whether it fits a transaction.
 */
export interface DialectHooks {
  /**
   * Statements of its own for `op`, one of `ops` (the list being rendered, in order); undefined
   * when the portable statements do.
   */
  renderOp?(op: Op, ops: readonly Op[], kit: RenderKit): OwnStatements | undefined
  /** Warnings of its own about `op`, written after the generic ones. */
  opWarnings?(op: Op): string[]
  /**
   * Why a revision made of `ops` must run outside a transaction on this database, as one
   * sentence written above `transactional = false`; undefined when it need not.
   */
  nonTransactionalReason?(ops: readonly Op[]): string | undefined
}

/** One model attribute as `describeModels` hands it to a dialect. */
export interface ModelColumnContext {
  /** The table the column belongs to; `schema` is set only when the dialect supports schemas. */
  table: {name: string; schema?: string}
  /** Column name (the attribute's `field`). */
  column: string
  /** The type as Sequelize writes it into `CREATE TABLE` on this dialect (`VARCHAR(255)`). */
  sqlType: string
  /** The normalized Sequelize data type (a `DataTypes.*` instance, or a string). */
  dataType: unknown
  /** The attribute is part of the primary key. */
  primaryKey: boolean
}

/**
 * How a dialect stores what the models declare: the model side of autogenerate. The same file
 * (`src/dialects/<db>/types.ts`) also normalizes what its introspection reads, so both sides of a
 * comparison speak one language.
 */
export interface DialectTypes {
  /**
   * Keys of Sequelize data types (`'JSONB'`, `'ARRAY'`) this database has no column type for:
   * autogenerate refuses a model that uses one rather than write a revision that fails.
   * `NUMBER`, `NOW`, `UUIDV1` and `UUIDV4` are refused everywhere.
   */
  readonly unsupportedDataTypes: readonly string[]
  /** The canonical type of a model attribute, as `sync()` creates the column. */
  modelColumnType(column: ModelColumnContext): ColumnType
  /**
   * Whether `sync()` writes the attribute's (server-side) default into the table.
   * @default true when not implemented
   */
  modelKeepsDefault?(column: ModelColumnContext): boolean
  /** Parses a default expression as this database stores it (or as Sequelize writes it). */
  parseDefault(sql: string, type: ColumnType): ColumnDefault | undefined
  /** Normalizes `ON DELETE` / `ON UPDATE`; the database default (no action) becomes `undefined`. */
  referentialAction(action: string | undefined): ReferentialAction | undefined
  /** Normalizes a partial index predicate (`WHERE` clause without the keyword). */
  indexWhere(sql: string): string
  /**
   * Rewrites a table built from a model into what `sync()` really creates on this dialect
   * (implicit indexes, identifier truncation, dropped features). On entry, unique constraints
   * without a name come from `unique: true` columns, named ones from `unique: 'name'` or from a
   * naming convention.
   */
  finishModelTable(table: TableSchema, options?: FinishModelTableOptions): void
}

/** Options of {@link DialectTypes.finishModelTable}. */
export interface FinishModelTableOptions {
  /**
   * Migrations name the constraints (a naming convention is set): keep the names of unique
   * constraints where `sync()` would leave them out, cut to the database's identifier limit.
   * @default false
   */
  keepConstraintNames?: boolean
}

/** Options of every dialect's `introspect`. */
export interface IntrospectOptions {
  /**
   * PostgreSQL schemas to read. Other dialects read the connection's database and ignore this.
   * @default ['public']
   */
  schemas?: string[]
  /** Name of the version table, left out of the result (`schema.name` to name another schema). */
  versionTable: string
  /**
   * Called with the SQL of every catalog query, before it runs. Introspection runs a fixed number
   * of queries per dialect, whatever the number of tables; this is how tests check it.
   */
  onQuery?: (sql: string) => void
  /** Run the catalog queries inside this transaction (a Sequelize `Transaction`). */
  transaction?: unknown
  /**
   * Drops the introspection when aborted (dialects with `abortableIntrospection`, outside a
   * transaction): the connection running the catalog query is closed rather than returned to the
   * pool, so neither the caller nor `sequelize.close()` waits for the query, and the promise
   * rejects with the signal's reason.
   */
  signal?: AbortSignal
}

/** Reads the live schema of the database `sequelize` is connected to. */
export type IntrospectFunction = (sequelize: Sequelize, options: IntrospectOptions) => Promise<SchemaDescription>
