/**
 * Test helpers for users' suites, imported as `sequelize-migrate/testing`. They throw ordinary
 * assertion errors, so they work in mocha, node:test or any runner.
 */
export {assertModelsMatchMigrations, assertSingleHead} from './assertions'
export type {ModelsMatchOptions} from './assertions'
export {describeMigrations} from './mocha'
export type {DescribeMigrationsOptions} from './mocha'
export {scratchDatabase} from './scratch'
export type {ScratchDatabase, ScratchDatabaseOptions} from './scratch'
export {planWalk, walkVersions} from './walk'
export type {HookContext, RevisionHooks, WalkOptions, WalkStep} from './walk'
export {IrreversibleMigrationError} from '../errors'
