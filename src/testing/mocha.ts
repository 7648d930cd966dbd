/**
 * The walk registered as mocha tests: one `it` per step, named by direction, revision and message,
 * so a failure points at one revision.
 */
import {relative} from 'node:path'

import {type ScratchDatabase, scratchDatabase} from './scratch'
import {loadWalkScripts, MigrationWalk, planWalk, type WalkOptions} from '../services/walk-versions'

/** Options of {@link describeMigrations}. */
export interface DescribeMigrationsOptions extends Omit<WalkOptions, 'sequelize'> {
  /** The suite title. @default 'migrations in <folder>' */
  title?: string
  /**
   * The throwaway database, or a function giving it (called in the suite's `before`, so it may
   * create the database). Give this or `server`.
   */
  sequelize?: WalkOptions['sequelize'] | (() => WalkOptions['sequelize'] | Promise<WalkOptions['sequelize']>)
  /**
   * A server URL instead of `sequelize`: the suite walks on a {@link scratchDatabase} made there
   * in `before` and dropped in `after` (`sqlite::memory:` gives a temporary SQLite file).
   * @example process.env.TEST_DATABASE_URL ?? 'sqlite::memory:'
   */
  server?: string
}

// The few mocha globals used, typed here so the package's types need no @types/mocha.
interface MochaGlobals {
  describe(title: string, body: () => void): unknown
  it(title: string, body: (this: {skip(): never}) => Promise<void>): unknown
  before(body: () => Promise<void>): unknown
  after(body: () => Promise<void>): unknown
}

/**
 * Registers a mocha suite walking every revision up and down (see `walkVersions`), one test per
 * step. Once a step fails, the steps after it are skipped (reported pending).
 *
 * @example
 * describeMigrations({directory: 'migrations', server: process.env.TEST_DATABASE_URL ?? 'sqlite::memory:', snake: true})
 * @throws {Error} when called outside a mocha test file.
 */
export function describeMigrations(options: DescribeMigrationsOptions): void {
  const {describe, it, before, after} = globalThis as unknown as Partial<MochaGlobals>
  if (!describe || !it || !before || !after) throw new Error('describeMigrations must be called in a mocha test file (describe/it are not defined)')
  // Tests are declared synchronously, so the revisions are read synchronously too.
  const scripts = loadWalkScripts(options, true)
  const steps = planWalk(scripts.map, options)
  describe(options.title ?? `migrations in ${relative(process.cwd(), scripts.versionsDirectory)}`, () => {
    let walk: MigrationWalk | undefined
    let scratch: ScratchDatabase | undefined
    // A step after a failed one would start from an unknown state, so it is skipped. Not mocha's
    // `bail`: that stops a suite once any test of the whole run failed, hiding every step.
    let failed = false
    before(async () => {
      if (options.server !== undefined) scratch = await scratchDatabase(options.server)
      const sequelize = scratch?.sequelize ?? (typeof options.sequelize === 'function' ? await options.sequelize() : options.sequelize)
      if (!sequelize) throw new Error('describeMigrations needs `sequelize` (a throwaway database) or `server` (a server URL to make one on)')
      walk = new MigrationWalk({...options, sequelize}, scripts)
      await walk.open()
    })
    after(async () => {
      try {
        await walk?.close()
      } finally {
        await scratch?.drop()
      }
    })
    for (const step of steps) {
      it(step.title, async function () {
        if (failed || walk!.skips(step)) this.skip()
        try {
          await walk!.run(step)
        } catch (error) {
          failed = true
          throw error
        }
      })
    }
  })
}
