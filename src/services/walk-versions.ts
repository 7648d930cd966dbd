/**
 * Walking the revision graph one revision at a time, up from base to head and back down, with
 * per-revision data hooks: the engine behind `walkVersions`, `describeMigrations` and `db walk`.
 */
import {AssertionError} from 'node:assert'
import {join} from 'node:path'
import type {QueryInterface, Sequelize} from 'sequelize'

import {compareWithSettings, introspectDatabase} from '../autogenerate/autogenerate'
import {describeOp} from '../autogenerate/ops'
import type {SchemaDescription} from '../schema/schema'
import {type Environment, loadEnvironment, resolveDirectory} from '../config/environment'
import {MigrateError} from '../errors'
import {currentHeads, resolveRevision, type RevisionMap} from '../revision'
import {type DatabaseMigrator, Migrator} from '../runtime/migrator'
import {ScriptDirectory} from '../script/script-directory'
import {borrowProcessState} from './process-state'

/** What the per-revision hooks receive. */
export interface HookContext {
  sequelize: Sequelize
  queryInterface: QueryInterface
  /** The revision the hook belongs to. */
  revision: string
}

/** Data hooks of one revision, all optional. */
export interface RevisionHooks<Data = unknown> {
  /** Before the revision's upgrade: seed rows, return what `check` should find. */
  preUpgrade?: (context: HookContext) => Data | Promise<Data>
  /** After the upgrade: assert the data survived (throw to fail). */
  check?: (context: HookContext, data: Data) => unknown | Promise<unknown>
  /** After the revision's downgrade: assert the data is as before the upgrade. */
  postDowngrade?: (context: HookContext) => unknown | Promise<unknown>
}

/** Options of `walkVersions` and `describeMigrations`. */
export interface WalkOptions {
  /** The migrations folder (default `SEQUELIZE_MIGRATE_DIR` or `./migrations`). */
  directory?: string
  /** An already loaded environment, instead of `directory`. */
  environment?: Environment
  /** `-x` arguments for env. */
  x?: Record<string, string>
  /** A connected Sequelize instance on an empty, throwaway database. It is not closed. */
  sequelize: Sequelize
  /**
   * At each revision go up, down and up again, checking the schema after `down` equals the
   * schema before `up`.
   * @default false
   */
  snake?: boolean
  /**
   * After reaching head, downgrade one revision at a time back to base.
   * @default true
   */
  downgrade?: boolean
  /** Data hooks keyed by revision id (or a unique prefix of one). */
  hooks?: Record<string, RevisionHooks<any>>
  /** Called after each step that passed (for progress output). */
  onStep?: (step: WalkStep) => void
  /** Called when a revision's `down` throws `IrreversibleMigrationError` (the descent ends there). */
  onIrreversible?: (step: WalkStep) => void
}

/** One step of the walk. */
export interface WalkStep {
  direction: 'upgrade' | 'downgrade'
  revision: string
  message?: string
  /** `ascent` (base to head), `snake` (the down and up again of `snake`), `descent` (head to base). */
  phase: 'ascent' | 'snake' | 'descent'
  /** A test title: `upgrade a1b2c3d4e5f6 add orders`. */
  title: string
}

/** The steps of a walk over `map`, in order. Pure. */
export function planWalk(map: RevisionMap, options: {snake?: boolean; downgrade?: boolean} = {}): WalkStep[] {
  const step = (direction: WalkStep['direction'], revision: string, phase: WalkStep['phase'], suffix = ''): WalkStep => {
    const {message} = map.get(revision)
    return {direction, revision, message, phase, title: `${direction} ${revision}${message ? ` ${message}` : ''}${suffix}`}
  }
  const order = map.all.map((info) => info.revision)
  const steps: WalkStep[] = []
  for (const revision of order) {
    steps.push(step('upgrade', revision, 'ascent'))
    if (options.snake) steps.push(step('downgrade', revision, 'snake', ' (snake)'), step('upgrade', revision, 'snake', ' (snake, again)'))
  }
  if (options.downgrade ?? true) for (const revision of [...order].reverse()) steps.push(step('downgrade', revision, 'descent'))
  return steps
}

