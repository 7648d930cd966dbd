/**
 * The dialect registry: everything that differs between databases lives under `src/dialects/<db>/`
 * as one {@link Dialect} object, reached through here. Adding a dialect is one folder and one line
 * below.
 */
import type {Options, Sequelize} from 'sequelize'

import {ConfigError} from '../errors'
import type {Dialect} from './dialect'

/**
 * By Sequelize's dialect name; each loaded when first asked for (a run on PostgreSQL never loads
 * the others: about 8 ms of start-up).
 */
const DIALECTS: Readonly<Record<string, () => Dialect>> = {
  postgres: () => (require('./postgres') as typeof import('./postgres')).postgres,
  mariadb: () => (require('./mariadb') as typeof import('./mariadb')).mariadb,
  mysql: () => (require('./mariadb') as typeof import('./mariadb')).mysql,
  sqlite: () => (require('./sqlite') as typeof import('./sqlite')).sqlite,
}

/** The dialect of a Sequelize dialect name, or undefined when it is not supported. */
export function findDialect(name: string): Dialect | undefined {
  return Object.hasOwn(DIALECTS, name) ? DIALECTS[name]() : undefined
}

/**
 * Every supported database, each once (MySQL and MariaDB are two): the databases a generated
 * revision must run on.
 */
export function allDialects(): Dialect[] {
  return [...new Set(Object.values(DIALECTS).map((load) => load()))]
}

function supported(): string {
  return Object.keys(DIALECTS).join(', ')
}

/**
 * The dialect of a Sequelize dialect name.
 *
 * @example dialectNamed('postgres').enumTypes // true
 * @throws {ConfigError} `UNSUPPORTED_DIALECT` for a dialect sequelize-migrate does not support.
 */
export function dialectNamed(name: string): Dialect {
  const dialect = findDialect(name)
  if (!dialect) throw new ConfigError('UNSUPPORTED_DIALECT', `sequelize-migrate does not support the ${name} dialect; supported: ${supported()}`)
  return dialect
}

/**
 * The dialect of the database behind `sequelize`. Verbs call this once and pass the result down.
 *
 * @throws {ConfigError} `UNSUPPORTED_DIALECT` for a dialect sequelize-migrate does not support.
 */
export function dialectOf(sequelize: Sequelize): Dialect {
  return dialectNamed(sequelize.getDialect())
}

// URL schemes Sequelize accepts under another name.
const SCHEME_ALIASES: Readonly<Record<string, string>> = {postgresql: 'postgres'}

/**
 * The dialect of a connection URL's scheme (`postgres://…`, `sqlite::memory:`).
 *
 * @throws {ConfigError} `UNSUPPORTED_DIALECT` for a scheme sequelize-migrate does not support.
 */
export function dialectOfUrl(url: string): Dialect {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1].toLowerCase() ?? ''
  const dialect = findDialect(SCHEME_ALIASES[scheme] ?? scheme)
  if (!dialect) throw new ConfigError('UNSUPPORTED_DIALECT', `Cannot tell a supported database from the URL scheme '${scheme}:'; supported: ${supported()}`)
  return dialect
}

/**
 * What to give the Sequelize constructor for a connection URL: the URL, or options where
 * Sequelize would misread it (SQLite URLs, which also make Node warn DEP0170).
 *
 * @example new Sequelize(connectionTarget(url) as string) // cast: the overloads differ
 */
export function connectionTarget(url: string): string | Options {
  return dialectOfUrl(url).scratch.target(url)
}

/** A Sequelize class: the project's own, or sequelize-typescript's. */
export type SequelizeClass = new (...args: any[]) => Sequelize

/**
 * A new instance of `SequelizeClass` for a connection URL or options (as {@link connectionTarget}
 * gives), with `options` over them.
 */
export function newSequelize(SequelizeClass: SequelizeClass, target: string | Options, options: Options = {}): Sequelize {
  return typeof target === 'string' ? new SequelizeClass(target, options) : new SequelizeClass({...target, ...options})
}

export type {CreatedScratch, OpenSequelize} from './scratch'
export type {Dialect, DialectFlags, DialectRuntime, DialectTypes, IntrospectOptions} from './dialect'
