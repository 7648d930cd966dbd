/**
 * Sequelize opens a connection of its own to learn the server version before its pool's first one,
 * unless env gives `databaseVersion`: a fifth of what `db current` waits on. Where the driver
 * records the version as its connections start (PostgreSQL's start-up report, MariaDB's
 * handshake), the pool's first connection learns it, before any query runs, as the throwaway one
 * did, and the throwaway one is saved.
 */
import type {Sequelize} from 'sequelize'

interface VersionedConnections {
  /** Sequelize's version read under way; while it is set, its getConnection opens no other. */
  versionPromise?: Promise<unknown> | null
}

const VERSION_HOOK = 'sequelize-migrate:server-version'

/**
 * Lets the pool's first connection learn the server version instead of a throwaway one: Sequelize
 * skips its own read while one is under way, and is handed one already done. With `ask`, a
 * connection that opened without the version learnt asks for it (once). Left as it is when the
 * version is given, with replication (Sequelize asks the primary), or when the instance already
 * connected.
 */
export function learnVersionOnFirstConnection(sequelize: Sequelize, ask?: (connection: unknown) => Promise<string>): void {
  const {options} = sequelize as unknown as {options: {databaseVersion?: string | number; replication?: unknown}}
  const manager = sequelize.connectionManager as unknown as VersionedConnections
  if (options.databaseVersion !== 0 || options.replication || manager.versionPromise !== null) return
  manager.versionPromise = Promise.resolve()
  if (!ask) return
  sequelize.addHook('afterConnect', VERSION_HOOK, async (connection: unknown) => {
    if (options.databaseVersion === 0) options.databaseVersion = await ask(connection)
    sequelize.removeHook('afterConnect', VERSION_HOOK)
  })
}
