/**
 * PostgreSQL: transactional DDL. The run lock is a session advisory lock; each write to the record
 * (and each revision, which runs in the same transaction) also takes a transaction-level advisory
 * lock, released by its commit, so two runs never overlap there even if a run lock was lost.
 */
import type {DialectRuntime, SessionLockQueries} from '../dialect'
import {standardRuntime} from '../session-lock'
import {waitForLock} from '../lock-wait'

// An advisory lock on bigint k shows in pg_locks as objid = low 32 bits of k, objsubid = 1.
const HOLDER = `SELECT a.pid, a.usename, a.client_addr, a.application_name, EXTRACT(EPOCH FROM now() - a.backend_start)::int AS seconds
  FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND l.objid = (hashtext($1)::bigint & 4294967295)::oid
  LIMIT 1`

function describeHolder(row: Record<string, unknown> | undefined): string | undefined {
  if (!row) return undefined
  const from = row.client_addr ? `@${String(row.client_addr)}` : ''
  const app = row.application_name ? ` (${String(row.application_name)})` : ''
  return `pid ${String(row.pid)} ${String(row.usename)}${from}${app}, connected ${String(row.seconds)} s ago`
}

const runLock: SessionLockQueries = {
  take: async (query, name) => (await query('SELECT pg_try_advisory_lock(hashtext($1)) AS taken', [name]))[0]?.taken === true,
  holder: async (query, name) => describeHolder((await query(HOLDER, [name]))[0]),
  held: async (query, name) => (await query(`SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
      AND pid = pg_backend_pid() AND objid = (hashtext($1)::bigint & 4294967295)::oid) AS held`, [name]))[0]?.held === true,
  release: async (query, name) => void (await query('SELECT pg_advisory_unlock(hashtext($1))', [name])),
}

export const postgresRuntime: DialectRuntime = {
  ...standardRuntime,
  // Loaded on use: only `--sql` runs need it.
  offline: () => (require('./offline') as typeof import('./offline')).postgresOffline,
  runLock,
  exclusive: (sequelize, record, wait, fn) =>
    sequelize.transaction(async () => {
      const key = `sequelize-migrate-record:${record.schema ? `${record.schema}.` : ''}${record.tableName}`
      const rows = (sql: string) => sequelize.query<Record<string, unknown>>(sql, {bind: [key], type: 'SELECT' as never})
      await waitForLock({
        take: async () => (await rows('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS taken'))[0]?.taken === true,
        holder: async () => describeHolder((await rows(HOLDER))[0]),
      }, wait, 'the record lock')
      return fn()
    }),
}
