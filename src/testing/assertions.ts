/**
 * Assertions for users' suites: the models agree with the revisions; the graph has one head.
 */
import {AssertionError} from 'node:assert'
import {join} from 'node:path'
import type {Sequelize} from 'sequelize'

import {compareModelsToDatabase} from '../autogenerate/autogenerate'
import {describeOp} from '../autogenerate/ops'
import {loadEnvironment, resolveDirectory} from '../config/environment'
import {type DatabaseMigrator, Migrator} from '../runtime/migrator'
import {ScriptDirectory} from '../script/script-directory'
import {borrowProcessState} from '../services/process-state'
import {testEnvironment, type WalkOptions} from '../services/walk-versions'

/** Options of {@link assertModelsMatchMigrations}. */
export interface ModelsMatchOptions extends Pick<WalkOptions, 'directory' | 'environment' | 'x' | 'sequelize'> {
  /**
   * The Sequelize instance the models are registered on.
   * @default `sequelize` when models are registered on it, else the instance env.ts builds
   */
  models?: Sequelize
}

/**
 * Upgrades an empty database to head (every head), compares it with the models through
 * autogenerate's comparison, and fails listing each difference.
 *
 * @throws {AssertionError} "models and migrations differ: add column orders.total; ..."
 * @example
 * await assertModelsMatchMigrations({sequelize: testDb})
 */
export async function assertModelsMatchMigrations(options: ModelsMatchOptions): Promise<void> {
  // Decided before the upgrade registers umzug's own model on the test instance.
  const ownModels = Object.keys(options.sequelize.models).length > 0
  const giveBack = borrowProcessState(options.sequelize)
  let migrator: DatabaseMigrator | undefined
  try {
    const original = options.environment ?? (await loadEnvironment({directory: options.directory, x: options.x}))
    const environment = await testEnvironment({...options, environment: original})
    migrator = await Migrator.open(environment)
    await migrator.upgrade('heads')
    const models = options.models ?? (ownModels ? options.sequelize : await original.sequelize())
    const {ops} = await compareModelsToDatabase({models, database: options.sequelize, dialect: migrator.dialect, versionTable: environment.versionTable, recordTables: environment.recordTables, settings: environment.config.autogenerate})
    if (ops.length > 0) {
      throw new AssertionError({message: `Models and migrations differ (${ops.length}): ${ops.map(describeOp).join('; ')}; run \`db migrate\` to write a revision for them`})
    }
  } finally {
    try {
      await migrator?.close()
    } finally {
      giveBack()
    }
  }
}

/**
 * Fails naming the heads when the revisions of a migrations folder have more than one head.
 *
 * @throws {AssertionError} "2 head revisions: a1b2c3d4e5f6, c3d4e5f6a7b8; run `db merge heads`"
 */
export async function assertSingleHead(directory?: string): Promise<void> {
  const scripts = await ScriptDirectory.load(join(resolveDirectory(directory), 'versions'))
  const {heads} = scripts.map
  if (heads.length > 1) {
    throw new AssertionError({message: `${heads.length} head revisions: ${heads.join(', ')}; run \`db merge heads\` to join them`})
  }
}
