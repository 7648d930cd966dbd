/**
 * Runs revisions: the graph decides what runs and in which order, umzug runs each revision, a
 * {@link RecordStorage} keeps the record, and the record's exclusive sections make sure no
 * revision ever runs twice, whatever happens to the run lock.
 *
 * Each step: under the record's exclusive section, re-read the record and skip a revision another
 * run already did. A revision that runs in a transaction runs inside that section and commits with
 * its record row; one that cannot (MariaDB DDL, `transactional = false`) is noted as started in
 * the section, runs, and is recorded in a second section. A note left behind stops every later run
 * until `db resolve` says how the revision ended.
 */
import {hostname} from 'node:os'

import type {DataTypes as DataTypesNamespace, QueryInterface, Sequelize, Transaction} from 'sequelize'
import type {UmzugStorage} from 'umzug'

import {type Environment, sameTable} from '../config/environment'
import {dialectOf, type Dialect} from '../dialects'
import {ConfigError, LockError, MigrateError, MigrationError, RecordError, RevisionError} from '../errors'
import {currentHeads, listSome, planDowngrade, planStamp, planUpgrade, PREHISTORY, resolveRevision} from '../revision'
import {ScriptDirectory} from '../script/script-directory'
import {connect} from './connect'
import {currentTransaction, ensureTransactionContext} from './cls'
import {Prehistory, type PrehistoryStep} from './prehistory'
import {checkPrehistoryLinks, type SortedRecord, sortRecord, unknownRowsError} from './record-state'
import type {LockWaitOptions, ReadOptions, RecordState, RecordStorage, RunLock, SectionOptions, StartedRevision} from './record-storage'
import {SqlRecordStorage} from './record-table'
import {stepOf} from './steps'
import {loadUmzug} from './umzug'

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

/** Options of the verbs that take the run lock. */
export type LockOptions = LockWaitOptions

/** Options of {@link Migrator.stamp}. */
export interface StampOptions extends LockOptions {
  /** Clear the record of revisions first; rows of unknown revisions and unfinished notes too. */
  purge?: boolean
  /**
   * Allow deleting rows named like sequelize-cli migrations (file names): the prehistory's, and
   * with `purge` unknown ones. Without it, a stamp that would delete one refuses.
   * @default false
   */
  deleteSequelizeCliRows?: boolean
}

/** Options of {@link Migrator.upgrade} and {@link Migrator.downgrade}. */
export interface RunOptions extends LockOptions {
  /**
   * Called once a run knows it has revisions to run, before it loads them (never on a run with
   * nothing to do), with their ids in the order they will run.
   */
  onRevisionsToRun?: (revisions: string[]) => void
  /** Called before each step runs (to print `Running upgrade a -> b, message`). */
  onStep?: (step: MigrationStep) => void
  /** Called after each step has run, with its {@link MigrationStep.durationMs} set. */
  onStepDone?: (step: MigrationStep) => void
}

/** What the record says, checked against the revision files. */
export interface RecordStatus {
  /** The applied revisions (the prehistory once any of its migrations is recorded). */
  applied: Set<string>
  /** Where the database is: the applied revisions no other applied revision descends from. */
  current: string[]
  /** The adopted sequelize-cli migrations the record holds. */
  prehistory: Set<string>
  /** Applied revisions whose file changed since (checksum differs). */
  changed: string[]
  /** Recorded names no revision file (nor the adopted sequelize-cli folder) defines. */
  vanished: string[]
  /** Revisions started outside a transaction and never finished. */
  started: StartedRevision[]
}

/** How a revision left half way ended, as the user found after checking the schema. */
export type Resolution = 'applied' | 'rolled-back'

/** What the migrator needs besides the revisions and the record. */
export interface MigratorBackend {
  /** DDL is transactional: revisions run in a transaction unless they set `transactional = false`. */
  transactionalDDL: boolean
  /** For messages, e.g. `mariadb`. */
  dialectName: string
  /** What a revision's `up`/`down` receive. */
  context(revision: string): unknown
  /** The sequelize-cli migrations the revisions build on, if env adopts them. */
  prehistory?: Prehistory
  /** The prehistory's rows are in a table of their own (not the version table). */
  prehistoryTable?: boolean
  /** The error for record rows no file defines (default: a generic one). */
  unknownRows?(names: string[]): MigrateError
}

