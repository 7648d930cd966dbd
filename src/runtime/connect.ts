/**
 * Connecting to the configured database, with errors a user can act on.
 */
import {isAbsolute, relative} from 'node:path'
import type {Sequelize} from 'sequelize'

import {dialectOf} from '../dialects'
import {ConnectionError} from '../errors'

/** `dialect://user@host:port/database`, never with the password. */
export function describeDatabase(sequelize: Sequelize): string {
  const config = (sequelize as unknown as {config: {host?: string; port?: number | string; database?: string; username?: string}}).config
  const options = (sequelize as unknown as {options: {storage?: string}}).options
  const dialect = sequelize.getDialect()
  // file databases (SQLite) have a storage path instead of a server
  if (options.storage !== undefined || (!config.host && !config.database)) return `${dialect}:${shownPath(options.storage ?? ':memory:')}`
  const user = config.username ? `${config.username}@` : ''
  const port = config.port ? `:${config.port}` : ''
  return `${dialect}://${user}${config.host ?? 'localhost'}${port}/${config.database ?? ''}`
}

/** A file under the working directory as `./relative`, others as given. */
function shownPath(storage: string): string {
  if (storage === ':memory:' || !isAbsolute(storage)) return storage
  const inside = relative(process.cwd(), storage)
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? `./${inside}` : storage
}

const HINTS: Record<string, string> = {
  SequelizeConnectionRefusedError: 'connection refused; check that the server is running and the host and port are right',
  SequelizeHostNotFoundError: 'host not found; check the host name',
  SequelizeHostNotReachableError: 'host not reachable; check the network and the host name',
  SequelizeAccessDeniedError: 'access denied; check the user name and password',
  SequelizeConnectionTimedOutError: 'connection timed out; check that the server is reachable',
  SequelizeInvalidConnectionError: 'invalid connection settings; check the connection URL',
}

/**
 * Opens a connection to check the database is reachable.
 *
 * @throws {ConnectionError} `DB_UNREACHABLE` or `DB_AUTH_FAILED`, naming the database (without its
 * password) and what to check.
 */
export async function connect(sequelize: Sequelize): Promise<void> {
  // The first connection can save Sequelize one of its own (the server version's); once done, a no-op.
  dialectOf(sequelize).runtime.beforeFirstConnection?.(sequelize)
  try {
    // Taking a connection from the pool is the check (the server answered and took the
    // credentials), without a query of its own (`authenticate` sends `SELECT 1+1`); the run's
    // first query then reuses the connection. `SELECT`: the pool `authenticate` would use.
    const {connectionManager} = sequelize
    connectionManager.releaseConnection(await connectionManager.getConnection({type: 'SELECT' as 'read'}))
  } catch (error) {
    const name = (error as Error).name
    const detail = ((error as Error).message || name).split('\n')[0]
    const hint = HINTS[name] ?? `${detail}; check the connection settings in env`
    const code = name === 'SequelizeAccessDeniedError' || /password|authentication/i.test(detail) ? 'DB_AUTH_FAILED' : 'DB_UNREACHABLE'
    const shownDetail = HINTS[name] ? ` (${detail})` : ''
    throw new ConnectionError(code, `Cannot connect to ${describeDatabase(sequelize)}: ${hint}${shownDetail}`, {cause: error})
  }
}
