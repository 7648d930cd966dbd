/**
 * Runtime pieces the dialects share: Sequelize's own transaction and QueryInterface, and a session
 * lock held on a pooled connection of its own.
 */
import type {Sequelize} from 'sequelize'

import type {DialectRuntime} from './dialect'

/** The plain behaviour: a managed Sequelize transaction, Sequelize's own QueryInterface. */
export const standardRuntime: Pick<DialectRuntime, 'transaction' | 'queryInterface'> = {
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
