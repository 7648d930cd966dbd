/**
 * What the runtime needs to know about a database: whether DDL is transactional and how to hold
 * the migration lock. One implementation per dialect, part of its entry in `./index.ts`.
 */
import type {QueryInterface, QueryOptions, Sequelize} from 'sequelize'

export interface RuntimeDialect {
  /**
   * DDL runs inside a transaction: each revision and its record row commit together. Where false
   * (MariaDB/MySQL commit DDL implicitly) the row is written after the revision succeeds.
   */
  transactionalDDL: boolean
  /**
   * Runs `fn` while holding a database-wide lock named by `name`; concurrent callers wait.
   * SQLite, a single-file database, has no lock to take.
   */
  withLock<T>(sequelize: Sequelize, name: string, fn: () => Promise<T>): Promise<T>
  /**
   * Runs one revision (and its record row) in a transaction, for dialects with transactional DDL.
   * Queries inside `fn` join it through Sequelize's transaction context.
   */
  transaction<T>(sequelize: Sequelize, fn: () => Promise<T>): Promise<T>
  /** The QueryInterface revisions receive (SQLite's makes its table rebuilds safe). */
  queryInterface(sequelize: Sequelize): QueryInterface
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

/** The plain behaviour: a managed Sequelize transaction, Sequelize's own QueryInterface. */
export const standardRuntime: Pick<RuntimeDialect, 'transaction' | 'queryInterface'> = {
  transaction: (sequelize, fn) => sequelize.transaction(fn),
  queryInterface: (sequelize) => sequelize.getQueryInterface(),
}

interface ConnectionManager {
  getConnection(options: {type: 'write'}): Promise<DriverConnection>
  releaseConnection(connection: DriverConnection): Promise<void>
}

/** The driver's own connection object (pg Client, mariadb Connection, mysql2 Connection). */
interface DriverConnection {
  query(sql: string, values: unknown[], callback: (error: Error | null, rows?: unknown) => void): unknown
}

/** Runs one query on a driver connection, whether the driver answers by promise or by callback. */
function driverQuery(connection: DriverConnection, sql: string, values: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const returned = connection.query(sql, values, (error, rows) => (error ? reject(error) : resolve(rows))) as PromiseLike<unknown> | undefined
    if (typeof returned?.then === 'function') returned.then(resolve, reject)
  })
}

/**
 * Holds a session lock for the whole of `fn` on a pooled connection of its own, outside any
 * transaction: an open transaction kept idle beside the migrations slows every DDL commit on
 * PostgreSQL. `acquire` and `release` take `values` as driver placeholders.
 */
export async function withSessionLock<T>(sequelize: Sequelize, acquire: string, release: string, values: unknown[], fn: () => Promise<T>): Promise<T> {
  const manager = (sequelize as unknown as {connectionManager: ConnectionManager}).connectionManager
  const connection = await manager.getConnection({type: 'write'})
  try {
    await driverQuery(connection, acquire, values)
    try {
      return await fn()
    } finally {
      await driverQuery(connection, release, values)
    }
  } finally {
    await manager.releaseConnection(connection)
  }
}
