/**
 * Runs revisions through umzug: the graph decides what runs and in which order, umzug runs each
 * revision and keeps the record, and the dialect decides transactions and locking.
 */
import type {DataTypes as DataTypesNamespace, QueryInterface, Sequelize, Transaction} from 'sequelize'
import type {Umzug} from 'umzug'

import type {Environment} from '../config/environment'
import {dialectOf, type Dialect} from '../dialects'
import {MigrateError, MigrationError, RevisionError} from '../errors'
import {currentHeads, planDowngrade, planStamp, planUpgrade} from '../revision'
import {ScriptDirectory} from '../script/script-directory'
import {connect} from './connect'
import {currentTransaction, ensureTransactionContext} from './cls'
import {RecordStorage} from './record-storage'

/** What a revision's `up` and `down` receive. */
export interface MigrationContext {
  /** Sequelize's QueryInterface; its queries join {@link transaction} on their own. */
  queryInterface: QueryInterface
  sequelize: Sequelize
  /** The DataTypes of the application's Sequelize. */
  DataTypes: typeof DataTypesNamespace
  /** The transaction the revision runs in; null on MariaDB/MySQL, whose DDL commits implicitly. */
  transaction: Transaction | null
  /** The id of the revision running. */
  revision: string
  /**
   * True while `db upgrade --sql` (or `downgrade --sql`) writes a script instead of running:
   * queries are recorded, not run, so a read has no result. A data migration that reads rows
   * checks it and writes set-based SQL instead (or skips).
   *
   * @example if (offline) await sequelize.query('UPDATE posts SET slug = lower(title)')
   * else for (const post of await sequelize.query('SELECT id, title FROM posts', {type: QueryTypes.SELECT})) ...
   */
  offline: boolean
}

/** One revision applied or undone. */
export interface MigrationStep {
  direction: 'upgrade' | 'downgrade'
  revision: string
  message?: string
  /** The revision(s) the database is at before the step (empty: base). */
  from: string[]
  /** The revision(s) it is at after the step. */
  to: string[]
  /** Milliseconds the step took; set once it has run. */
  durationMs?: number
}

/** Options of {@link Migrator.upgrade} and {@link Migrator.downgrade}. */
export interface RunOptions {
  /** Called before each step runs (to print `Running upgrade a -> b, message`). */
  onStep?: (step: MigrationStep) => void
  /** Called after each step has run, with its {@link MigrationStep.durationMs} set. */
  onStepDone?: (step: MigrationStep) => void
}

/**
 * Applies, undoes and stamps revisions on one database.
 *
 * @example
 * const migrator = await Migrator.open(env)
 * try { await migrator.upgrade('head', {onStep: console.log}) } finally { await migrator.close() }
 */
export class Migrator {
  private constructor(
    readonly environment: Environment,
    readonly scripts: ScriptDirectory,
    readonly sequelize: Sequelize,
    /** The database's dialect, resolved once when the migrator opens; verbs pass it on. */
    readonly dialect: Dialect,
    private readonly storage: RecordStorage,
  ) {}

  private runner: Umzug<object> | undefined

  /** The umzug instance, built on first use: read-only verbs never load umzug's runner. */
  private umzug(): Umzug<object> {
    if (this.runner) return this.runner
    const {Umzug: UmzugClass} = require('umzug/lib/umzug') as typeof import('umzug')
    const {sequelize, scripts} = this
    const DataTypes = (sequelize.constructor as unknown as {DataTypes: typeof DataTypesNamespace}).DataTypes
    const context = (revision: string): MigrationContext => ({
      queryInterface: this.dialect.runtime.queryInterface(sequelize),
      sequelize,
      DataTypes,
      transaction: currentTransaction(sequelize),
      revision,
      offline: false,
    })
    this.runner = new UmzugClass<object>({
      migrations: scripts.map.all.map(({revision}) => ({
        name: revision,
        path: scripts.info(revision).file,
        up: async () => (await scripts.script(revision)).up(context(revision) as never),
        down: async () => (await scripts.script(revision)).down(context(revision) as never),
      })),
      context: {},
      storage: this.storage,
      logger: undefined,
    })
    return this.runner
  }

