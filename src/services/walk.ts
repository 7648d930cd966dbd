/**
 * `db walk`: the test helpers' walk against a scratch database named on the command line.
 */
import {createRequire} from 'node:module'

import {describeDatabaseUrl, parseDatabaseUrl} from '../config/database-url'
import {loadEnvironment} from '../config/environment'
import {registerUrlSecret} from '../config/mask'
import {connectionTarget, newSequelize, type SequelizeClass} from '../dialects'
import {walkVersions, type WalkStep} from './walk-versions'
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
  await options.onDatabase?.({url: describeDatabaseUrl(parseDatabaseUrl(options.url, '--url'))})
  const environment = await loadEnvironment(options)
  const {Sequelize} = createRequire(environment.envFile)('sequelize') as {Sequelize: SequelizeClass}
  registerUrlSecret(options.url)
  const scratch = newSequelize(Sequelize, connectionTarget(options.url), {logging: false})
  try {
    return await walkVersions({environment, sequelize: scratch, snake: options.snake, downgrade: options.downgrade, onStep: options.onStep, onIrreversible: options.onIrreversible})
  } finally {
    await scratch.close()
  }
}
