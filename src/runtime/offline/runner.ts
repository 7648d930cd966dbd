/**
 * Offline runs (`--sql`): the revisions of a plan run against a Sequelize instance that records
 * its queries instead of running them, and the record rows are written by the record storage
 * itself, so the script holds what the online run would do, in the same order: the record table
 * (from base), then per revision a comment, `BEGIN` where the online run opens a transaction, the
 * revision's statements, its record row, `COMMIT`.
 */
import type {DataTypes as DataTypesNamespace, Sequelize} from 'sequelize'

import type {Environment} from '../../config/environment'
import {dialectOf, findDialect} from '../../dialects'
import type {Dialect, OfflineHooks} from '../../dialects/dialect'
import {ConfigError, MigrateError, MigrationError} from '../../errors'
import {planOfflineDowngrade, planOfflineStamp, planOfflineUpgrade, PREHISTORY, PREHISTORY_NODE, RevisionMap} from '../../revision'
import {checkPrehistoryLinks} from '../record-state'
import type {ScriptDirectory} from '../../script/script-directory'
import type {MigrationContext, MigrationStep} from '../migrator'
import {SqlRecordStorage} from '../record-table'
import {formatStep, stepOf} from '../steps'
import {type Capture, captureQueries, OfflineReadError} from './capture'

/** What an offline verb renders. */
export interface OfflineRequest {
  verb: 'upgrade' | 'downgrade' | 'stamp'
  /** `[START:]END` (`START:END` for a downgrade). */
  range: string
  /** A Sequelize dialect name to use instead of env's instance. */
  dialect?: string
  /** `db stamp --purge`. */
  purge?: boolean
}

/** The planned work: which revisions run in which direction, and what the record gets. */
interface OfflinePlan {
  applied: Set<string>
  steps: MigrationStep[]
  stamp?: {add: string[]; remove: string[]}
}

function plan(scripts: ScriptDirectory, request: OfflineRequest): OfflinePlan {
  const {map} = scripts
  if (request.verb === 'stamp') {
    const {applied, add, remove} = planOfflineStamp(map, request.range, {purge: request.purge})
    return {applied, steps: [], stamp: {add, remove}}
  }
  const planned = request.verb === 'upgrade' ? planOfflineUpgrade(map, request.range) : planOfflineDowngrade(map, request.range)
  return {applied: planned.applied, steps: planned.steps.map((id) => stepOf(map, request.verb as MigrationStep['direction'], id))}
}

/** The Sequelize instance the script is written for: `--dialect`'s, else env's (never connected). */
async function offlineSequelize(environment: Environment, dialect: string | undefined): Promise<Sequelize> {
  if (dialect === undefined) return environment.sequelize()
  if (!findDialect(dialect)) {
    throw new ConfigError('UNSUPPORTED_DIALECT', `--dialect ${dialect} is not one sequelize-migrate supports; use postgres, mariadb, mysql or sqlite`)
  }
  const {Sequelize: SequelizeClass} = require('sequelize') as typeof import('sequelize')
  return new SequelizeClass({dialect: dialect as never, logging: false})
}

/** One offline run: the capture, the record and the revisions. */
class OfflineRun {
  private readonly storage: SqlRecordStorage

  constructor(
    environment: Environment,
    private readonly scripts: ScriptDirectory,
    private readonly sequelize: Sequelize,
    private readonly dialect: Dialect,
    readonly capture: Capture,
  ) {
    this.storage = new SqlRecordStorage(sequelize, environment.versionTable, dialect.runtime)
  }

  /** The record table, created as an online run creates it (with its checksum column). */
  async createRecord(): Promise<void> {
    await this.storage.createRecordTable()
  }

  /** Records a revision as applied, with the checksum of its file, as an online run does. */
  private add(revision: string): Promise<void> {
    return this.storage.add(revision, this.scripts.checksum(revision))
  }

  inTransaction(revision?: string): boolean {
    return this.dialect.transactionalDDL && (revision === undefined || this.scripts.info(revision).transactional !== false)
  }

  /** Runs `fn` between BEGIN and COMMIT where the online run would use a transaction. */
  async transactional(fn: () => Promise<void>, revision?: string): Promise<void> {
    const wrapped = this.inTransaction(revision)
    if (wrapped) this.capture.note('BEGIN;')
    await fn()
    if (wrapped) this.capture.note('COMMIT;')
  }