  /**
   * Loads the revisions (unless given), builds the Sequelize instance and checks the connection.
   *
   * @throws {ConnectionError} when the database cannot be reached.
   */
  static async open(environment: Environment, scripts?: ScriptDirectory): Promise<Migrator> {
    const loadedScripts = scripts ?? (await ScriptDirectory.load(environment.versionsDirectory))
    const sequelize = await environment.sequelize()
    const dialect = dialectOf(sequelize)
    await connect(sequelize)
    ensureTransactionContext(sequelize)
    const storage = new RecordStorage(sequelize, environment.versionTable)
    return new Migrator(environment, loadedScripts, sequelize, dialect, storage)
  }

  /** The ids the record holds. An absent record table means nothing was applied. */
  async applied(): Promise<Set<string>> {
    const {tableName, schema} = this.environment.versionTable
    // Under the lock the table was just made sure of; otherwise ask, so reading never creates it.
    if (!this.storage.knownToExist) {
      const exists = await this.sequelize.getQueryInterface().tableExists(schema ? {tableName, schema} : tableName)
      if (!exists) return new Set()
      this.storage.markExisting()
    }
    return new Set(await this.storage.executed())
  }

  /**
   * The applied revisions no other applied revision descends from: where the database is.
   * Ids the record holds but no file defines are returned too, after the known ones.
   */
  async current(): Promise<string[]> {
    const applied = await this.applied()
    const known = new Set([...applied].filter((id) => this.scripts.map.has(id)))
    const unknown = [...applied].filter((id) => !known.has(id)).sort()
    return [...currentHeads(this.scripts.map, known), ...unknown]
  }

  /**
   * Applies revisions up to `target` (default `head`), one transaction per revision where DDL is
   * transactional, under the database's migration lock.
   *
   * @returns the steps run (empty when already there)
   * @throws {RevisionError} for an unusable target; {@link MigrationError} when a revision fails.
   */
  upgrade(target = 'head', options: RunOptions = {}): Promise<MigrationStep[]> {
    return this.locked(async () => {
      const applied = await this.knownApplied()
      const plan = planUpgrade(this.scripts.map, applied, target)
      return this.run('upgrade', plan.steps, options)
    })
  }

  /**
   * Undoes revisions down to `target` (default `-1`; `base` undoes all), under the migration lock.
   *
   * @throws {RevisionError} for an unusable target; {@link MigrationError} when a revision fails.
   */
  downgrade(target = '-1', options: RunOptions = {}): Promise<MigrationStep[]> {
    return this.locked(async () => {
      const applied = await this.knownApplied()
      const plan = planDowngrade(this.scripts.map, applied, target)
      return this.run('downgrade', plan.steps, options)
    })
  }

  /**
   * Applies or undoes exactly one revision: upgrading needs its parents applied, downgrading needs
   * none of its children applied. Used by the test helpers to walk the graph step by step.
   *
   * @throws {RevisionError} `INVALID_STEP` when the revision cannot be stepped now.
   */
  step(direction: MigrationStep['direction'], revision: string, options: RunOptions = {}): Promise<MigrationStep> {
    return this.locked(async () => {
      const applied = await this.knownApplied()
      const {map} = this.scripts
      const info = map.get(revision)
      const blockers = direction === 'upgrade'
        ? [...(applied.has(revision) ? [`${revision} is already applied`] : []), ...info.downRevisions.filter((id) => !applied.has(id)).map((id) => `parent ${id} is not applied`)]
        : [...(applied.has(revision) ? [] : [`${revision} is not applied`]), ...map.children(revision).filter((id) => applied.has(id)).map((id) => `child ${id} is applied`)]
      if (blockers.length > 0) throw new RevisionError('INVALID_STEP', `Cannot ${direction} ${revision} alone: ${blockers.join(', ')}`)
      const [step] = await this.run(direction, [revision], options)
      return step
    })
  }

