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
export {planWalk, walkVersions} from '../services/walk-versions'
export type {HookContext, RevisionHooks, WalkOptions, WalkStep} from '../services/walk-versions'
export {IrreversibleMigrationError} from '../errors'