/** The record as read: the storage's state, and its names sorted into revisions and prehistory. */
interface ReadRecord {
  state: RecordState
  sorted: SortedRecord
}

/**
 * Applies, undoes and stamps revisions on one record.
 *
 * @example
 * const migrator = await Migrator.open(env)
 * try { await migrator.upgrade('head', {onStep: console.log}) } finally { await migrator.close() }
 * @example
 * // in memory, for tests
 * const migrator = Migrator.create(await ScriptDirectory.load(dir), new MemoryRecordStorage())
 */
export class Migrator {
  constructor(
    readonly scripts: ScriptDirectory,
    readonly storage: RecordStorage,
    private readonly backend: MigratorBackend,
  ) {}

  /** A migrator on any record storage; revisions receive `{revision}` unless `backend` says otherwise. */
  static create(scripts: ScriptDirectory, storage: RecordStorage, backend: Partial<MigratorBackend> = {}): Migrator {
    return new Migrator(scripts, storage, {transactionalDDL: true, dialectName: 'memory', context: (revision) => ({revision}), ...backend})
  }

  /**
   * Loads the revisions (unless given), builds the Sequelize instance and checks the connection.
   *
   * @throws {ConnectionError} when the database cannot be reached.
   */
  static open(environment: Environment, scripts?: ScriptDirectory): Promise<DatabaseMigrator> {
    return DatabaseMigrator.open(environment, scripts)
  }

  /** The sequelize-cli migrations env adopts, if any. */
  get prehistory(): Prehistory | undefined {
    return this.backend.prehistory
  }

  /** What the record tables hold: revisions, sequelize-cli migrations and names neither defines. */
  async record(): Promise<SortedRecord> {
    return (await this.readRecord()).sorted
  }

  /**
   * The applied revisions. The prehistory (`sequelize-cli`) counts once every migration of its
   * folder is recorded, or with `partial` once any is.
   *
   * @throws {RevisionError} `UNKNOWN_APPLIED_REVISION` when the record holds names no file defines.
   */
  async applied(options: {partial?: boolean} = {}): Promise<Set<string>> {
    const {sorted} = await this.readRecord()
    if (sorted.unknown.length > 0) throw this.unknownRows(sorted.unknown)
    return this.appliedOf(sorted, options.partial ?? false)
  }

  /**
   * The record, checked against the revision files (changed, vanished and unfinished revisions),
   * in one read. With `known`, a record holding names no file defines is refused, as
   * {@link Migrator.current} refuses it.
   *
   * @throws {RevisionError} `UNKNOWN_APPLIED_REVISION` (with `known`).
   */
  async status(options: {known?: boolean} = {}): Promise<RecordStatus> {
    const status = this.statusOf(await this.readRecord())
    if (options.known && status.vanished.length > 0) throw this.unknownRows(status.vanished)
    return status
  }

