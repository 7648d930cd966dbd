/**
 * Reading a sequelize-cli project as sequelize-cli reads it: `.sequelizerc` for the paths,
 * `config/config.json` (or `config.js`, or the file `.sequelizerc` names) for the database of the
 * current `NODE_ENV`, and the models folder as its generated `models/index.js` loads it.
 */
import {existsSync, readdirSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join, relative, resolve} from 'node:path'
import type {Options, Sequelize} from 'sequelize'

import {ConfigError} from '../errors'
import {defaultExport, loadModule, loadModuleSync} from '../loader'
import {registerSecret} from './mask'

/** The files sequelize-cli 6 runs: `.js`, `.cjs`, `.ts`, `.cts`, but no `.d.ts`. */
const MIGRATION_FILE = /^(?!.*\.d\.ts$).*\.(cjs|js|cts|ts)$/

/**
 * The migration files of a sequelize-cli folder, by name in the order sequelize-cli runs them.
 *
 * @throws {ConfigError} `NO_SEQUELIZE_CLI_DIR` when the folder does not exist.
 */
export function listMigrationFiles(directory: string): string[] {
  if (!existsSync(directory)) {
    throw new ConfigError('NO_SEQUELIZE_CLI_DIR', `sequelizeCli.migrationsPath ${relative(process.cwd(), directory) || '.'} does not exist; point it at the folder of the sequelize-cli migrations`)
  }
  return readdirSync(directory).filter((name) => MIGRATION_FILE.test(name)).sort()
}

/** The paths of a sequelize-cli project, absolute. */
export interface SequelizeCliPaths {
  /** The database configuration file. */
  config: string
  /** The folder of the migrations. */
  migrationsPath: string
  /** The folder of the models. */
  modelsPath: string
}

/**
 * The paths `.sequelizerc` in `root` sets, else sequelize-cli's defaults: `config/config.json`
 * (`config/config.js` when that exists), `migrations/`, `models/`.
 *
 * @throws {ConfigError} `LOAD_FAILED` when `.sequelizerc` cannot be loaded.
 */
export function readSequelizeRc(root = process.cwd()): SequelizeCliPaths {
  const rcFile = join(root, '.sequelizerc')
  // Required as sequelize-cli requires it: Node reads a file without extension as CommonJS.
  const rc = existsSync(rcFile) ? defaultExport(loadModuleSync(rcFile, '.sequelizerc')) as Record<string, unknown> : {}
  const defaultConfig = existsSync(join(root, 'config', 'config.js')) ? join('config', 'config.js') : join('config', 'config.json')
  const path = (key: string, fallback: string) => resolve(root, typeof rc[key] === 'string' ? rc[key] as string : fallback)
  return {config: path('config', defaultConfig), migrationsPath: path('migrations-path', 'migrations'), modelsPath: path('models-path', 'models')}
}

/** One environment's entry of a sequelize-cli configuration file. */
export interface SequelizeCliEntry extends Options {
  /** A connection URL, overriding the other connection settings. */
  url?: string
  /** The variable holding a connection URL. */
  use_env_variable?: string
  migrationStorage?: string
  migrationStorageTableName?: string
  migrationStorageTableSchema?: string
}

/**
 * The entry of `file` for `env` (default `NODE_ENV`, else `development`), as sequelize-cli picks
 * it: the file may export an object, a promise or a function returning one; a file without an
 * entry for `env` is taken as the entry itself.
 *
 * @throws {ConfigError} `NO_SEQUELIZE_CLI_CONFIG` when the file is missing, `INVALID_CONFIG` when
 * it holds no object.
 */
