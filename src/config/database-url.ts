/**
 * Reading connection URLs by their structure: the parts a run reports (dialect, user, host, port,
 * database or file), checked before Sequelize sees them, and never the password in any message.
 */
import {ConfigError} from '../errors'

/** A connection URL taken apart. */
export interface DatabaseUrl {
  /** Sequelize's dialect name (`postgresql:` reads as `postgres`). */
  dialect: string
  username?: string
  password?: string
  host?: string
  port?: number
  database?: string
  /** SQLite: the file, as written in the URL (`:memory:` for an in-memory database). */
  storage?: string
}

/** URL schemes sequelize-migrate runs on, by the Sequelize dialect they select. */
const SCHEMES: Readonly<Record<string, string>> = {postgres: 'postgres', postgresql: 'postgres', mariadb: 'mariadb', mysql: 'mysql', sqlite: 'sqlite'}

/** Schemes naming a file rather than a server. */
const FILE_SCHEMES = new Set(['sqlite'])

const ENCODE_HINT = 'percent-encode \'@\', \':\', \'/\', \'?\', \'#\' and \'%\' in the user and password (e.g. @ as %40)'

/**
 * Takes a connection URL apart. Messages name `source` (where the URL came from) and never
 * repeat the URL's user or password, nor any part that could be one.
 *
 * @example parseDatabaseUrl('postgres://app:secret@db:5432/shop') // {dialect: 'postgres', username: 'app', password: 'secret', host: 'db', port: 5432, database: 'shop'}
 * @throws {ConfigError} `EMPTY_DATABASE_URL`, `MALFORMED_DATABASE_URL`, `UNKNOWN_DIALECT`,
 * `INVALID_PORT`, `INVALID_ESCAPE`.
 */
