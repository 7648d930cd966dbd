/**
 * What the runtime needs to know about a database: whether DDL is transactional and how to hold
 * the migration lock. One implementation per dialect, part of its entry in `./index.ts`.
 */
import type {QueryInterface, Sequelize} from 'sequelize'

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
}

/** The plain behaviour: a managed Sequelize transaction, Sequelize's own QueryInterface. */
export const standardRuntime: Pick<RuntimeDialect, 'transaction' | 'queryInterface'> = {
  transaction: (sequelize, fn) => sequelize.transaction(fn),
  queryInterface: (sequelize) => sequelize.getQueryInterface(),
}

/**
 * Holds a lock on a connection of its own for the whole of `fn`: an otherwise empty transaction
 * pins one pooled connection, whatever the driver, so the lock and its release run on it.
 */
export async function withPinnedConnection<T>(
  sequelize: Sequelize,
  acquire: string,
  release: string,
  replacements: Record<string, unknown>,
  fn: () => Promise<T>,
): Promise<T> {
  const holder = await sequelize.transaction()
  try {
    // Typed as SELECT: the mariadb driver rejects an untyped query that returns rows.
    const options = {transaction: holder, replacements, type: 'SELECT' as never}
    await sequelize.query(acquire, options)
    try {
      return await fn()
    } finally {
      await sequelize.query(release, options)
    }
  } finally {
    await holder.rollback()
  }
}
