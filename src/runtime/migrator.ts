/**
 * Runs revisions through umzug: the graph decides what runs and in which order, umzug runs each
 * revision and keeps the record, and the dialect decides transactions and locking.
 */
import type {DataTypes as DataTypesNamespace, QueryInterface, Sequelize, Transaction} from 'sequelize'
import type {Umzug} from 'umzug'

import {type Environment, sameTable} from '../config/environment'
import {dialectOf, type Dialect} from '../dialects'
import {ConfigError, MigrateError, MigrationError, RevisionError} from '../errors'
import {currentHeads, planDowngrade, planStamp, planUpgrade, PREHISTORY} from '../revision'
import {ScriptDirectory} from '../script/script-directory'
import {connect} from './connect'
import {currentTransaction, ensureTransactionContext} from './cls'
import {Prehistory, type PrehistoryStep} from './prehistory'
import {checkPrehistoryLinks, type RecordState, sortRecord, unknownRowsError} from './record-state'
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
  /** The revision id; `sequelize-cli` for one of the sequelize-cli migrations. */
  revision: string
  /** The sequelize-cli migration file run or undone (revision `sequelize-cli` only). */
  file?: string
  message?: string
  /** The revision(s) the database is at before the step (empty: base). */
  from: string[]
  /** The revision(s) it is at after the step. */
  to: string[]
  /** Milliseconds the step took; set once it has run. */
  durationMs?: number
}

