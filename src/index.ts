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
  LockError,
  MigrateError,
  MigrationError,
  RecordError,
  RevisionError,
} from './errors'
export {DatabaseMigrator, Migrator} from './runtime/migrator'
export type {LockOptions, MigrationContext, MigrationStep, MigratorBackend, RecordStatus, Resolution, RunOptions} from './runtime/migrator'
export {MemoryRecordStorage} from './runtime/memory-record-storage'
export type {LockWaitEvent, LockWaitOptions, RecordState, RecordStorage, RunLock, StartedRevision} from './runtime/record-storage'
export {ScriptDirectory} from './script/script-directory'
export {RevisionMap} from './revision'
export type {RevisionInfo} from './revision'
export {current, downgrade, stamp, upgrade} from './services/run'
export {branches, heads, history, show} from './services/inspect'
export {createRevision, edit, init, listTemplates, merge} from './services/scripts'
