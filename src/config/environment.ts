/**
 * Finds and loads a migrations folder's env file and builds the Sequelize instance it describes.
 */
import {existsSync, statSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import type {Sequelize} from 'sequelize'

import {ConfigError, MigrateError} from '../errors'
import {explainMissingPackage} from '../peers'
import {type MigrateConfig, setXArguments, type VersionTableOptions} from './define-config'
import {defaultExport, explainMissingMetadata, loadModule, MODULE_EXTENSIONS, throwingFile} from '../loader'
import {databaseUrlChoice, parseDatabaseUrl, resetDatabaseUrlChoice} from './database-url'
import {registerSecret} from './mask'
import {preloadPgStream} from './pg-stream'

/** The migrations folder used when neither `-d` nor `SEQUELIZE_MIGRATE_DIR` names one. */
export const DEFAULT_DIRECTORY = 'migrations'

/** The version table with every default filled in. */
export interface ResolvedVersionTable {
  tableName: string
  columnName: string
  schema?: string
}

/** The sequelize-cli migrations a project adopted (`sequelizeCli` in env), resolved. */
export interface ResolvedSequelizeCli {
  /** Absolute path of the folder of migration files. */
  migrationsDirectory: string
  /** The table sequelize-cli records them in (column `name`). */
  table: ResolvedVersionTable
  /** How the files are called: sequelize-cli's `(queryInterface, Sequelize)` or umzug 3's `({context, name, path})`. */
  style?: 'sequelize-cli' | 'umzug'
  /** umzug 3's `context`, from env's Sequelize instance (default: its QueryInterface). */
  context?: (sequelize: Sequelize) => unknown
}

/**
 * The name of the record's side table of started revisions (format: `runtime/record-table.ts`):
 * the record table's name + `_progress`, in the same schema.
 */
export function progressTableName(table: ResolvedVersionTable): string {
  return `${table.tableName}_progress`
}

/** A loaded migrations folder: its paths, its configuration and, on demand, its database. */
export interface Environment {
  /** Absolute path of the migrations folder. */
  directory: string
  /** Absolute path of `versions/`. */
  versionsDirectory: string
  /** Absolute path of the env file. */
  envFile: string
  config: MigrateConfig
  versionTable: ResolvedVersionTable
  /** Set when env adopts sequelize-cli migrations. */
  sequelizeCli?: ResolvedSequelizeCli
  /**
   * Every table that records migrations: the version table and sequelize-cli's (its default
   * `SequelizeMeta` always). Autogenerate never compares them.
   */
  recordTables: ResolvedVersionTable[]
  x: Record<string, string>
  /** Builds (once) and returns the Sequelize instance; does not connect. */
  sequelize(): Promise<Sequelize>
  /** Closes the Sequelize instance if one was built. */
  close(): Promise<void>
}

/**
 * The migrations folder: the flag, else `SEQUELIZE_MIGRATE_DIR`, else the first `migrations`
 * folder holding an env file or `versions/` in the working directory or one of its parents (as git
 * finds `.git`), else `./migrations`. `db init` passes `walkUp: false`: it creates the folder here.
 */
export function resolveDirectory(directory?: string, options: {walkUp?: boolean} = {}): string {
  const given = directory ?? process.env.SEQUELIZE_MIGRATE_DIR
  if (given !== undefined) return resolve(given)
  const here = resolve(DEFAULT_DIRECTORY)
  if (options.walkUp === false) return here
  for (let folder = process.cwd(); ; folder = dirname(folder)) {
    const candidate = join(folder, DEFAULT_DIRECTORY)
    if (isMigrationsFolder(candidate)) return candidate
    if (dirname(folder) === folder) return here
  }
}

function isMigrationsFolder(path: string): boolean {
  return existsSync(join(path, 'versions')) || findEnvFile(path) !== undefined
}

/** The env file of a migrations folder, or undefined when it has none. */
export function findEnvFile(directory: string): string | undefined {
  for (const extension of MODULE_EXTENSIONS) {
    const file = join(directory, `env${extension}`)
    if (existsSync(file)) return file
  }
  return undefined
}

function resolveVersionTable(option: MigrateConfig['versionTable']): ResolvedVersionTable {
  const given: VersionTableOptions = typeof option === 'string' ? {tableName: option} : option ?? {}
  return {tableName: given.tableName ?? 'SequelizeMeta', columnName: given.columnName ?? 'name', schema: given.schema}
}

function resolveSequelizeCli(option: MigrateConfig['sequelizeCli'], envShown: string): ResolvedSequelizeCli | undefined {
  if (option === undefined) return undefined
  if (typeof option?.migrationsPath !== 'string' || option.migrationsPath === '') {
    throw new ConfigError('INVALID_CONFIG', `${envShown}: sequelizeCli needs migrationsPath, the folder of the sequelize-cli migrations (e.g. sequelizeCli: {migrationsPath: 'db/migrations'})`)
  }
  if (option.style !== undefined && option.style !== 'sequelize-cli' && option.style !== 'umzug') {
    throw new ConfigError('INVALID_CONFIG', `${envShown}: sequelizeCli.style is 'sequelize-cli' (up(queryInterface, Sequelize)) or 'umzug' (up({context})), got ${JSON.stringify(option.style)}`)
  }
  if (option.context !== undefined && (typeof option.context !== 'function' || option.style !== 'umzug')) {
    throw new ConfigError('INVALID_CONFIG', `${envShown}: sequelizeCli.context is a function (sequelize) => context, and only umzug migrations take one (style: 'umzug')`)
  }
  return {
    migrationsDirectory: resolve(option.migrationsPath),
    table: {tableName: option.tableName ?? SEQUELIZE_CLI_TABLE, columnName: 'name', schema: option.schema},
    ...(option.style === 'umzug' ? {style: 'umzug' as const, ...(option.context ? {context: option.context} : {})} : {}),
  }
}

/** The table sequelize-cli records its migrations in unless configured otherwise. */
export const SEQUELIZE_CLI_TABLE = 'SequelizeMeta'

/** The tables that record migrations, without duplicates. */
function recordTablesOf(versionTable: ResolvedVersionTable, sequelizeCli?: ResolvedSequelizeCli): ResolvedVersionTable[] {
  const tables = [versionTable, sequelizeCli?.table ?? {tableName: SEQUELIZE_CLI_TABLE, columnName: 'name'}]
  return tables.filter((table, index) => tables.findIndex((other) => sameTable(other, table)) === index)
}

/** Whether two record tables are one table. */
export function sameTable(a: ResolvedVersionTable, b: ResolvedVersionTable): boolean {
  return a.tableName === b.tableName && (a.schema ?? '') === (b.schema ?? '')
}

/** Duck-typed: the user's Sequelize may be another copy of the package than ours. */
export function isSequelize(value: unknown): value is Sequelize {
  const candidate = value as Partial<Sequelize> | undefined
  return typeof candidate?.getQueryInterface === 'function' && typeof candidate?.getDialect === 'function'
}

/**
 * Checks the migrations folder exists; returns it relative to the working directory, for messages.
 *
 * @throws {ConfigError} `NO_MIGRATIONS_DIR`, suggesting `db init`.
 */
export function checkDirectory(directory: string): string {
  const shown = relative(process.cwd(), directory) || '.'
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    const looked = directory === resolve(DEFAULT_DIRECTORY) && process.env.SEQUELIZE_MIGRATE_DIR === undefined ? ` (looked for ${DEFAULT_DIRECTORY}/ here and in every parent folder)` : ''
    throw new ConfigError('NO_MIGRATIONS_DIR', `No migrations folder at ${shown}${looked}; run \`db init\` to create one, or point -d/--directory at it`)
  }
  return shown
}