  /**
   * Records the database as being at `target` without running anything (`purge` clears the
   * record first), in one transaction where the dialect allows.
   *
   * @returns the ids added to and removed from the record
   */
  stamp(target: string, options: {purge?: boolean} = {}): Promise<{add: string[]; remove: string[]}> {
    return this.locked(async () => {
      const applied = options.purge ? await this.applied() : await this.knownApplied()
      const plan = planStamp(this.scripts.map, applied, target, {purge: options.purge ?? false})
      const write = async () => {
        for (const name of plan.remove) await this.storage.unlogMigration({name})
        for (const name of plan.add) await this.storage.logMigration({name})
      }
      await this.transactional(write)
      return plan
    })
  }

  /** Closes the database connection. */
  async close(): Promise<void> {
    await this.environment.close()
  }

  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    const {tableName, schema} = this.environment.versionTable
    return this.dialect.runtime.withLock(this.sequelize, `sequelize-migrate:${schema ? `${schema}.` : ''}${tableName}`, async () => {
      // Fresh read under the lock: another replica may have migrated while we waited.
      this.storage.forget()
      await this.storage.syncModel()
      return fn()
    })
  }

  private async knownApplied(): Promise<Set<string>> {
    const applied = await this.applied()
    const unknown = [...applied].filter((id) => !this.scripts.map.has(id))
    if (unknown.length > 0) {
      throw new RevisionError(
        'UNKNOWN_APPLIED_REVISION',
        `The database records revision(s) ${unknown.join(', ')} that no file in ${this.environment.versionsDirectory} defines; restore the file(s), or run \`db stamp --purge <revision>\` to reset the record`,
      )
    }
    return applied
  }

  /** Whether `revision` (or, without one, a record-only change) runs inside a transaction. */
  private inTransaction(revision?: string): boolean {
    return this.dialect.transactionalDDL && (revision === undefined || this.scripts.info(revision).transactional !== false)
  }

  /** Runs `fn` in a transaction where the dialect has transactional DDL and the revision allows. */
  private transactional(fn: () => Promise<unknown>, revision?: string): Promise<unknown> {
    return this.inTransaction(revision) ? this.dialect.runtime.transaction(this.sequelize, fn) : fn()
  }

  private async run(direction: MigrationStep['direction'], ids: string[], options: RunOptions): Promise<MigrationStep[]> {
    // Load every revision of the plan first: one that does not load stops the run before any runs.
    for (const id of ids) await this.scripts.script(id)
    // Build the runner now, so the first step's duration is the step's own.
    if (ids.length > 0) this.umzug()
    const steps: MigrationStep[] = []
    for (const id of ids) {
      const info = this.scripts.map.get(id)
      const step: MigrationStep = direction === 'upgrade'
        ? {direction, revision: id, message: info.message, from: info.downRevisions, to: [id]}
        : {direction, revision: id, message: info.message, from: [id], to: info.downRevisions}
      options.onStep?.(step)
      const started = performance.now()
      try {
        await this.transactional(() => (direction === 'upgrade' ? this.umzug().up({migrations: [id]}) : this.umzug().down({migrations: [id]})), id)
      } catch (error) {
        this.storage.forget()
        throw this.failure(step, error)
      }
      step.durationMs = Math.round(performance.now() - started)
      steps.push(step)
      options.onStepDone?.(step)
    }
    return steps
  }

  private failure(step: MigrationStep, error: unknown): MigrateError {
    // umzug wraps the revision's error; report the revision's own.
    const cause = (error as {cause?: unknown}).cause ?? error
    const label = `Revision ${step.revision}${step.message ? ` (${step.message})` : ''}`
    const detail = cause instanceof Error ? cause.message.split('\n')[0] : String(cause)
    if ((cause as {code?: unknown}).code === 'IRREVERSIBLE_MIGRATION') {
      return new MigrationError('IRREVERSIBLE', `${label} cannot be downgraded: ${detail}`, step.revision, {cause})
    }
    const aftermath = this.inTransaction(step.revision)
      ? 'nothing of it was applied (its transaction was rolled back); fix it and run the command again'
      : `it ran outside a transaction (${this.dialect.transactionalDDL ? 'the revision sets transactional = false' : `${this.sequelize.getDialect()} commits DDL as it runs`}), so part of it may be applied: check the schema before running it again`
    return new MigrationError('MIGRATION_FAILED', `${label} failed during ${step.direction}: ${detail}; ${aftermath}`, step.revision, {cause})
  }
}
