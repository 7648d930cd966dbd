/**
 * The packages a project installs next to sequelize-migrate (its peer dependencies): Sequelize,
 * the driver of its database, sequelize-typescript and TypeScript. The project owns them, so there
 * is one copy of each; when one is missing, the error names the package and the command.
 */
import {ConfigError} from './errors'

/** What needs each peer package, as the subject of the message. */
const NEEDED_BY: Readonly<Record<string, string>> = {
  sequelize: 'sequelize-migrate',
  'sequelize-typescript': 'sequelize-typescript models',
  typescript: 'Loading TypeScript files',
  pg: 'PostgreSQL',
  'pg-hstore': "PostgreSQL's HSTORE type",
  mariadb: 'MariaDB',
  mysql2: 'MySQL',
  sqlite3: 'SQLite',
}

// Needed only while developing: installed with --save-dev.
const DEV_PACKAGES = new Set(['typescript'])

/** The package a module specifier belongs to: `typescript/package.json` → `typescript`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

/**
 * The one-line error for a missing peer package.
 *
 * @param neededBy what needs it, e.g. `Loading migrations/env.ts` (default: by package)
 * @example missingPackage('pg').message // 'PostgreSQL needs the "pg" package: npm install pg'
 */
export function missingPackage(name: string, neededBy = NEEDED_BY[name] ?? 'sequelize-migrate', options: {cause?: unknown} = {}): ConfigError {
  const install = DEV_PACKAGES.has(name) ? `npm install --save-dev ${name}` : `npm install ${name}`
  return new ConfigError('PACKAGE_MISSING', `${neededBy} needs the "${name}" package: ${install}`, options)
}

/** Whether `error` is Node's "Cannot find module" for `specifier` itself (not for a module it imports). */
function isNotFound(error: unknown, specifier: string): boolean {
  const {code, message} = (error ?? {}) as {code?: string; message?: string}
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.startsWith(`Cannot find module '${specifier}'`)
}

/**
 * `require(specifier)` of a peer package, resolved from sequelize-migrate's own location (which
 * finds the project's copy).
 *
 * @throws {ConfigError} `PACKAGE_MISSING` naming the package and the install command.
 */
export function requirePeer<T>(specifier: string, neededBy?: string): T {
  try {
    return require(specifier) as T
  } catch (error) {
    if (isNotFound(error, specifier)) throw missingPackage(packageName(specifier), neededBy, {cause: error})
    throw error
  }
}

/** Like {@link requirePeer}, but `undefined` when the package is not installed. */
export function optionalPeer<T>(specifier: string): T | undefined {
  try {
    return require(specifier) as T
  } catch (error) {
    if (isNotFound(error, specifier)) return undefined
    throw error
  }
}

/**
 * Recognizes a missing peer package in an error thrown by Sequelize ("Please install pg package
 * manually") or by Node ("Cannot find module 'mariadb'"), and returns the one-line error to throw
 * instead; `undefined` for any other error.
 */
export function explainMissingPackage(error: unknown): ConfigError | undefined {
  if (error instanceof ConfigError) return undefined
  const message = error instanceof Error ? error.message : ''
  const name = /^Please install (\S+) package manually/.exec(message)?.[1] ?? /^Cannot find module '([^']+)'/.exec(message)?.[1]
  if (name === undefined) return undefined
  const pkg = packageName(name)
  return Object.hasOwn(NEEDED_BY, pkg) ? missingPackage(pkg, undefined, {cause: error}) : undefined
}