/** Checks `-x url` and `DATABASE_URL`, when set: the URLs an env file most likely uses. */
function checkUrls(x: Record<string, string>): void {
  if (x.url !== undefined) parseDatabaseUrl(x.url, '-x url')
  else if (process.env.DATABASE_URL !== undefined) parseDatabaseUrl(process.env.DATABASE_URL, 'DATABASE_URL')
}

/**
 * The error to report when env's `sequelize` factory throws: ours as they are; otherwise, when the
 * URL env most likely used (`-x url`, `DATABASE_URL`) is malformed, what is wrong with it (Sequelize
 * reports those as "Cannot read properties of null" or "URI malformed"); else the factory's error.
 */
function explainBuildFailure(error: unknown, envShown: string, x: Record<string, string>): Error {
  if (error instanceof MigrateError) return error
  try {
    checkUrls(x)
  } catch (diagnosis) {
    return diagnosis as Error
  }
  // Sequelize loads the driver when the instance is built: a missing one surfaces here.
  const explained = explainMissingPackage(error) ?? explainMissingMetadata(error, throwingFile(error))
  if (explained) return explained
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error)
  return new ConfigError('ENV_SEQUELIZE_FAILED', `${envShown} failed to build its Sequelize instance: ${detail}`, {cause: error})
}

