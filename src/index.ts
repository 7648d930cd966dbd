/**
 * sequelize-migrate: Alembic-style schema migrations for Sequelize and sequelize-typescript.
 *
 * The `db` verbs are oclif commands under `src/commands/db/`; this module is the programmatic API
 * and what env files and revisions import.
 */
export {defineConfig, xArguments} from './config/define-config'
export type {AutogenerateSettings, ConfigContext, MigrateConfig, SequelizeCliOptions, VersionTableOptions} from './config/define-config'
export {databaseUrl, describeDatabaseUrl, parseDatabaseUrl} from './config/database-url'
export type {DatabaseUrl, DatabaseUrlOptions} from './config/database-url'
export {sequelizeCliDatabase} from './config/sequelize-cli'
export type {SequelizeCliDatabaseOptions} from './config/sequelize-cli'
export {loadEnvironment} from './config/environment'
export type {Environment} from './config/environment'
export {
  AutogenerateError,
  ConfigError,
  ConnectionError,
  IrreversibleMigrationError,
  MigrateError,
  MigrationError,
  RevisionError,
} from './errors'
export {Migrator} from './runtime/migrator'
export type {MigrationContext, MigrationStep, RunOptions} from './runtime/migrator'
export {ScriptDirectory} from './script/script-directory'
export {RevisionMap} from './revision'
export type {RevisionInfo} from './revision'
export {current, downgrade, stamp, upgrade} from './services/run'
export {branches, heads, history, show} from './services/inspect'
export {createRevision, edit, init, listTemplates, merge} from './services/scripts'
