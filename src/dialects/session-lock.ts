/**
 * Runtime pieces the dialects share: Sequelize's own QueryInterface, quoting the record table, and
 * a session lock held on a pooled connection of its own.
 */
import type {Sequelize} from 'sequelize'

import {LockError} from '../errors'
import type {DialectRuntime, LockWaitOptions, RecordTableName, Row, RunLock, SessionLockQueries, SessionQuery} from './dialect'
import {waitForLock} from './lock-wait'

/** The quoted name of a table (`"schema"."table"`, `` `table` ``), as the dialect writes it. */
export function quoteTable(sequelize: Sequelize, table: RecordTableName): string {
  const generator = (sequelize.getQueryInterface() as unknown as {queryGenerator: {quoteTable(table: unknown): string}}).queryGenerator
  return generator.quoteTable(table.schema ? {tableName: table.tableName, schema: table.schema} : table.tableName)
}

/** The rows of an exclusive section's `read` (see `ExclusiveOptions`), run on its own; none asked: undefined. */
export async function sectionRead(sequelize: Sequelize, read: string | undefined): Promise<Row[] | undefined> {
  return read === undefined ? undefined : sequelize.query<Row>(read, {type: 'SELECT' as never})
}

/** The plain behaviour: Sequelize's own QueryInterface. */
export const standardRuntime: Pick<DialectRuntime, 'queryInterface'> = {
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
function driverQuery(connection: DriverConnection, sql: string, values: unknown[]): Promise<Array<Record<string, unknown>>> {
  const rowsOf = (result: unknown) => ((result as {rows?: unknown}).rows ?? result) as Array<Record<string, unknown>>
  return new Promise((resolve, reject) => {
    const returned = connection.query(sql, values, (error, rows) => (error ? reject(error) : resolve(rowsOf(rows)))) as PromiseLike<unknown> | undefined
    if (typeof returned?.then === 'function') returned.then((rows) => resolve(rowsOf(rows)), reject)
  })
}

/**
 * Takes a session lock on a pooled connection of its own, outside any transaction (an open
 * transaction kept idle beside the migrations slows every DDL commit on PostgreSQL), waiting as
 * `wait` says.
 *
 * @throws {LockError} `LOCK_TIMEOUT`, or `LOCK_FAILED` when the database reports an error.
 */
export async function takeSessionLock(sequelize: Sequelize, queries: SessionLockQueries, name: string, wait: LockWaitOptions): Promise<RunLock> {
  const manager = (sequelize as unknown as {connectionManager: ConnectionManager}).connectionManager
  const connection = await manager.getConnection({type: 'write'})
  const query: SessionQuery = (sql, values) => driverQuery(connection, sql, values)
  let released = false
  const release = async () => {
    if (released) return
    released = true
    // The session may be gone (terminated, timed out): its lock went with it, nothing to undo.
    await Promise.resolve().then(() => queries.release(query, name)).catch(() => undefined)
    await Promise.resolve().then(() => manager.releaseConnection(connection)).catch(() => undefined)
  }
  try {
    await waitForLock({take: () => queries.take(query, name), holder: () => queries.holder(query, name)}, wait)
  } catch (error) {
    await release()
    if (error instanceof LockError) throw error
    throw new LockError('LOCK_FAILED', `Could not take the migration lock: ${(error as Error).message.split('\n')[0]}; nothing was run`, {cause: error})
  }
  let id: number | undefined
  try {
    id = await queries.session?.(query)
  } catch {
    // the lock still works without it: sections ask `held` instead
  }
  return {
    held: () => queries.held(query, name).catch(() => false),
    release,
    ...(id === undefined ? {} : {session: {name, id}}),
  }
}