/** Options of {@link Migrator.stamp}. */
export interface StampOptions {
  /** Clear the record of revisions first; rows of unknown revisions are deleted too. */
  purge?: boolean
  /**
   * Allow deleting rows named like sequelize-cli migrations (file names): the prehistory's, and
   * with `purge` unknown ones. Without it, a stamp that would delete one refuses.
   * @default false
   */
  deleteSequelizeCliRows?: boolean
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
    /** The sequelize-cli migrations env adopts, if any. */
    readonly prehistory?: Prehistory,
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
      migrations: scripts.map.all.filter(({revision}) => revision !== PREHISTORY).map(({revision}) => ({
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
    const prehistory = environment.sequelizeCli !== undefined
    let loadedScripts = scripts ?? (await ScriptDirectory.load(environment.versionsDirectory, {prehistory}))
    // Revisions read without env (history -i) lack the prehistory until a revision names it.
    if (prehistory && !loadedScripts.map.has(PREHISTORY)) loadedScripts = await ScriptDirectory.load(environment.versionsDirectory, {prehistory})
    checkPrehistoryLinks(loadedScripts.map, environment)
    const sequelize = await environment.sequelize()
    const dialect = dialectOf(sequelize)
    await connect(sequelize)
    ensureTransactionContext(sequelize)
    const storage = new RecordStorage(sequelize, environment.versionTable)
    const cli = environment.sequelizeCli ? new Prehistory(sequelize, environment.sequelizeCli) : undefined
    return new Migrator(environment, loadedScripts, sequelize, dialect, storage, cli)
  }

  /** The rows of the version table. An absent table holds none. */
  private async versionRows(): Promise<string[]> {
    const {tableName, schema} = this.environment.versionTable
    // Under the lock the table was just made sure of; otherwise ask, so reading never creates it.
    if (!this.storage.knownToExist) {
      const exists = await this.sequelize.getQueryInterface().tableExists(schema ? {tableName, schema} : tableName)
      if (!exists) return []
      this.storage.markExisting()
    }
    return this.storage.executed()
  }

  /** What the record tables hold: revisions, sequelize-cli migrations and names neither defines. */
  async record(): Promise<RecordState> {
    const rows = await this.versionRows()
    const cli = this.prehistory
    const cliRows = cli && !sameTable(cli.table, this.environment.versionTable) ? await cli.rows() : []
    return sortRecord(this.scripts.map, rows, cliRows, cli)
  }

  /**
   * The applied revisions. The prehistory (`sequelize-cli`) counts once every migration of its
   * folder is recorded, or with `partial` once any is.
   *
   * @throws {RevisionError} `UNKNOWN_APPLIED_REVISION` when the record holds names no file defines.
   */
  async applied(options: {partial?: boolean} = {}): Promise<Set<string>> {
    const state = await this.record()
    if (state.unknown.length > 0) throw unknownRowsError(state.unknown, this.environment)
    return appliedOf(state, this.prehistory, options.partial ?? false)
  }

  /**
   * The applied revisions no other applied revision descends from: where the database is. The
   * prehistory is current when it is partly run and nothing builds on it yet.
   *
   * @throws {RevisionError} `UNKNOWN_APPLIED_REVISION` when the record holds names no file defines.
   */
  async current(): Promise<string[]> {
    return currentHeads(this.scripts.map, await this.applied({partial: true}))
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
      const applied = await this.applied()
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
      const applied = await this.applied({partial: true})
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
      const applied = await this.applied({partial: direction === 'downgrade'})
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
   * record of revisions first), in one transaction where the dialect allows. Rows named like
   * sequelize-cli migrations are deleted only with `deleteSequelizeCliRows`.
   *
   * @returns the ids added to and removed from the record (`sequelize-cli` for the prehistory's rows)
   * @throws {RevisionError} `SEQUELIZE_CLI_ROWS` when it would delete sequelize-cli rows unasked.
   */
  stamp(target: string, options: StampOptions = {}): Promise<{add: string[]; remove: string[]}> {
    return this.locked(async () => {
      const state = await this.record()
      const purge = options.purge ?? false
      if (!purge && state.unknown.length > 0) throw unknownRowsError(state.unknown, this.environment)
      const applied = appliedOf(state, this.prehistory, false)
      const plan = planStamp(this.scripts.map, new Set([...applied, ...state.unknown]), target, {purge})
      const keepsPrehistory = (applied.has(PREHISTORY) || plan.add.includes(PREHISTORY)) && !plan.remove.includes(PREHISTORY)
      const remove = plan.remove.filter((id) => id !== PREHISTORY)
      if (!keepsPrehistory && state.prehistory.size > 0) remove.push(PREHISTORY)
      const cliRows = remove.filter((id) => id === PREHISTORY || looksLikeFile(id))
      if (cliRows.length > 0 && !options.deleteSequelizeCliRows) {
        const count = cliRows.reduce((total, id) => total + (id === PREHISTORY ? state.prehistory.size : 1), 0)
        throw new RevisionError('SEQUELIZE_CLI_ROWS', `Stamping ${target}${purge ? ' --purge' : ''} would delete ${count} row(s) named like sequelize-cli migrations, which sequelize-cli reads too; pass --delete-sequelize-cli-rows to delete them, or stamp another target`)
      }
      const write = async () => {
        for (const name of remove) {
          if (name === PREHISTORY) await this.prehistory?.unstamp([...state.prehistory])
          else if (state.unknownCli.has(name)) await this.prehistory?.unstamp([name])
          else await this.storage.unlogMigration({name})
        }
        for (const name of plan.add) {
          if (name === PREHISTORY) await this.prehistory?.stamp(state.prehistory)
          else await this.storage.logMigration({name})
        }
      }
      await this.transactional(write)
      this.storage.forget()
      return {add: plan.add, remove}
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

  /** Whether `revision` (or, without one, a record-only change) runs inside a transaction. */
  private inTransaction(revision?: string): boolean {
    if (revision === PREHISTORY) return false
    return this.dialect.transactionalDDL && (revision === undefined || this.scripts.info(revision).transactional !== false)
  }

  /** Runs `fn` in a transaction where the dialect has transactional DDL and the revision allows. */
  private transactional(fn: () => Promise<unknown>, revision?: string): Promise<unknown> {
    return this.inTransaction(revision) ? this.dialect.runtime.transaction(this.sequelize, fn) : fn()
  }

  private async run(direction: MigrationStep['direction'], ids: string[], options: RunOptions): Promise<MigrationStep[]> {
    // Load every revision of the plan first: one that does not load stops the run before any runs.
    for (const id of ids) if (id !== PREHISTORY) await this.scripts.script(id)
    // Build the runner now, so the first step's duration is the step's own.
    if (ids.length > 0) this.umzug()
    const steps: MigrationStep[] = []
    for (const id of ids) {
      if (id === PREHISTORY) {
        steps.push(...await this.runPrehistory(direction, options))
        continue
      }
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

  /** Runs the pending sequelize-cli migrations, or undoes the recorded ones. */
  private async runPrehistory(direction: MigrationStep['direction'], options: RunOptions): Promise<MigrationStep[]> {
    const prehistory = this.prehistory
    if (!prehistory) throw new ConfigError('NO_SEQUELIZE_CLI_CONFIG', 'The revisions build on the sequelize-cli migrations but env sets no sequelizeCli')
    const {prehistory: recorded} = await this.record()
    const toStep = ({file}: PrehistoryStep): MigrationStep => ({direction, revision: PREHISTORY, file, message: 'sequelize-cli migration', from: [], to: []})
    const onStep = (step: PrehistoryStep) => options.onStep?.(toStep(step))
    try {
      const done = direction === 'upgrade' ? await prehistory.upgrade(recorded, onStep) : await prehistory.downgrade(recorded, onStep)
      return done.map(toStep)
    } finally {
      // The record table may be the version table: read it again next time.
      this.storage.forget()
    }
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

/** The applied set the planners take: the revisions, and the prehistory when it counts as run. */
function appliedOf(state: RecordState, prehistory: Prehistory | undefined, partial: boolean): Set<string> {
  const applied = new Set(state.revisions)
  if (prehistory) {
    const complete = prehistory.pending(state.prehistory).length === 0
    const run = complete || (partial && state.prehistory.size > 0)
    if (run) applied.add(PREHISTORY)
  }
  return applied
}

/** File names have an extension; revision ids cannot contain a dot. */
function looksLikeFile(name: string): boolean {
  return name.includes('.')
}