function forgetCommonJsModule(file: string): void {
  try {
    delete require.cache[require.resolve(file)]
  } catch {
    // not loadable through require: loadModule reports why
  }
}

/**
 * Loads the env file of a migrations folder (evaluating it again when it was loaded before).
 *
 * @throws {ConfigError} `NO_MIGRATIONS_DIR` (suggests `db init`), `NO_ENV_FILE`, `INVALID_CONFIG`,
 * `LOAD_FAILED` / `COMPILE_FAILED` when the env file (or a model it imports) cannot be loaded.
 */
export async function loadEnvironment(options: {directory?: string; x?: Record<string, string>} = {}): Promise<Environment> {
  const directory = resolveDirectory(options.directory)
  const shown = checkDirectory(directory)
  const envFile = findEnvFile(directory)
  if (!envFile) {
    throw new ConfigError('NO_ENV_FILE', `${shown} has no env file (env.ts or env.js); run \`db init\` in an empty folder to get one`)
  }

  const x = options.x ?? {}
  setXArguments(x)
  // Evaluated afresh on every load: env may read xArguments() while it loads, and a test helper
  // called twice in one process must not get the first call's values. The modules env imports
  // stay cached (an ES-module env file too: Node keeps those for the process).
  forgetCommonJsModule(envFile)
  preloadPgStream(dirname(envFile))
  const config = defaultExport(await loadModule(envFile, 'env file')) as MigrateConfig | undefined
  const envShown = relative(process.cwd(), envFile)
  if (!config || typeof config !== 'object' || !('sequelize' in config)) {
    throw new ConfigError('INVALID_CONFIG', `${envShown} must default-export defineConfig({sequelize}) with a Sequelize instance or a function returning one`)
  }

  let built: Promise<Sequelize> | undefined
  let instance: Sequelize | undefined
  const build = async (): Promise<Sequelize> => {
    resetDatabaseUrlChoice()
    let candidate: unknown
    try {
      candidate = typeof config.sequelize === 'function' && !isSequelize(config.sequelize) ? await config.sequelize({x, directory}) : config.sequelize
    } catch (error) {
      throw explainBuildFailure(error, envShown, x)
    }
    if (!isSequelize(candidate)) {
      throw new ConfigError('NO_SEQUELIZE', `${envShown}: \`sequelize\` is not a Sequelize instance; give defineConfig a Sequelize instance or a function returning one`)
    }
    // An env that reads the URL itself (not through databaseUrl) gets it checked here, before any
    // connection: Sequelize would send the credentials of a malformed one to a wrong host.
    if (databaseUrlChoice() === undefined) checkUrls(x)
    registerSecret((candidate as unknown as {config?: {password?: string}}).config?.password)
    instance = candidate
    return candidate
  }

  const versionTable = resolveVersionTable(config.versionTable)
  const sequelizeCli = resolveSequelizeCli(config.sequelizeCli, envShown)
  return {
    directory,
    versionsDirectory: join(directory, 'versions'),
    envFile,
    config,
    versionTable,
    sequelizeCli,
    recordTables: recordTablesOf(versionTable, sequelizeCli),
    x,
    sequelize: () => (built ??= build()),
    close: async () => {
      if (instance) await instance.close()
    },
  }
}
