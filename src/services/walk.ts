/**
 * `db walk`: the test helpers' walk against a scratch database named on the command line.
 */
import {createRequire} from 'node:module'
import type {Sequelize} from 'sequelize'

import {loadEnvironment} from '../config/environment'
import {registerSecret} from '../config/mask'
import {walkVersions, type WalkStep} from '../testing/walk'
import type {FolderOptions} from './open'

/** Options of {@link walk}. */
export interface WalkCommandOptions extends FolderOptions {
  /** Connection URL of an empty scratch database. */
  url: string
  snake?: boolean
  downgrade?: boolean
  onStep?: (step: WalkStep) => void
  onIrreversible?: (step: WalkStep) => void
}

/**
 * Walks every revision up and down on the scratch database at `url`, opened with the Sequelize
 * the project's env file resolves (so the same package and drivers), without building env's own
 * instance: the scratch URL is all the walk needs.
 *
 * @returns the steps that ran
 */
export async function walk(options: WalkCommandOptions): Promise<WalkStep[]> {
  const environment = await loadEnvironment(options)
  const {Sequelize: SequelizeClass} = createRequire(environment.envFile)('sequelize') as {Sequelize: new (url: string, options: object) => Sequelize}
  registerSecret(safePassword(options.url))
  const scratch = new SequelizeClass(options.url, {logging: false})
  try {
    return await walkVersions({environment, sequelize: scratch, snake: options.snake, downgrade: options.downgrade, onStep: options.onStep, onIrreversible: options.onIrreversible})
  } finally {
    await scratch.close()
  }
}

function safePassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined
  } catch {
    return undefined
  }
}
