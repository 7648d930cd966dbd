/**
 * The walk registered as mocha tests: one `it` per step, named by direction, revision and message,
 * so a failure points at one revision.
 */
import {relative} from 'node:path'

import {loadWalkScripts, MigrationWalk, planWalk, type WalkOptions} from './walk'

/** Options of {@link describeMigrations}. */
export interface DescribeMigrationsOptions extends Omit<WalkOptions, 'sequelize'> {
  /** The suite title. @default 'migrations in <folder>' */
  title?: string
  /**
   * The throwaway database, or a function giving it (called in the suite's `before`, so it may
   * create the database).
   */
  sequelize: WalkOptions['sequelize'] | (() => WalkOptions['sequelize'] | Promise<WalkOptions['sequelize']>)
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
 * describeMigrations({directory: 'migrations', sequelize: () => createTestDatabase(), snake: true})
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
    // A step after a failed one would start from an unknown state, so it is skipped. Not mocha's
    // `bail`: that stops a suite once any test of the whole run failed, hiding every step.
    let failed = false
    before(async () => {
      const sequelize = typeof options.sequelize === 'function' ? await options.sequelize() : options.sequelize
      walk = new MigrationWalk({...options, sequelize}, scripts)
      await walk.open()
    })
    after(async () => {
      await walk?.close()
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
