/**
 * MariaDB and MySQL: DDL commits implicitly. The run lock is a named GET_LOCK; each write to the
 * record takes a second named lock on a session of its own around a transaction that also locks the
 * record's rows, so two runs never write it at once even if a run lock was lost.
 */
import type {DialectRuntime, SessionLockQueries} from '../dialect'
import {LockError} from '../../errors'
import {ensureHeld} from '../lock-wait'
import {learnVersionOnFirstConnection} from '../server-version'
import {quoteTable, sectionRead, standardRuntime, takeSessionLock} from '../session-lock'

// GET_LOCK names are server-wide and at most 64 characters: hash the database and table names.
const LOCK_NAME = "SHA1(CONCAT(DATABASE(), '.', ?))"

const runLock: SessionLockQueries = {
  async take(query, name) {
    // 1: taken; 0: held by another session; NULL: an error (e.g. the session is being killed).
    const taken = (await query(`SELECT GET_LOCK(${LOCK_NAME}, 0) AS taken`, [name]))[0]?.taken
    if (taken === null || taken === undefined) throw new LockError('LOCK_FAILED', 'GET_LOCK returned NULL; nothing was run')
    return Number(taken) === 1
  },
  async holder(query, name) {
    const [row] = await query(`SELECT ID AS id, USER AS user, HOST AS host, TIME AS seconds FROM information_schema.PROCESSLIST WHERE ID = IS_USED_LOCK(${LOCK_NAME})`, [name])
    return row ? `connection ${String(row.id)} ${String(row.user)}@${String(row.host)}, in its current statement for ${String(row.seconds)} s` : undefined
  },
  held: async (query, name) => Number((await query(`SELECT IS_USED_LOCK(${LOCK_NAME}) = CONNECTION_ID() AS held`, [name]))[0]?.held) === 1,
  release: async (query, name) => void (await query(`SELECT RELEASE_LOCK(${LOCK_NAME})`, [name])),
}

export const mariadbRuntime: DialectRuntime = {
  ...standardRuntime,
  // MariaDB's driver records the server version from every connection's handshake; MySQL's does not.
  beforeFirstConnection: (sequelize) => {
    if (sequelize.getDialect() === 'mariadb') learnVersionOnFirstConnection(sequelize)
  },
  // Loaded on use: only `--sql` runs need it.
  offline: () => (require('./offline') as typeof import('./offline')).mariadbOffline,
  runLock,
  async exclusive(sequelize, record, wait, fn, {runLock: ofRun, read} = {}) {
    await ensureHeld(ofRun)
    const lock = await takeSessionLock(sequelize, runLock, `record:${record.schema ? `${record.schema}.` : ''}${record.tableName}`, wait)
    try {
      return await sequelize.transaction(async () => {
        const table = quoteTable(sequelize, record)
        // Also lock the record's rows: should the named lock's session die, writers still queue here.
        await sequelize.query(`SELECT 1 FROM ${table} FOR UPDATE`, {type: 'SELECT' as never})
        return fn(await sectionRead(sequelize, read))
      })
    } finally {
      await lock.release()
    }
  },
}
