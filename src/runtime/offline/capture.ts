/**
 * A Sequelize instance that writes SQL instead of running it: every query its QueryInterface (or
 * a revision) issues is recorded as one statement of the script, with bind parameters inlined by
 * the dialect's own escaping. It never connects.
 *
 * Reads cannot be answered without a database. A read is still written to the script (a
 * `SELECT setval(...)` whose result nobody looks at is a statement like any other), but its
 * result is a value that throws as soon as the revision looks into it; the runner then fails the
 * revision. Catalog reads the dialect can answer from the script's own schema (SQLite's shadow
 * database) are answered and not written.
 */
import type {QueryOptions, Sequelize} from 'sequelize'

import type {OfflineHooks} from '../../dialects/dialect'
import {MigrateError} from '../../errors'

/** A read whose result a revision used while offline. */
export class OfflineReadError extends MigrateError {
  constructor(readonly sql: string) {
    super('OFFLINE_READ', `reads from the database (${shorten(sql)}), which --sql cannot do`)
  }
}

function shorten(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim()
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat
}

const READ_TYPES = new Set(['SELECT', 'SHOWTABLES', 'SHOWINDEXES', 'DESCRIBE', 'FOREIGNKEYS', 'SHOWCONSTRAINTS', 'VERSION'])

/** Whether a statement returns rows a caller may look at. */
export function isRead(sql: string, type?: string): boolean {
  if (type !== undefined && READ_TYPES.has(type)) return true
  if (/^\s*(SELECT|WITH|SHOW|DESCRIBE|DESC|EXPLAIN|VALUES|TABLE)\b/i.test(sql)) return true
  return /^\s*PRAGMA\b/i.test(sql) && !sql.includes('=')
}

/** The statement as the script writes it: trimmed, ending with `;`. */
export function asStatement(sql: string): string {
  const text = sql.trim()
  return text.endsWith(';') ? text : `${text};`
}

interface QueryClass {
  formatBindParameters(sql: string, values: unknown, dialect: string, replace?: (match: string, key: string, values: Record<string, unknown>) => string | undefined): [string, unknown]
}

interface SequelizeInternals {
  options: {dialect: string; databaseVersion?: string | number}
  dialect: {Query: QueryClass; defaultVersion?: string}
  connectionManager: Record<string, unknown>
  query(sql: string | {query: string; bind?: unknown; values?: unknown}, options?: QueryOptions): Promise<unknown>
}

/**
 * Records what one offline run writes. `statements` grows as revisions run; `readUsed` is set
 * once any revision looks into the result of a read.
 */
export class Capture {
  readonly statements: string[] = []
  /** Whether statements are written (false while replaying the revisions below START). */
  writing = true
  readUsed: OfflineReadError | undefined

  constructor(readonly sequelize: Sequelize, private readonly hooks: OfflineHooks) {}

  /** Writes a statement of the runner's own (a comment, BEGIN, COMMIT) without running it. */
  note(text: string): void {
    if (this.writing) this.statements.push(text)
  }

  /** What Sequelize's dialect Query.run returns, for a query the capture took. */
  async execute(sql: string, options: QueryOptions & {instance?: unknown}): Promise<unknown> {
    const answered = await this.hooks.answer?.(sql, options)
    if (answered) return answered.result
    if (this.writing) this.statements.push(asStatement(sql))
    if (isRead(sql, options.type)) return this.unreadable(sql)
    await this.hooks.observe?.(sql)
    switch (options.type) {
      case 'INSERT': case 'UPSERT': return [options.instance ?? [], 1]
      case 'UPDATE': return [[], 0]
      case 'BULKUPDATE': case 'BULKDELETE': case 'DELETE': return 0
      default: return [[], 0]
    }
  }

  /** A result that throws as soon as it is looked into (awaiting it is fine). */
  private unreadable(sql: string): unknown {
    const fail = (): never => {
      this.readUsed ??= new OfflineReadError(sql)
      throw this.readUsed
    }
    return new Proxy([], {
      get: (_target, property) => (property === 'then' ? undefined : fail()),
      has: fail,
      ownKeys: fail,
      getOwnPropertyDescriptor: fail,
    })
  }
}

/**
 * Turns `sequelize` (built by env, never connected) into one that records instead of running:
 * its connection manager hands out no connection, its dialect's Query records, and bind
 * parameters are inlined with `sequelize.escape` before Sequelize sees them.
 */
export function captureQueries(sequelize: Sequelize, hooks: OfflineHooks): Capture {
  const capture = new Capture(sequelize, hooks)
  const internals = sequelize as unknown as SequelizeInternals
  const original = internals.query.bind(sequelize)
  let base = internals.dialect.Query
  while (typeof (Object.getPrototypeOf(base) as Partial<QueryClass>).formatBindParameters === 'function') base = Object.getPrototypeOf(base)
  // Sequelize asks the server for its version when it connects; offline it assumes its oldest supported.
  if (!internals.options.databaseVersion) internals.options.databaseVersion = internals.dialect.defaultVersion

  const connection = {offline: true}
  Object.assign(internals.connectionManager, {
    getConnection: async () => connection,
    releaseConnection: async () => {},
    close: async () => {},
    _refreshDynamicOIDs: async () => {},
  })
  class RecordingQuery {
    constructor(_connection: unknown, _sequelize: unknown, readonly options: QueryOptions) {}
    run(sql: string): Promise<unknown> {
      return capture.execute(sql, this.options)
    }
  }
  internals.dialect.Query = Object.assign(RecordingQuery, {formatBindParameters: base.formatBindParameters.bind(base)}) as unknown as QueryClass

  internals.query = (sql, options = {}) => {
    let text = typeof sql === 'object' ? sql.query : sql
    let bind = options.bind ?? (typeof sql === 'object' ? sql.bind : undefined)
    if (bind !== undefined) {
      const escape = (_match: string, key: string, values: Record<string, unknown>) => (values[key] === undefined ? undefined : sequelize.escape(values[key] as string))
      text = base.formatBindParameters(text, bind, internals.options.dialect, escape)[0]
      bind = undefined
    }
    const rest = typeof sql === 'object' && sql.values !== undefined ? {replacements: sql.values} : {}
    return original(text, {...options, ...rest, bind: undefined} as QueryOptions)
  }
  // A managed transaction inside a revision joins the revision's BEGIN/COMMIT; an unmanaged one
  // (no callback) has commit and rollback calls the script cannot mirror.
  ;(sequelize as unknown as {transaction: unknown}).transaction = async (optionsOrCallback?: unknown, callback?: unknown) => {
    const run = typeof optionsOrCallback === 'function' ? optionsOrCallback : callback
    if (typeof run !== 'function') {
      throw new MigrateError('OFFLINE_TRANSACTION', 'sequelize.transaction() without a callback cannot be written offline; pass a callback, whose queries then join the revision\'s BEGIN/COMMIT')
    }
    return run(null)
  }
  hooks.patchQueryInterface?.(sequelize)
  return capture
}
