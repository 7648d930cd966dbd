/**
 * SQLite: transactional DDL; one file, so there is no server lock to take. A revision runs with
 * foreign-key enforcement off, so the table rebuilds SQLite needs for most ALTERs never cascade
 * deletes into child tables, and `PRAGMA foreign_key_check` must find nothing before it commits.
 */
import type {QueryInterface, Sequelize} from 'sequelize'

import {MigrateError} from '../../errors'
import type {DialectRuntime} from '../dialect'

interface Violation {
  table: string
  rowid: number
  parent: string
}

async function checkForeignKeys(sequelize: Sequelize): Promise<void> {
  const violations = await sequelize.query<Violation>('PRAGMA foreign_key_check', {type: 'SELECT' as never})
  if (violations.length === 0) return
  const shown = violations.slice(0, 3).map((v) => `${v.table} row ${v.rowid} -> ${v.parent}`).join(', ')
  throw new MigrateError('FOREIGN_KEY_VIOLATION', `${violations.length} row(s) would violate foreign keys (${shown}${violations.length > 3 ? ', ...' : ''}); fix the data in the revision`)
}

const queryInterfaces = new WeakMap<Sequelize, QueryInterface>()

export const sqliteRuntime: DialectRuntime = {
  withLock: (_sequelize, _name, fn) => fn(),
  // Loaded on use: only `--sql` runs need it.
  offline: () => (require('./offline') as typeof import('./offline')).sqliteOffline,
  async transaction(sequelize, fn) {
    // Each SQLite transaction opens its own connection, which sets PRAGMA foreign_keys from this
    // option when it opens: the pragma cannot change once a transaction has begun.
    const options = (sequelize as unknown as {options: {foreignKeys?: boolean; storage?: string; host?: string}}).options
    const previous = options.foreignKeys
    options.foreignKeys = false
    // An in-memory database shares one connection: switch the pragma there, outside the transaction.
    // (Sequelize's default when neither storage nor host names a file, as in 'sqlite::memory:'.)
    const inMemory = (options.storage || options.host || ':memory:') === ':memory:'
    if (inMemory) await sequelize.query('PRAGMA foreign_keys = OFF')
    try {
      return await sequelize.transaction(async () => {
        const result = await fn()
        await checkForeignKeys(sequelize)
        return result
      })
    } finally {
      options.foreignKeys = previous
      if (inMemory && previous !== false) await sequelize.query('PRAGMA foreign_keys = ON')
    }
  },
  queryInterface(sequelize) {
    let wrapped = queryInterfaces.get(sequelize)
    if (!wrapped) {
      // Loaded here, not at the top: verbs that run nothing never load it (nor Sequelize through it).
      const {safeQueryInterface} = require('./rebuild') as typeof import('./rebuild')
      wrapped = safeQueryInterface(sequelize.getQueryInterface())
      queryInterfaces.set(sequelize, wrapped)
    }
    return wrapped
  },
}