export function parseDatabaseUrl(text: string, source = 'DATABASE_URL'): DatabaseUrl {
  const url = text.trim()
  if (url === '') throw new ConfigError('EMPTY_DATABASE_URL', `${source} is empty; set it to a connection URL such as postgres://app@db:5432/shop (with the password after the user: app:password@db)`)
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)
  if (!scheme) {
    throw new ConfigError('MALFORMED_DATABASE_URL', `${source} is not a connection URL (it must start with the database, e.g. postgres:// or sqlite:); its text is not shown as it may hold a password`)
  }
  const name = scheme[1].toLowerCase()
  const dialect = Object.hasOwn(SCHEMES, name) ? SCHEMES[name] : undefined
  if (!dialect) {
    throw new ConfigError('UNKNOWN_DIALECT', `${source} names the database '${name}', which sequelize-migrate does not support; use ${[...new Set(Object.keys(SCHEMES))].join(', ')}`)
  }
  const rest = url.slice(scheme[0].length)
  if (FILE_SCHEMES.has(dialect)) return {dialect, storage: sqliteStorage(rest)}
  if (!rest.startsWith('//')) throw new ConfigError('MALFORMED_DATABASE_URL', `${source} is malformed: expected ${name}://user:password@host:port/database`)

  const afterSlashes = rest.slice(2)
  const authorityEnd = firstIndexOf(afterSlashes, '/?#')
  const authority = afterSlashes.slice(0, authorityEnd)
  const path = afterSlashes.slice(authorityEnd).replace(/[?#].*$/s, '')
  // An '@' past the authority, or two in it, means the password holds a character that ends it.
  if ((authority.match(/@/g) ?? []).length > 1 || path.includes('@')) {
    throw new ConfigError('MALFORMED_DATABASE_URL', `${source} is malformed: its user or password holds an unencoded character; ${ENCODE_HINT}`)
  }
  const at = authority.lastIndexOf('@')
  const userInfo = at >= 0 ? authority.slice(0, at) : undefined
  const hostPort = authority.slice(at + 1)
  const parsed: DatabaseUrl = {dialect}
  if (userInfo !== undefined) {
    const colon = userInfo.indexOf(':')
    parsed.username = decode(colon >= 0 ? userInfo.slice(0, colon) : userInfo, source, 'user or password', true) || undefined
    if (colon >= 0) parsed.password = decode(userInfo.slice(colon + 1), source, 'user or password', true)
  }
  const hostMatch = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/s.exec(hostPort)
  const [, host = '', port] = hostMatch ?? []
  if (!hostMatch || /[\s\\]/.test(host)) throw new ConfigError('MALFORMED_DATABASE_URL', `${source} is malformed: its host is not valid; ${ENCODE_HINT}`)
  if (host) parsed.host = host
  if (port !== undefined && port !== '') {
    const number = /^\d{1,5}$/.test(port) ? Number(port) : Number.NaN
    // The port is not echoed: with an unencoded character in the password it is part of it.
    if (!(number >= 1 && number <= 65_535)) throw new ConfigError('INVALID_PORT', `${source} has an invalid port (a number from 1 to 65535 is needed); if the password holds ':' or '@', ${ENCODE_HINT}`)
    parsed.port = number
  }
  const database = decode(path.replace(/^\//, ''), source, 'database name')
  if (database) parsed.database = database
  return parsed
}

/** The file part of a `sqlite:` URL the way Sequelize reads it: `sqlite:./a.db`, `sqlite:///abs/a.db`, `sqlite::memory:`. */
function sqliteStorage(rest: string): string {
  const withoutQuery = rest.replace(/\?.*$/s, '')
  if (withoutQuery.startsWith('//')) {
    const afterSlashes = withoutQuery.slice(2)
    return afterSlashes.startsWith('/') ? afterSlashes : afterSlashes.replace(/^\//, '')
  }
  return withoutQuery === '' || /^\/?:memory/.test(withoutQuery) ? ':memory:' : withoutQuery
}

function firstIndexOf(text: string, characters: string): number {
  for (let index = 0; index < text.length; index++) if (characters.includes(text[index])) return index
  return text.length
}

function decode(part: string, source: string, what: string, secret = false): string {
  try {
    return decodeURIComponent(part)
  } catch (error) {
    const hint = secret ? `; ${ENCODE_HINT}` : '; write a literal % as %25'
    throw new ConfigError('INVALID_ESCAPE', `${source} has an invalid %-escape in its ${what}${hint}`, {cause: secret ? undefined : error})
  }
}

/**
 * The URL without its password, for messages: `postgres://app@db:5432/shop`, `sqlite:./dev.sqlite`.
 *
 * @example describeDatabaseUrl(parseDatabaseUrl('mysql://root:pw@localhost/app')) // 'mysql://root@localhost/app'
 */
export function describeDatabaseUrl(url: DatabaseUrl): string {
  if (url.storage !== undefined) return `${url.dialect}:${url.storage}`
  const user = url.username ? `${encodeURIComponent(url.username)}@` : ''
  const port = url.port ? `:${url.port}` : ''
  return `${url.dialect}://${user}${url.host ?? 'localhost'}${port}/${url.database ?? ''}`
}

/** Options of {@link databaseUrl}. */
export interface DatabaseUrlOptions {
  /** The `-x` arguments: `-x url=…` wins over the variable. */
  x?: Record<string, string>
  /**
   * The environment variable to read.
   * @default 'DATABASE_URL'
   */
  variable?: string
  /**
   * The URL to use when neither `-x url` nor the variable names one; every run then says so on
   * its first line. Without it a missing URL is an error.
   */
  fallback?: string
}

/** Where the URL {@link databaseUrl} returned last came from, for the run's `Database:` line. */
export interface DatabaseUrlChoice {
  source: 'x' | 'variable' | 'fallback'
  variable: string
}

// On globalThis: the env file may import another copy of this package than the CLI runs.
const CHOICE = Symbol.for('sequelize-migrate.databaseUrlChoice')
const shared = globalThis as {[CHOICE]?: DatabaseUrlChoice}

/**
 * The connection URL for env files: `-x url=…`, else the variable (`DATABASE_URL`), else
 * `fallback`, checked so a bad one stops the run with one line before Sequelize sees it.
 *
 * @example new Sequelize(databaseUrl({x, fallback: 'sqlite:./dev.sqlite'}), {logging: false})
 * @throws {ConfigError} `NO_DATABASE_URL` when nothing names a database and there is no fallback,
 * and the codes of {@link parseDatabaseUrl}.
 */
export function databaseUrl(options: DatabaseUrlOptions = {}): string {
  const variable = options.variable ?? 'DATABASE_URL'
  const fromX = options.x?.url
  const fromVariable = process.env[variable]
  const [url, source, shown]: [string | undefined, DatabaseUrlChoice['source'], string] = fromX !== undefined
    ? [fromX, 'x', '-x url']
    : fromVariable !== undefined ? [fromVariable, 'variable', variable] : [options.fallback, 'fallback', 'the fallback URL']
  if (url === undefined) {
    throw new ConfigError('NO_DATABASE_URL', `${variable} is not set; set it to the database's URL (e.g. ${variable}=postgres://app@db:5432/shop) or pass -x url=…`)
  }
  parseDatabaseUrl(url, shown)
  shared[CHOICE] = {source, variable}
  return url
}

/** Where the last {@link databaseUrl} call found its URL; undefined when env did not call it. */
export function databaseUrlChoice(): DatabaseUrlChoice | undefined {
  return shared[CHOICE]
}

/** Forgets the last choice (before an env file builds its Sequelize instance). */
export function resetDatabaseUrlChoice(): void {
  delete shared[CHOICE]
}