function fail(message: string, cause?: unknown): AssertionError {
  const error = new AssertionError({message})
  if (cause !== undefined) (error as {cause?: unknown}).cause = cause
  return error
}

function causeMessage(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error)
}

/** Opens the environment for a walk, with the test database in place of env's own. */
export async function testEnvironment(options: Pick<WalkOptions, 'directory' | 'environment' | 'x' | 'sequelize'>): Promise<Environment> {
  const environment = options.environment ?? (await loadEnvironment({directory: options.directory, x: options.x}))
  // The test database belongs to the caller: never close it here.
  return {...environment, sequelize: async () => options.sequelize, close: async () => {}}
}

/**
 * A walk in progress: opened once, then each step of {@link planWalk} run in order.
 * `walkVersions` runs them all; `describeMigrations` runs one per mocha test.
 */
export class MigrationWalk {
  /** Set when a revision's `down` threw `IrreversibleMigrationError`: the descent ends there. */
  stoppedAt: string | undefined
  /** The revision whose snake downgrade was irreversible; its "again" upgrade is skipped. */
  skipAgain: string | undefined
  private migrator: DatabaseMigrator | undefined
  private giveBack: (() => void) | undefined
  private readonly applied = new Set<string>()
  private readonly seeded = new Map<string, unknown>()
  private readonly schemaBefore = new Map<string, SchemaDescription>()
  private readonly hooks = new Map<string, RevisionHooks<unknown>>()

  constructor(private readonly options: WalkOptions, readonly scripts: ScriptDirectory) {}

  /**
   * Connects, checks the database is empty, and resolves the hooks' revision keys. Borrows the
   * process-wide state (see `borrowProcessState`) until {@link MigrationWalk.close}, which must
   * follow even when this throws.
   */
  async open(): Promise<void> {
    this.giveBack ??= borrowProcessState(this.options.sequelize)
    const environment = await testEnvironment(this.options)
    for (const [key, hooks] of Object.entries(this.options.hooks ?? {})) this.hooks.set(resolveRevision(this.scripts.map, key), hooks)
    this.migrator = await Migrator.open(environment, this.scripts)
    const applied = await this.migrator.applied()
    if (applied.size > 0) {
      throw fail(`The walk needs an empty database, but it records revision(s) ${[...applied].join(', ')}; give it a throwaway database`)
    }
  }

