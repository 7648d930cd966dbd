/**
 * What a migrations folder's `env.ts` exports, and the helper that types it.
 */
import type {Sequelize} from 'sequelize'

import type {CompareOptions} from '../autogenerate/compare'
import type {NamingConvention} from '../schema/naming'

/** What a `sequelize` factory in env.ts receives. */
export interface ConfigContext {
  /** The `-x key=value` arguments of this invocation. */
  x: Record<string, string>
  /** Absolute path of the migrations folder. */
  directory: string
}

/** Where the record of applied revisions lives. */
export interface VersionTableOptions {
  /**
   * Table name.
   * @default 'SequelizeMeta' (the table umzug and sequelize-cli use)
   */
  tableName?: string
  /**
   * Column holding the applied revision ids.
   * @default 'name'
   */
  columnName?: string
  /** PostgreSQL schema of the table. */
  schema?: string
}

/**
 * A project whose history so far is sequelize-cli (or umzug) migrations: those files are the
 * prehistory of the revision graph (the revision `sequelize-cli`), run and recorded as
 * sequelize-cli runs and records them.
 */
export interface SequelizeCliOptions {
  /**
   * The folder of the migration files, as `.sequelizerc`'s `migrations-path` names it; a relative
   * path is resolved against the working directory, as sequelize-cli resolves it.
   * @example 'db/migrations'
   */
  migrationsPath: string
  /**
   * The table sequelize-cli records them in (its `migrationStorageTableName`).
   * @default 'SequelizeMeta'
   */
  tableName?: string
  /** PostgreSQL schema of that table (its `migrationStorageTableSchema`). */
  schema?: string
  /**
   * How the files are written: `'sequelize-cli'`, `up(queryInterface, Sequelize)`, or `'umzug'`,
   * umzug 3's `up({context, name, path})` (recorded by file name in the same table, as umzug's
   * `SequelizeStorage` records them).
   * @default 'sequelize-cli'
   */
  style?: 'sequelize-cli' | 'umzug'
  /**
   * With `style: 'umzug'`: the `context` the project's own Umzug gave its migrations, built from
   * env's Sequelize instance.
   * @default (sequelize) => sequelize.getQueryInterface()
   * @example context: (sequelize) => ({queryInterface: sequelize.getQueryInterface(), sequelize})
   */
  context?: (sequelize: Sequelize) => unknown
}

/** The configuration a migrations folder's env file default-exports. */
export interface MigrateConfig {
  /**
   * A Sequelize instance with the application's models added, or a (sync or async) factory that
   * returns one. A factory is called once per command, only when the command needs the database
   * or the models.
   */
  sequelize: Sequelize | ((context: ConfigContext) => Sequelize | Promise<Sequelize>)
  /**
   * The version table: a table name, or the full options.
   * @default {tableName: 'SequelizeMeta', columnName: 'name'}
   */
  versionTable?: string | VersionTableOptions
  /** Autogenerate settings (`db migrate`, `db check`). */
  autogenerate?: AutogenerateSettings
  /**
   * The sequelize-cli migrations this project ran before its first revision. Revisions whose
   * `downRevision` is `'sequelize-cli'` build on them.
   * @default none
   * @example sequelizeCli: {migrationsPath: 'db/migrations'}
   */
  sequelizeCli?: SequelizeCliOptions
}

/** Settings for autogenerate (`db migrate`, `db check`, `assertModelsMatchMigrations`), all optional. */
export interface AutogenerateSettings {
  /**
   * Only compare these: table-name globs (picomatch: `*`, `?`, `{a,b}`, matched against `schema.table` or `table`), or
   * a predicate over every table, column, index and constraint.
   * @default everything
   */
  include?: CompareOptions['include']
  /**
   * Leave these out: table-name globs or a predicate returning true for objects to skip.
   * @default nothing
   */
  exclude?: CompareOptions['exclude']
  /**
   * Models to leave out of autogenerate, named as in `sequelize.models`: for an env that must use
   * the application's own Sequelize instance with every model registered, when two models on one
   * table disagree on a column. A table only these models define is neither created nor dropped.
   * @default none
   * @example excludeModels: ['Template']
   */
  excludeModels?: string[]
  /**
   * PostgreSQL schemas to compare.
   * @default ['public']
   */
  schemas?: string[]
  /**
   * Compare column types; false turns it off; a function `(database, model) => boolean |
   * undefined` decides per column (true: they differ; undefined: use the built-in comparison).
   * @default true
   */
  compareTypes?: CompareOptions['compareTypes']
  /**
   * Compare server defaults, like `compareTypes`.
   * @default true
   */
  compareDefaults?: CompareOptions['compareDefaults']
  /**
   * Names for the indexes and constraints the models leave unnamed, as Alembic's
   * `naming_convention`: templates with the tokens `{table}`, `{columns}` (column names joined by
   * `_`), `{column0}` and, for foreign keys, `{referencedTable}`. A name the model gives always
   * wins; an index named as Sequelize names it by default (`users_last_name`) counts as unnamed.
   * Names longer than the database allows are cut and end with a short hash. `primaryKey` is
   * ignored on MariaDB/MySQL (always `PRIMARY`) and SQLite (keeps no names); `uniqueIndex` defaults
   * to `index`. Existing indexes, uniques and foreign keys named otherwise are dropped and added
   * again by the next revision; primary keys are compared by their columns only.
   * @default none: the names Sequelize and the database choose
   * @example
   * namingConvention: {
   *   index: 'ix_{table}_{columns}',
   *   unique: 'uq_{table}_{columns}',
   *   foreignKey: 'fk_{table}_{column0}_{referencedTable}',
   *   primaryKey: 'pk_{table}',
   * }
   */
  namingConvention?: NamingConvention
  /**
   * Run on each written revision: `'prettier'` formats with the project's prettier (and is skipped
   * when the project has none), a function gets the source and the file path and returns the
   * formatted source, false turns formatting off.
   * @default 'prettier'
   */
  formatter?: 'prettier' | false | ((source: string, file: string) => string | Promise<string>)
}

/**
 * Types the configuration in env.ts. Returns it unchanged.
 *
 * @example
 * export default defineConfig({
 *   sequelize: () => new Sequelize(process.env.DATABASE_URL!, {models: [User, Order]}),
 * })
 */
export function defineConfig(config: MigrateConfig): MigrateConfig {
  return config
}

let currentXArguments: Record<string, string> = {}

/**
 * The `-x key=value` arguments of the running command, for env files that read them at load time.
 *
 * @example
 * const url = xArguments().url ?? process.env.DATABASE_URL
 */
export function xArguments(): Record<string, string> {
  return {...currentXArguments}
}

/** Sets what {@link xArguments} returns; called before an env file is loaded. */
export function setXArguments(values: Record<string, string>): void {
  currentXArguments = {...values}
}

/**
 * The arguments {@link xArguments} returns now; the function returned puts them back. They are
 * process-wide (env files call {@link xArguments} with no handle on the run), so a test helper,
 * which runs in the user's process, puts them back when its run ends.
 *
 * @example
 * const restore = saveXArguments()
 * try { await run() } finally { restore() }
 */
export function saveXArguments(): () => void {
  const saved = currentXArguments
  return () => {
    currentXArguments = saved
  }
}