  /**
   * Where the database is (as {@link Migrator.current} says) when upgrading to `target` has nothing
   * to do, read from the record once without taking the lock: the usual start of a replica then
   * takes no lock and loads no revision module. Safe because a revision is recorded only once it is
   * applied; a record that is behind (or that another run is writing), or one the locked run must
   * refuse or complete (unfinished, unknown or changed revisions, checksums not recorded yet),
   * answers undefined and the locked run decides. Graph problems answer undefined too, so the
   * locked run reports them.
   */
  async upToDate(target: string): Promise<string[] | undefined> {
    const record = await this.readRecord()
    const status = this.statusOf(record)
    if (status.started.length + status.vanished.length + status.changed.length > 0) return undefined
    if (uncheckedRevisions(record).length > 0) return undefined
    try {
      if (planUpgrade(this.scripts.map, this.appliedOf(record.sorted, false), target).steps.length > 0) return undefined
    } catch (error) {
      if (error instanceof RevisionError) return undefined
      throw error
    }
    return status.current
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
   * transactional, under the run lock.
   *
   * @returns the steps run (empty when already there)
   * @throws {RevisionError} for an unusable target; {@link RecordError} when the record is not
   * usable as it is; {@link LockError}; {@link MigrationError} when a revision fails.
   */
  upgrade(target = 'head', options: RunOptions = {}): Promise<MigrationStep[]> {
    return this.locked(options, async (lock) => {
      const record = await this.usableRecord()
      const plan = planUpgrade(this.scripts.map, this.appliedOf(record.sorted, false), target)
      return this.run('upgrade', plan.steps, options, lock, record)
    })
  }

  /**
   * Undoes revisions down to `target` (default `-1`; `base` undoes all), under the run lock.
   *
   * @throws like {@link Migrator.upgrade}.
   */
  downgrade(target = '-1', options: RunOptions = {}): Promise<MigrationStep[]> {
    return this.locked(options, async (lock) => {
      const record = await this.usableRecord()
      const plan = planDowngrade(this.scripts.map, this.appliedOf(record.sorted, true), target)
      return this.run('downgrade', plan.steps, options, lock, record)
    })
  }

  /**
   * Applies or undoes exactly one revision: upgrading needs its parents applied, downgrading needs
   * none of its children applied. Used by the test helpers to walk the graph step by step.
   *
   * @throws {RevisionError} `INVALID_STEP` when the revision cannot be stepped now.
   */
  step(direction: MigrationStep['direction'], revision: string, options: RunOptions = {}): Promise<MigrationStep> {
    return this.locked(options, async (lock) => {
      const record = await this.usableRecord()
      const blockers = this.blockers(direction, revision, this.appliedOf(record.sorted, direction === 'downgrade'))
      if (blockers.length > 0) throw new RevisionError('INVALID_STEP', `Cannot ${direction} ${revision} alone: ${blockers.join(', ')}`)
      const [step] = await this.run(direction, [revision], options, lock, record)
      return step
    })
  }

  /**
   * Records the database as being at `target` without running anything (`purge` clears the
   * record of revisions first, unfinished notes included). Rows named like sequelize-cli
   * migrations are deleted only with `deleteSequelizeCliRows`.
   *
   * @returns the ids added to and removed from the record (`sequelize-cli` for the prehistory's rows)
   * @throws {RevisionError} `SEQUELIZE_CLI_ROWS` when it would delete sequelize-cli rows unasked.
   */
  stamp(target: string, options: StampOptions = {}): Promise<{add: string[]; remove: string[]}> {
    return this.locked(options, async () => {
      const purge = options.purge ?? false
      const {state, sorted} = purge ? await this.readRecord() : await this.usableRecord({checksums: false})
      const applied = this.appliedOf(sorted, false)
      const plan = planStamp(this.scripts.map, new Set([...applied, ...sorted.unknown]), target, {purge})
      const keepsPrehistory = (applied.has(PREHISTORY) || plan.add.includes(PREHISTORY)) && !plan.remove.includes(PREHISTORY)
      const remove = plan.remove.filter((id) => id !== PREHISTORY)
      if (!keepsPrehistory && sorted.prehistory.size > 0) remove.push(PREHISTORY)
      const cliRows = remove.filter((id) => id === PREHISTORY || looksLikeFile(id))
      if (cliRows.length > 0 && !options.deleteSequelizeCliRows) {
        const count = cliRows.reduce((total, id) => total + (id === PREHISTORY ? sorted.prehistory.size : 1), 0)
        throw new RevisionError('SEQUELIZE_CLI_ROWS', `Stamping ${target}${purge ? ' --purge' : ''} would delete ${count} row(s) named like sequelize-cli migrations, which sequelize-cli reads too; pass --delete-sequelize-cli-rows to delete them, or stamp another target`)
      }
      const finished = purge ? state.started : []
      if (plan.add.length + remove.length + finished.length === 0) return {add: plan.add, remove}
      const prehistory = this.prehistory
      // The prehistory's rows go through sequelize-cli's own storage, before the exclusive section:
      // it may create its table, and DDL would commit MariaDB's transaction.
      if (prehistory && remove.includes(PREHISTORY)) await prehistory.unstamp([...sorted.prehistory])
      if (prehistory && sorted.unknownCli.size > 0) await prehistory.unstamp(remove.filter((name) => sorted.unknownCli.has(name)))
      if (prehistory && plan.add.includes(PREHISTORY)) await prehistory.stamp(sorted.prehistory)
      await this.storage.prepare()
      await this.storage.exclusive(async () => {
        for (const name of remove) if (name !== PREHISTORY && !sorted.unknownCli.has(name)) await this.storage.remove(name)
        for (const name of plan.add) if (name !== PREHISTORY) await this.storage.add(name, this.checksum(name))
        for (const started of finished) await this.storage.finish(started.revision)
      }, options)
      return {add: plan.add, remove}
    })
  }

  /**
   * Says how a revision left half way (interrupted or failed outside a transaction) ended, after
   * the user checked the schema: `applied` records it as applied, `rolled-back` as not applied.
   *
   * @throws {RecordError} `NOTHING_TO_RESOLVE` when no unfinished run of `revision` is recorded.
   */
  resolve(revision: string, resolution: Resolution, options: LockOptions = {}): Promise<StartedRevision> {
    return this.locked(options, async () => {
      const {started} = await this.storage.read()
      // A full id, else a unique prefix (the revision's file may be gone, so not through the graph).
      const exact = started.filter((entry) => entry.revision === revision)
      const matches = exact.length > 0 ? exact : started.filter((entry) => entry.revision.startsWith(revision))
      if (matches.length !== 1) {
        const listed = started.map((entry) => entry.revision).join(', ')
        throw new RecordError('NOTHING_TO_RESOLVE', matches.length === 0
          ? `No unfinished run of ${revision} is recorded${listed ? ` (unfinished: ${listed})` : ' (nothing is unfinished)'}; nothing to resolve`
          : `${revision} matches several unfinished revisions (${listed}); give more of the id`, [revision])
      }
      const [entry] = matches
      await this.storage.prepare()
      await this.storage.exclusive(async () => {
        const applied = (await this.storage.read()).applied.has(entry.revision)
        if (resolution === 'applied' && !applied) await this.storage.add(entry.revision, this.scripts.map.has(entry.revision) ? this.checksum(entry.revision) : '')
        if (resolution === 'rolled-back' && applied) await this.storage.remove(entry.revision)
        await this.storage.finish(entry.revision)
      }, options)
      return entry
    })
  }

  /**
   * Accepts the current files of applied revisions that changed since they were applied: records
   * their checksums anew. Without `revisions`, every changed one.
   *
   * @returns the revisions accepted
   * @throws {RecordError} `NOT_CHANGED` for a named revision whose file did not change.
   */
  accept(revisions: string[] = [], options: LockOptions = {}): Promise<string[]> {
    return this.locked(options, async () => {
      const status = this.statusOf(await this.readRecord())
      const ids = revisions.map((revision) => resolveRevision(this.scripts.map, revision))
      const unchanged = ids.filter((id) => !status.changed.includes(id))
      if (unchanged.length > 0) {
        throw new RecordError('NOT_CHANGED', `${unchanged.join(', ')} ${unchanged.length > 1 ? 'are' : 'is'} not an applied revision whose file changed; changed: ${status.changed.join(', ') || 'none'}`, unchanged)
      }
      const accepted = ids.length > 0 ? ids : status.changed
      if (accepted.length === 0) return []
      await this.storage.prepare()
      await this.storage.exclusive(async () => {
        for (const id of accepted) await this.storage.setChecksum(id, this.checksum(id))
      }, options)
      return accepted
    })
  }

  /** Closes what the migrator opened (nothing for a storage it was given). */
  async close(): Promise<void> {}

  private async locked<T>(options: LockOptions, fn: (lock: RunLock) => Promise<T>): Promise<T> {
    const lock = await this.storage.lock(options)
    try {
      return await fn(lock)
    } finally {
      await lock.release()
    }
  }

  /** The whole record, with the sequelize-cli rows of a prehistory table of its own. */
  private async readRecord(): Promise<ReadRecord> {
    const state = await this.storage.read()
    const {prehistory} = this.backend
    return this.sortedOf(state, prehistory && this.backend.prehistoryTable ? await prehistory.rows() : [])
  }

  /** A read of the record, sorted (a targeted read, {@link ReadOptions.revisions}, has no sequelize-cli rows). */
  private sortedOf(state: RecordState, cliRows: string[] = []): ReadRecord {
    return {state, sorted: sortRecord(this.scripts.map, [...state.applied.keys()], cliRows, this.backend.prehistory)}
  }

  /** The applied set the planners take: the revisions, and the prehistory when it counts as run. */
  private appliedOf(sorted: SortedRecord, partial: boolean): Set<string> {
    const applied = new Set(sorted.revisions)
    const {prehistory} = this.backend
    if (prehistory) {
      const complete = prehistory.pending(sorted.prehistory).length === 0
      if (complete || (partial && sorted.prehistory.size > 0)) applied.add(PREHISTORY)
    }
    return applied
  }

  private unknownRows(names: string[]): MigrateError {
    return this.backend.unknownRows?.(names) ?? new RecordError('UNKNOWN_APPLIED_REVISION', `The database records ${listSome(names)} that no file in ${this.scripts.versionsDirectory} defines; restore the file(s), or reset the record with \`db stamp <revision> --purge\``, names)
  }

  /** The checksum of a revision's file, from the text the script directory already read. */
  private checksum(revision: string): string {
    return this.scripts.checksum(revision)
  }

  private statusOf({state, sorted}: ReadRecord): RecordStatus {
    const changed = [...sorted.revisions].filter((id) => {
      const recorded = state.applied.get(id)
      return recorded && recorded !== this.checksum(id)
    }).sort()
    const applied = this.appliedOf(sorted, true)
    return {applied, current: currentHeads(this.scripts.map, applied), prehistory: sorted.prehistory, changed, vanished: sorted.unknown, started: state.started}
  }

  /**
   * Reads the record and refuses to go on while it holds an unfinished revision, a name no file
   * defines, or (unless `checksums` is false) a revision whose file changed.
   */
  private async usableRecord(options: {checksums?: boolean} = {}): Promise<ReadRecord> {
    const record = await this.readRecord()
    const status = this.statusOf(record)
    if (status.started.length > 0) throw unfinished(status.started, this.scripts)
    if (status.vanished.length > 0) throw this.unknownRows(status.vanished)
    if (options.checksums !== false && status.changed.length > 0) {
      const named = status.changed.map((id) => `${id} (${this.scripts.info(id).path})`).join(', ')
      throw new RecordError(
        'CHANGED_REVISION',
        `Applied revision(s) ${named} changed since they were applied (the file's checksum differs from the recorded one); undo the edit, or if it is deliberate run \`db accept ${status.changed.join(' ')}\``,
        status.changed,
      )
    }
    return record
  }

  private blockers(direction: MigrationStep['direction'], revision: string, applied: Set<string>): string[] {
    const {map} = this.scripts
    return direction === 'upgrade'
      ? [...(applied.has(revision) ? [`${revision} is already applied`] : []), ...map.get(revision).downRevisions.filter((id) => !applied.has(id)).map((id) => `parent ${id} is not applied`)]
      : [...(applied.has(revision) ? [] : [`${revision} is not applied`]), ...map.children(revision).filter((id) => applied.has(id)).map((id) => `child ${id} is applied`)]
  }

  /** Whether `revision` runs inside a transaction (with its record row). */
  private inTransaction(revision: string): boolean {
    return this.backend.transactionalDDL && this.scripts.info(revision).transactional !== false
  }

  private async run(direction: MigrationStep['direction'], ids: string[], options: RunOptions, lock: RunLock, record: ReadRecord): Promise<MigrationStep[]> {
    const missingChecksums = uncheckedRevisions(record)
    if (ids.length === 0 && missingChecksums.length === 0) return []
    if (ids.length > 0) options.onRevisionsToRun?.(ids)
    // Load every revision of the plan first: one that does not load stops the run before any runs.
    for (const id of ids) if (id !== PREHISTORY) await this.scripts.script(id)
    await this.storage.prepare()
    if (missingChecksums.length > 0) {
      // Applied before checksums were recorded (or by another tool): take today's file as the reference.
      await this.storage.exclusive(async () => {
        for (const id of missingChecksums) await this.storage.setChecksum(id, this.checksum(id))
      }, options)
    }
    // Load the runner now, so the first step's duration is the step's own.
    if (ids.length > 0) loadUmzug()
    const steps: MigrationStep[] = []
    for (const id of ids) {
      if (id === PREHISTORY) {
        if (!(await lock.held())) throw lockLost(id, direction, steps.length)
        steps.push(...await this.runPrehistory(direction, options))
        continue
      }
      const step = stepOf(this.scripts.map, direction, id)
      const started = performance.now()
      let ran: boolean
      try {
        // The section that claims the step checks the run still holds its lock (LOCK_LOST if not).
        ran = this.inTransaction(id) ? await this.runInside(step, options, lock) : await this.runOutside(step, options, lock)
      } catch (error) {
        if (error instanceof LockError && error.code === 'LOCK_LOST') throw lockLost(id, direction, steps.length)
        throw error
      }
      if (!ran) continue
      step.durationMs = Math.round(performance.now() - started)
      steps.push(step)
      options.onStepDone?.(step)
    }
    return steps
  }

  /** Runs the pending sequelize-cli migrations, or undoes the recorded ones, as sequelize-cli does. */
  private async runPrehistory(direction: MigrationStep['direction'], options: RunOptions): Promise<MigrationStep[]> {
    const {prehistory} = this
    if (!prehistory) throw new ConfigError('NO_SEQUELIZE_CLI_CONFIG', 'The revisions build on the sequelize-cli migrations but env sets no sequelizeCli')
    const {prehistory: recorded} = await this.record()
    const toStep = ({file}: PrehistoryStep): MigrationStep => ({direction, revision: PREHISTORY, file, message: 'sequelize-cli migration', from: [], to: []})
    const onStep = (step: PrehistoryStep) => options.onStep?.(toStep(step))
    const done = direction === 'upgrade' ? await prehistory.upgrade(recorded, onStep) : await prehistory.downgrade(recorded, onStep)
    return done.map(toStep)
  }

  /** Runs a step in the record's exclusive section, its record row in the same transaction. */
  private async runInside(step: MigrationStep, options: RunOptions, lock: RunLock): Promise<boolean> {
    try {
      return await this.storage.exclusive(async (record) => {
        if (!(await this.claim(step, record))) return false
        options.onStep?.(step)
        await this.execute(step, () => this.recordStep(step))
        return true
      }, options, this.claiming(step, lock))
    } catch (error) {
      // What the section checks before it commits (SQLite's foreign keys) fails the revision too;
      // `failure` passes the revision's own failure and the record's refusals through.
      throw this.failure(step, error)
    }
  }

  /** Notes the step as started, runs it outside any transaction, then records it. */
  private async runOutside(step: MigrationStep, options: RunOptions, lock: RunLock): Promise<boolean> {
    const claimed = await this.storage.exclusive(async (record) => {
      if (!(await this.claim(step, record))) return false
      await this.storage.start({revision: step.revision, direction: step.direction, startedAt: new Date(), startedBy: `${hostname()} pid ${process.pid}`})
      return true
    }, options, this.claiming(step, lock))
    if (!claimed) return false
    options.onStep?.(step)
    try {
      await this.execute(step, () => this.storage.exclusive(async () => {
        await this.recordStep(step)
        await this.storage.finish(step.revision)
      }, options))
    } catch (error) {
      // A revision that declares itself irreversible does so before undoing anything: nothing is half done.
      if (error instanceof MigrationError && error.code === 'IRREVERSIBLE') await this.storage.exclusive(() => this.storage.finish(step.revision), options)
      throw error
    }
    return true
  }

  /**
   * The rows a step's claim needs: its own and its neighbours' (reading the whole record for every
   * step would grow with the history: 2,000 revisions, two million rows read per upgrade). The
   * prehistory's rows are elsewhere: a step next to it reads the whole record.
   */
  private involved(step: MigrationStep): string[] | undefined {
    const {map} = this.scripts
    const neighbours = step.direction === 'upgrade' ? map.get(step.revision).downRevisions : map.children(step.revision)
    const involved = [step.revision, ...neighbours]
    return involved.includes(PREHISTORY) ? undefined : involved
  }

  /** The section a step is claimed in: only while the run holds its lock, reading what the claim needs. */
  private claiming(step: MigrationStep, lock: RunLock): SectionOptions {
    const revisions = this.involved(step)
    return {runLock: lock, ...(revisions ? {read: {revisions}} : {})}
  }

  /**
   * Inside the exclusive section: whether this run should take the step. False when another run
   * already did; throws when another run changed the record so the step no longer fits. `record`
   * is what the section read for it ({@link Migrator.claiming}), if it read.
   */
  private async claim(step: MigrationStep, record?: RecordState): Promise<boolean> {
    // The section read the step's rows; a step next to the prehistory reads the whole record.
    const {state, sorted} = record ? this.sortedOf(record) : await this.readRecord()
    if (state.started.length > 0) throw unfinished(state.started, this.scripts)
    const applied = this.appliedOf(sorted, step.direction === 'downgrade')
    if (applied.has(step.revision) === (step.direction === 'upgrade')) return false
    const blockers = this.blockers(step.direction, step.revision, applied)
    if (blockers.length > 0) {
      throw new RecordError('RECORD_CHANGED', `Another run changed the record while this one ran (${blockers.join(', ')}); stopped before ${step.direction === 'upgrade' ? 'applying' : 'undoing'} ${step.revision}; check \`db current\`, then run the command again`, [step.revision])
    }
    return true
  }

  private recordStep(step: MigrationStep): Promise<void> {
    return step.direction === 'upgrade' ? this.storage.add(step.revision, this.checksum(step.revision)) : this.storage.remove(step.revision)
  }

  /** Runs one revision through umzug, which calls `record` once it succeeded. */
  private async execute(step: MigrationStep, record: () => Promise<unknown>): Promise<void> {
    const {Umzug} = loadUmzug()
    const {revision} = step
    const storage: UmzugStorage = {
      executed: async () => (step.direction === 'downgrade' ? [revision] : []),
      logMigration: async () => void (await record()),
      unlogMigration: async () => void (await record()),
    }
    const umzug = new Umzug({
      migrations: [{
        name: revision,
        up: async () => (await this.scripts.script(revision)).up(this.backend.context(revision) as never),
        down: async () => (await this.scripts.script(revision)).down(this.backend.context(revision) as never),
      }],
      context: {},
      storage,
      logger: undefined,
    })
    try {
      await (step.direction === 'upgrade' ? umzug.up() : umzug.down())
    } catch (error) {
      throw this.failure(step, error)
    }
  }

  private failure(step: MigrationStep, error: unknown): MigrateError {
    // Already reported as the revision's failure (by `execute`).
    if (error instanceof MigrationError) return error
    // umzug wraps the revision's error; report the revision's own.
    const cause = (error as {cause?: unknown}).cause ?? error
    // The record's own refusals (another run changed it, the lock is gone) are not the revision's failure.
    if (cause instanceof RecordError || cause instanceof LockError) return cause
    const label = `Revision ${step.revision}${step.message ? ` (${step.message})` : ''}`
    const detail = cause instanceof Error ? cause.message.split('\n')[0] : String(cause)
    if ((cause as {code?: unknown}).code === 'IRREVERSIBLE_MIGRATION') {
      return new MigrationError('IRREVERSIBLE', `${label} cannot be downgraded: ${detail}`, step.revision, {cause})
    }
    const aftermath = this.inTransaction(step.revision)
      ? 'nothing of it was applied (its transaction was rolled back); fix it and run the command again'
      : `it ran outside a transaction (${this.backend.transactionalDDL ? 'the revision sets transactional = false' : `${this.backend.dialectName} commits DDL as it runs`}), so part of it may be applied: check the schema, then run \`db resolve ${step.revision} --applied\` or \`db resolve ${step.revision} --rolled-back\` before running the command again`
    return new MigrationError('MIGRATION_FAILED', `${label} failed during ${step.direction}: ${detail}; ${aftermath}`, step.revision, {cause})
  }
}

/** Applied revisions recorded before checksums were (or by another tool): no checksum yet. */
function uncheckedRevisions({state, sorted}: ReadRecord): string[] {
  return [...sorted.revisions].filter((id) => state.applied.get(id) === null)
}

/** The refusal to run while a revision is unfinished, naming it and saying how to resolve it. */
function unfinished(started: StartedRevision[], scripts: ScriptDirectory): RecordError {
  const [first] = started
  const label = scripts.map.has(first.revision) && scripts.map.get(first.revision).message ? ` (${scripts.map.get(first.revision).message})` : ''
  const more = started.length > 1 ? ` (and ${started.slice(1).map((entry) => entry.revision).join(', ')})` : ''
  return new RecordError(
    'UNFINISHED_REVISION',
    `Revision ${first.revision}${label}${more} started to ${first.direction} at ${first.startedAt.toISOString()} (${first.startedBy}) and never finished: that run was interrupted, failed, or is still running. Nothing was run. Check the schema, then run \`db resolve ${first.revision} --applied\` if its ${first.direction} is complete, or \`db resolve ${first.revision} --rolled-back\` if it is not in effect`,
    started.map((entry) => entry.revision),
  )
}

function lockLost(revision: string, direction: MigrationStep['direction'], done: number): LockError {
  return new LockError('LOCK_LOST', `Lost the migration lock (its database session ended) after ${done} step(s); stopped before ${direction === 'upgrade' ? 'applying' : 'undoing'} ${revision}, nothing ran twice; run the command again to continue`)
}

/** File names have an extension; revision ids cannot contain a dot. */
function looksLikeFile(name: string): boolean {
  return name.includes('.')
}

/** A {@link Migrator} on the record of a configured database. */
export class DatabaseMigrator extends Migrator {
  private constructor(
    readonly environment: Environment,
    scripts: ScriptDirectory,
    readonly sequelize: Sequelize,
    /** The database's dialect, resolved once when the migrator opens; verbs pass it on. */
    readonly dialect: Dialect,
    storage: RecordStorage,
    backend: MigratorBackend,
  ) {
    super(scripts, storage, backend)
  }