  /** Runs one step; throws an AssertionError naming the revision when anything fails. */
  async run(step: WalkStep): Promise<void> {
    const migrator = this.migrator
    if (!migrator) throw new Error('MigrationWalk.open() must run first')
    const hooks = this.hooks.get(step.revision) ?? {}
    const context: HookContext = {sequelize: this.options.sequelize, queryInterface: this.options.sequelize.getQueryInterface(), revision: step.revision}
    const guard = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn()
      } catch (error) {
        if (error instanceof AssertionError && error.message.startsWith(step.title)) throw error
        throw fail(`${step.title}: ${what} failed: ${causeMessage(error)}`, error)
      }
    }

    if (step.direction === 'upgrade' && step.phase === 'ascent') {
      if (this.options.snake) this.schemaBefore.set(step.revision, await guard('reading the schema', () => this.schema(migrator)))
      if (hooks.preUpgrade) this.seeded.set(step.revision, await guard('preUpgrade', async () => hooks.preUpgrade!(context)))
    }

    try {
      await migrator.step(step.direction, step.revision)
    } catch (error) {
      if (step.direction === 'downgrade' && error instanceof MigrateError && error.code === 'IRREVERSIBLE') {
        // An irreversible revision ends the descent cleanly; in a snake it just stays applied.
        if (step.phase === 'descent') this.stoppedAt = step.revision
        else this.skipAgain = step.revision
        this.options.onIrreversible?.(step)
        return
      }
      throw fail(`${step.title} failed: ${causeMessage(error)}`, error)
    }
    if (step.direction === 'upgrade') this.applied.add(step.revision)
    else this.applied.delete(step.revision)
    await this.verifyRecord(migrator, step)

    if (step.direction === 'upgrade' && step.phase === 'ascent' && hooks.check) {
      const data = this.seeded.get(step.revision)
      await guard('check', async () => hooks.check!(context, data))
    }
    if (step.direction === 'downgrade') {
      if (step.phase === 'snake') await this.verifySchemaRestored(migrator, step)
      if (hooks.postDowngrade) await guard('postDowngrade', async () => hooks.postDowngrade!(context))
    }
    this.options.onStep?.(step)
  }

  /** Whether a step should be skipped (after an irreversible revision). */
  skips(step: WalkStep): boolean {
    if (step.phase === 'descent' && this.stoppedAt !== undefined) return true
    return step.phase === 'snake' && step.direction === 'upgrade' && this.skipAgain === step.revision
  }

  /** Releases what the walk opened and gives back the process-wide state (the caller's database stays open). */
  async close(): Promise<void> {
    try {
      await this.migrator?.close()
    } finally {
      this.giveBack?.()
      this.giveBack = undefined
    }
  }

  private schema(migrator: DatabaseMigrator): Promise<SchemaDescription> {
    return introspectDatabase(this.options.sequelize, migrator.dialect, {versionTable: migrator.environment.versionTable})
  }

  private async verifyRecord(migrator: DatabaseMigrator, step: WalkStep): Promise<void> {
    const recorded = await migrator.current()
    const expected = currentHeads(this.scripts.map, this.applied)
    if (recorded.join(',') !== expected.join(',')) {
      throw fail(`${step.title}: the database records current revision(s) ${recorded.join(', ') || '<base>'}, expected ${expected.join(', ') || '<base>'}`)
    }
  }

  private async verifySchemaRestored(migrator: DatabaseMigrator, step: WalkStep): Promise<void> {
    const before = this.schemaBefore.get(step.revision)
    if (!before) return
    const after = await this.schema(migrator)
    const {ops} = compareWithSettings(after, before, migrator.dialect, {versionTable: migrator.environment.versionTable, recordTables: migrator.environment.recordTables})
    if (ops.length > 0) {
      throw fail(`${step.title}: down did not restore the schema it found: ${ops.map(describeOp).join('; ')}`)
    }
  }
}

/** Loads the revisions a walk covers. */
export function loadWalkScripts(options: Pick<WalkOptions, 'directory' | 'environment'>, sync: true): ScriptDirectory
export function loadWalkScripts(options: Pick<WalkOptions, 'directory' | 'environment'>, sync?: false): Promise<ScriptDirectory>
export function loadWalkScripts(options: Pick<WalkOptions, 'directory' | 'environment'>, sync = false): ScriptDirectory | Promise<ScriptDirectory> {
  const versions = options.environment?.versionsDirectory ?? join(resolveDirectory(options.directory), 'versions')
  return sync ? ScriptDirectory.loadSync(versions) : ScriptDirectory.load(versions)
}

/**
 * Walks every revision from an empty database up to head, then back down to base, one revision
 * at a time, running the data hooks and checking the record after each step.
 *
 * @returns the steps that ran
 * @throws {AssertionError} naming the revision and direction of the first step that failed.
 * @example
 * await walkVersions({sequelize: testDb, snake: true, hooks: {a1b2c3d4e5f6: {preUpgrade, check}}})
 */
export async function walkVersions(options: WalkOptions): Promise<WalkStep[]> {
  const walk = new MigrationWalk(options, await loadWalkScripts(options))
  const ran: WalkStep[] = []
  try {
    await walk.open()
    for (const step of planWalk(walk.scripts.map, options)) {
      if (walk.skips(step)) continue
      await walk.run(step)
      ran.push(step)
    }
  } finally {
    await walk.close()
  }
  return ran
}
