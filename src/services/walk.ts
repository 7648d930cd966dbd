/**
 * `db walk`: the test helpers' walk against a scratch database named on the command line.
 */
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
}

/**
 * Walks every revision up and down on the scratch database at `url`, built with the same
 * Sequelize class (and so the same driver) env uses.
 *
 * @returns the steps that ran
 */
export async function walk(options: WalkCommandOptions): Promise<WalkStep[]> {
  const environment = await loadEnvironment(options)
  const application = await environment.sequelize()
  const SequelizeClass = application.constructor as new (url: string, options: object) => Sequelize
  registerSecret(safePassword(options.url))
  const scratch = new SequelizeClass(options.url, {logging: false})
  try {
    return await walkVersions({environment, sequelize: scratch, snake: options.snake, downgrade: options.downgrade, onStep: options.onStep})
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
