/**
 * SQLite: transactional DDL; one file, so there is no server lock to take: each write to the
 * record (and each revision, in the same transaction) first takes the file's write lock, which
 * serializes runs across processes. A revision runs with foreign-key enforcement off, so the table
 * rebuilds SQLite needs for most ALTERs never cascade deletes into child tables, and
 * `PRAGMA foreign_key_check` must find nothing before it commits.
 */
import type {QueryInterface, Sequelize, Transaction} from 'sequelize'

import {MigrateError} from '../../errors'
import type {DialectRuntime, LockWaitOptions, RecordTableName} from '../dialect'
import {ensureHeld, lockTimeout, startReports} from '../lock-wait'
import {sectionRead} from '../session-lock'

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

// SQLite's busy handler takes at most a C int of milliseconds.
const FOREVER_MS = 2 ** 31 - 1

/**
 * Takes the file's write lock for the current transaction: a write that changes nothing still
 * needs it, and SQLite's busy handler waits for it as `wait` says (reported every few seconds).
 */
async function takeWriteLock(sequelize: Sequelize, transaction: Transaction, record: RecordTableName, wait: LockWaitOptions): Promise<void> {
  const {connection} = transaction as unknown as {connection?: {configure?: (option: string, value: number) => void}}
  const limit = wait.timeoutSeconds === undefined ? FOREVER_MS : Math.min(FOREVER_MS, wait.timeoutSeconds * 1000)
  connection?.configure?.('busyTimeout', limit)
  // Double quotes, not Sequelize's backticks: on a backticked name Sequelize first reads the
  // table's columns, and a transaction that has read cannot wait for the write lock (SQLite
  // answers SQLITE_BUSY at once instead of calling its busy handler).
  const table = `"${record.tableName.replace(/"/g, '""')}"`
  const write = sequelize.query(`DELETE FROM ${table} WHERE 0`, {transaction})
  // Report only a wait that lasts: a free lock is taken in well under a second.
  let reports: {stop(): void} | undefined
  const timer = setTimeout(() => (reports = startReports(wait)), 1000)
  try {
    await write
  } catch (error) {
    if (/SQLITE_BUSY/.test(String((error as Error).message))) throw lockTimeout(wait.timeoutSeconds ?? 0, 'the database file\'s write lock')
    throw error
  } finally {
    clearTimeout(timer)
    reports?.stop()
  }
}

export const sqliteRuntime: DialectRuntime = {
  // Loaded on use: only `--sql` runs need it.
  offline: () => (require('./offline') as typeof import('./offline')).sqliteOffline,
  async exclusive(sequelize, record, wait, fn, {runLock, read} = {}) {
    await ensureHeld(runLock)
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
      return await sequelize.transaction(async (transaction) => {
        await takeWriteLock(sequelize, transaction, record, wait)
        const result = await fn(await sectionRead(sequelize, read))
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
