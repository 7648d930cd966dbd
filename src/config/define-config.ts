/**
 * What a migrations folder's `env.ts` exports, and the helper that types it.
 */
import type {Sequelize} from 'sequelize'

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
}

/** A named schema object, as autogenerate's include/exclude filters see it. */
export interface SchemaObjectRef {
  type: 'table' | 'column' | 'index' | 'unique' | 'foreignKey' | 'enum'
  name: string
  /** The table the object belongs to (for columns, indexes and constraints). */
  table?: string
  /** PostgreSQL schema. */
  schema?: string
}

/** Settings for autogenerate, all optional. */
export interface AutogenerateSettings {
  /** Only compare objects for which this returns true. */
  include?: (object: SchemaObjectRef) => boolean
  /** Leave out objects for which this returns true. Also accepts table-name globs. */
  exclude?: ((object: SchemaObjectRef) => boolean) | string[]
  /** PostgreSQL schemas to compare besides the default one. */
  schemas?: string[]
  /**
   * Compare column types; false turns it off; a function decides per column (return undefined to
   * fall back to the built-in comparison).
   * @default true
   */
  compareTypes?: boolean | ((database: unknown, model: unknown) => boolean | undefined)
  /**
   * Compare server defaults, like `compareTypes`.
   * @default true
   */
  compareDefaults?: boolean | ((database: unknown, model: unknown) => boolean | undefined)
  /**
   * Names for indexes and constraints the models leave unnamed, e.g.
   * `{index: '%(table)s_%(columns)s_idx'}`.
   */
  namingConvention?: Record<string, string>
  /**
   * Run on each written revision: `'prettier'` uses the project's prettier when installed, a
   * function gets the file's path and source and returns the formatted source.
   * @default 'prettier' when the project has prettier, else none
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