  /**
   * Loads the revisions (unless given), builds the Sequelize instance and checks the connection.
   *
   * @throws {ConnectionError} when the database cannot be reached.
   */
  static override async open(environment: Environment, scripts?: ScriptDirectory): Promise<DatabaseMigrator> {
    const adopts = environment.sequelizeCli !== undefined
    let loadedScripts = scripts ?? (await ScriptDirectory.load(environment.versionsDirectory, {prehistory: adopts}))
    // Revisions read without env (history -i) lack the prehistory until a revision names it.
    if (adopts && !loadedScripts.map.has(PREHISTORY)) loadedScripts = await ScriptDirectory.load(environment.versionsDirectory, {prehistory: adopts})
    checkPrehistoryLinks(loadedScripts.map, environment)
    const sequelize = await environment.sequelize()
    const dialect = dialectOf(sequelize)
    await connect(sequelize)
    ensureTransactionContext(sequelize)
    const DataTypes = (sequelize.constructor as unknown as {DataTypes: typeof DataTypesNamespace}).DataTypes
    const backend: MigratorBackend = {
      transactionalDDL: dialect.transactionalDDL,
      dialectName: sequelize.getDialect(),
      context: (revision): MigrationContext => ({queryInterface: dialect.runtime.queryInterface(sequelize), sequelize, DataTypes, transaction: currentTransaction(sequelize), revision, offline: false}),
      unknownRows: (names) => unknownRowsError(names, environment),
      ...(environment.sequelizeCli
        ? {prehistory: new Prehistory(sequelize, environment.sequelizeCli), prehistoryTable: !sameTable(environment.sequelizeCli.table, environment.versionTable)}
        : {}),
    }
    return new DatabaseMigrator(environment, loadedScripts, sequelize, dialect, new SqlRecordStorage(sequelize, environment.versionTable, dialect.runtime), backend)
  }

  /** Closes the database connection. */
  override async close(): Promise<void> {
    await this.environment.close()
  }
}
