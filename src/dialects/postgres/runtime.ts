/**
 * PostgreSQL: transactional DDL. The run lock is a session advisory lock; each write to the record
 * (and each revision, which runs in the same transaction) also takes a transaction-level advisory
 * lock, released by its commit, so two runs never overlap there even if a run lock was lost.
 */
import type {Sequelize} from 'sequelize'

import type {DialectRuntime, Row, SessionLockQueries} from '../dialect'
import {ensureHeld, runLockLost, waitForLock} from '../lock-wait'
import {learnVersionOnFirstConnection} from '../server-version'
import {quoteTable, standardRuntime} from '../session-lock'

// An advisory lock on bigint k shows in pg_locks as objid = low 32 bits of k, objsubid = 1.
const HOLDER = `SELECT a.pid, a.usename, a.client_addr, a.application_name, EXTRACT(EPOCH FROM now() - a.backend_start)::int AS seconds
  FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND l.objid = (hashtext($1)::bigint & 4294967295)::oid
  LIMIT 1`

/** SQL: whether the session `pid` holds the session advisory lock named by `name` (both SQL expressions). */
function holds(pid: string, name: string): string {
  return `EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
      AND pid = ${pid} AND objid = (hashtext(${name})::bigint & 4294967295)::oid)`
}

function describeHolder(row: Record<string, unknown> | undefined): string | undefined {
  if (!row) return undefined
  const from = row.client_addr ? `@${String(row.client_addr)}` : ''
  const app = row.application_name ? ` (${String(row.application_name)})` : ''
  return `pid ${String(row.pid)} ${String(row.usename)}${from}${app}, connected ${String(row.seconds)} s ago`
}

const runLock: SessionLockQueries = {
  take: async (query, name) => (await query('SELECT pg_try_advisory_lock(hashtext($1)) AS taken', [name]))[0]?.taken === true,
  holder: async (query, name) => describeHolder((await query(HOLDER, [name]))[0]),
  held: async (query, name) => (await query(`SELECT ${holds('pg_backend_pid()', '$1')} AS held`, [name]))[0]?.held === true,
  release: async (query, name) => void (await query('SELECT pg_advisory_unlock(hashtext($1))', [name])),
  session: async (query) => Number((await query('SELECT pg_backend_pid() AS id', []))[0]?.id),
}

// PostgreSQL reports its version as every connection starts, and Sequelize's driver records it
// then when it is still unknown; should a server not report it, the first connection asks, as
// Sequelize asks. Not with pg-native, which does not pass the report on.
function beforeFirstConnection(sequelize: Sequelize): void {
  if ((sequelize as unknown as {options: {native?: boolean}}).options.native) return
  learnVersionOnFirstConnection(sequelize, async (connection) => {
    const {rows} = await (connection as {query(sql: string): Promise<{rows: Array<{server_version?: string}>}>}).query('SHOW server_version')
    return semverOf(rows[0]?.server_version)
  })
}

/** `15.2 (Debian 15.2-1)` as `15.2.0`, as Sequelize coerces it; its oldest supported one when unreadable. */
export function semverOf(serverVersion: string | undefined): string {
  const parts = /\d+(\.\d+){0,2}/.exec(serverVersion ?? '')?.[0].split('.').map(Number) ?? [9, 5, 0]
  return [0, 1, 2].map((index) => parts[index] ?? 0).join('.')
}

export const postgresRuntime: DialectRuntime = {
  ...standardRuntime,
  beforeFirstConnection,
  // Loaded on use: only `--sql` runs need it.
  offline: () => (require('./offline') as typeof import('./offline')).postgresOffline,
  runLock,
  exclusive: (sequelize, record, wait, fn, {runLock, read} = {}) =>
    sequelize.transaction(async () => {
      const name = `sequelize-migrate-record:${record.schema ? `${record.schema}.` : ''}${record.tableName}`
      const select = (sql: string) => sequelize.query<Row>(sql, {type: 'SELECT' as never})
      // One round trip: the section's lock, the run lock's check, and (once the lock is taken, in a
      // statement of its own, so with a snapshot taken after it) the caller's read.
      const {session} = runLock ?? {}
      if (!session) await ensureHeld(runLock)
      const take = `SELECT pg_try_advisory_xact_lock(hashtext(${sequelize.escape(name)})) AS taken${session ? `, ${holds(String(session.id), sequelize.escape(session.name))} AS held` : ''}`
      let rows: Row[] | undefined
      await waitForLock({
        take: async () => {
          const [lock, ...rest] = await select(read ? `${take}; ${read}` : take)
          if (session && lock?.held !== true) throw runLockLost()
          rows = rest
          return lock?.taken === true
        },
        holder: async () => describeHolder((await sequelize.query<Row>(HOLDER, {bind: [name], type: 'SELECT' as never}))[0]),
      }, wait, 'the record lock')
      return fn(read ? rows : undefined)
    }),
  tablesExist: async (sequelize, tables) => {
    // to_regclass resolves a name as the queries do (search_path) and answers null when absent.
    const bind: unknown[] = []
    const parameter = (value: unknown) => `$${bind.push(value)}`
    const tests = tables.map(({column, ...table}, index) => {
      const relation = `to_regclass(${parameter(quoteTable(sequelize, table))})`
      const test = column === undefined
        ? `${relation} IS NOT NULL`
        : `EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = ${relation} AND attname = ${parameter(column)} AND NOT attisdropped)`
      return `${test} AS t${index}`
    })
    const [row] = await sequelize.query<Record<string, unknown>>(`SELECT ${tests.join(', ')}`, {bind, type: 'SELECT' as never})
    return tables.map((_, index) => row?.[`t${index}`] === true)
  },
}