  async step(step: MigrationStep): Promise<void> {
    const {revision, direction} = step
    const script = await this.scripts.script(revision)
    const DataTypes = (this.sequelize.constructor as unknown as {DataTypes: typeof DataTypesNamespace}).DataTypes
    const context: MigrationContext = {
      queryInterface: this.dialect.runtime.queryInterface(this.sequelize),
      sequelize: this.sequelize,
      DataTypes,
      transaction: null,
      revision,
      offline: true,
    }
    const label = `Revision ${revision}${step.message ? ` (${step.message})` : ''}`
    try {
      await this.transactional(async () => {
        await (direction === 'upgrade' ? script.up(context as never) : script.down(context as never))
        if (this.capture.readUsed) throw this.capture.readUsed
        await (direction === 'upgrade' ? this.add(revision) : this.storage.remove(revision))
      }, revision)
    } catch (error) {
      const cause = this.capture.readUsed ?? error
      if (cause instanceof OfflineReadError) {
        throw new MigrationError('OFFLINE_READ', `${label} ${cause.message}: guard the read with \`if (!offline)\` (MigrationContext.offline), or write SQL that needs no result when offline`, revision, {cause})
      }
      if ((cause as {code?: unknown}).code === 'IRREVERSIBLE_MIGRATION') {
        throw new MigrationError('IRREVERSIBLE', `${label} cannot be downgraded: ${(cause as Error).message}`, revision, {cause})
      }
      const detail = cause instanceof Error ? cause.message.split('\n')[0] : String(cause)
      throw new MigrationError('MIGRATION_FAILED', `${label} failed during ${direction} --sql: ${detail}`, revision, {cause})
    }
  }

  async stamp(change: {add: string[]; remove: string[]}): Promise<void> {
    await this.transactional(async () => {
      for (const name of change.remove) await this.storage.remove(name)
      for (const name of change.add) await this.add(name)
    })
  }
}

/** Runs the sequelize-cli migrations unwritten, so that dialects tracking the schema know their tables. */
async function replayPrehistory(environment: Environment, sequelize: Sequelize): Promise<void> {
  checkPrehistoryLinks(new RevisionMap([PREHISTORY_NODE]), environment)
  const {Prehistory} = require('../prehistory') as typeof import('../prehistory')
  await new Prehistory(sequelize, environment.sequelizeCli!).replay().catch((error: MigrateError) => {
    throw new MigrationError(error.code ?? 'MIGRATION_FAILED', `Cannot replay the sequelize-cli migrations below the range's start offline: ${error.message}`, PREHISTORY, {cause: error})
  })
}

/**
 * Renders the SQL script of an offline verb. Nothing connects: the dialect comes from env's
 * Sequelize instance (built, never connected) or `request.dialect`.
 *
 * @returns the script, one statement per line or block, each ending with `;`
 * @throws {RevisionError} for a bad range; {@link MigrationError} `OFFLINE_READ` when a revision
 *   uses the result of a read, `MIGRATION_FAILED` when it throws.
 */
export async function renderOfflineScript(environment: Environment, scripts: ScriptDirectory, request: OfflineRequest): Promise<string> {
  const planned = plan(scripts, request)
  const touched = [...planned.steps.map((step) => step.revision), ...planned.stamp?.add ?? [], ...planned.stamp?.remove ?? []]
  if (touched.includes(PREHISTORY)) {
    throw new ConfigError('OFFLINE_PREHISTORY', `--sql does not write the sequelize-cli migrations (they run online, as sequelize-cli runs them); start the range after them, e.g. \`db ${request.verb} --sql ${PREHISTORY}:head\`, for a database that has run them`)
  }
  const sequelize = await offlineSequelize(environment, request.dialect)
  const dialect = dialectOf(sequelize)
  const offline = dialect.runtime.offline()
  const hooks: OfflineHooks = await offline.hooks(sequelize)
  try {
    const run = new OfflineRun(environment, scripts, sequelize, dialect, captureQueries(sequelize, hooks))
    const {capture} = run
    // What START says is applied is replayed unwritten, so that dialects tracking the schema
    // (SQLite's shadow, MariaDB's foreign keys) start from it.
    const startsAtBase = planned.applied.size === 0
    capture.writing = false
    await run.createRecord()
    for (const id of scripts.map.sortTopologically(planned.applied)) {
      if (id === PREHISTORY) {
        await replayPrehistory(environment, sequelize)
        continue
      }
      await run.step(stepOf(scripts.map, 'upgrade', id)).catch((error: MigrateError) => {
        throw new MigrationError(error.code, `Cannot replay the revisions below the range's start offline: ${error.message}`, id, {cause: error})
      })
    }
    capture.writing = true

    capture.note(`-- sequelize-migrate: ${request.verb} ${request.range} (${dialect.name})`)
    for (const statement of offline.preamble) capture.note(statement)
    if (startsAtBase && request.verb !== 'downgrade') await run.createRecord()
    if (planned.stamp) await run.stamp(planned.stamp)
    for (const step of planned.steps) {
      capture.note('')
      capture.note(`-- ${formatStep(step)}`)
      await run.step(step)
    }
    return `${capture.statements.join('\n')}\n`
  } finally {
    await hooks.close?.()
  }
}