export async function readSequelizeCliConfig(file: string, env = process.env.NODE_ENV || 'development'): Promise<SequelizeCliEntry> {
  const shown = relative(process.cwd(), file)
  if (!existsSync(file)) throw new ConfigError('NO_SEQUELIZE_CLI_CONFIG', `No sequelize-cli configuration at ${shown}; create it, or name it in .sequelizerc (config: ...)`)
  let config = defaultExport(await loadModule(file, 'sequelize-cli configuration')) as unknown
  if (typeof config === 'function') config = await (config as () => unknown)()
  config = await config
  if (!config || typeof config !== 'object') throw new ConfigError('INVALID_CONFIG', `${shown} must hold an object of environments (development, test, production)`)
  const entries = config as Record<string, unknown>
  const entry = (entries[env] && typeof entries[env] === 'object' ? entries[env] : entries) as SequelizeCliEntry
  return {...entry}
}

/** Options of {@link sequelizeCliDatabase}. */
export interface SequelizeCliDatabaseOptions {
  /**
   * The configuration file.
   * @default what `.sequelizerc` names, else `config/config.json`
   */
  config?: string
  /**
   * The environment of the file to use.
   * @default process.env.NODE_ENV, else 'development'
   */
  env?: string
  /**
   * The models folder to register (every file but `index`, each exporting
   * `(sequelize, DataTypes) => Model`, then their `associate`), or false for none.
   * @default what `.sequelizerc` names, else `models/`
   */
  models?: string | false
}

/**
 * The Sequelize instance sequelize-cli would connect with, with the project's models registered
 * so `db migrate` and `db check` can compare them. Paths are relative to the working directory.
 *
 * @example
 * export default defineConfig({
 *   sequelize: () => sequelizeCliDatabase(),
 *   sequelizeCli: {migrationsPath: 'db/migrations'},
 * })
 * @throws {ConfigError} when the configuration cannot be read or names no usable URL.
 */
export async function sequelizeCliDatabase(options: SequelizeCliDatabaseOptions = {}): Promise<Sequelize> {
  const paths = readSequelizeRc()
  const configFile = resolve(options.config ?? paths.config)
  const {url, use_env_variable: variable, migrationStorage: _storage, migrationStorageTableName: _table, migrationStorageTableSchema: _schema, ...entry} = await readSequelizeCliConfig(configFile, options.env)
  // The project's own copy of Sequelize, as sequelize-cli resolves it; ours when it has none.
  const SequelizeClass = projectSequelize(configFile)
  const connection = url ?? (variable ? process.env[variable] : undefined)
  if (variable && !connection) throw new ConfigError('NO_DATABASE_URL', `${relative(process.cwd(), configFile)} reads the URL from $${variable}, which is not set`)
  registerSecret(entry.password ?? undefined)
  const settings: Options = {...entry, logging: entry.logging ? console.log : false}
  const sequelize = connection ? new SequelizeClass(connection, settings) : new SequelizeClass(settings)
  const models = options.models === undefined ? paths.modelsPath : options.models
  if (models !== false) await registerModels(sequelize, resolve(models))
  return sequelize
}

function projectSequelize(from: string): typeof import('sequelize').Sequelize {
  try {
    return createRequire(from)('sequelize').Sequelize
  } catch {
    return (require('sequelize') as typeof import('sequelize')).Sequelize
  }
}

/** Registers the models of a sequelize-cli models folder, as its generated `index.js` does. */
async function registerModels(sequelize: Sequelize, directory: string): Promise<void> {
  if (!existsSync(directory)) return
  const DataTypes = (sequelize.constructor as unknown as {DataTypes: unknown}).DataTypes
  const files = readdirSync(directory)
    .filter((name) => /\.(c?js|ts)$/.test(name) && !/^index\./.test(name) && !/\.(test|spec|d)\.[cm]?[jt]s$/.test(name))
    .sort()
  const models: Record<string, {associate?: (models: object) => void}> = {}
  for (const name of files) {
    const define = defaultExport(loadModuleSync(join(directory, name), 'model')) as unknown
    // A factory `(sequelize, DataTypes) => Model`; a file exporting anything else is left alone.
    if (typeof define !== 'function' || 'rawAttributes' in define) continue
    const model = (define as (sequelize: Sequelize, types: unknown) => {name: string; associate?: (models: object) => void})(sequelize, DataTypes)
    if (model?.name) models[model.name] = model
  }
  for (const model of Object.values(models)) model.associate?.(models)
}
