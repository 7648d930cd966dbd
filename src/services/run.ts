/**
 * `db upgrade`, `db downgrade`, `db stamp`, `db current`.
 */
import {renameSync, rmSync, writeFileSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import {loadEnvironment} from '../config/environment'
import {ConfigError, RevisionError} from '../errors'
import {planUpgrade, PREHISTORY} from '../revision'
import type {Migrator, MigrationStep, RunOptions, StampOptions} from '../runtime/migrator'
import {ScriptDirectory} from '../script/script-directory'
import {type FolderOptions, withMigrator} from './open'

export {formatStep} from '../runtime/steps'

/** What an upgrade or downgrade did. */
export interface RunResult {
  /** The steps run, in order, each with its duration; empty when the database was already there. */
  steps: MigrationStep[]
  /** Where the database is afterwards (empty: base). */
  current: string[]
  /** The head revisions of the graph. */
  heads: string[]
}

/**
 * Whether upgrading to `target` has nothing to run, read from the record without taking the lock:
 * the usual start of a replica then takes no lock and loads no revision module. Safe because a
 * revision is recorded only once it is applied; a record that is behind (or that another replica
 * is writing) answers false and the locked run decides. Graph problems answer false too, so the
 * locked run reports them.
 */
export async function nothingToUpgrade(migrator: Migrator, target: string): Promise<boolean> {
  try {
    return planUpgrade(migrator.scripts.map, await migrator.applied(), target).steps.length === 0
  } catch (error) {
    if (error instanceof RevisionError) return false
    throw error
  }
}

/** Upgrades the database to `target` (default `head`). */
export function upgrade(options: FolderOptions & RunOptions & {target?: string}): Promise<RunResult> {
  const target = options.target ?? 'head'
  return withMigrator(options, async (migrator) => {
    const steps = (await nothingToUpgrade(migrator, target)) ? [] : await migrator.upgrade(target, options)
    return {steps, current: await migrator.current(), heads: migrator.scripts.map.heads}
  })
}

/** Downgrades the database to `target` (default `-1`). */
export function downgrade(options: FolderOptions & RunOptions & {target?: string}): Promise<RunResult> {
  return withMigrator(options, async (migrator) => {
    const steps = await migrator.downgrade(options.target ?? '-1', options)
    return {steps, current: await migrator.current(), heads: migrator.scripts.map.heads}
  })
}

/** What a stamp changed in the record, and where the database is recorded afterwards. */
export interface StampResult {
  add: string[]
  remove: string[]
  current: string[]
}

/** Records the database as being at `target` without running revisions. */
export function stamp(options: FolderOptions & StampOptions & {target: string}): Promise<StampResult> {
  return withMigrator(options, async (migrator) => {
    const changed = await migrator.stamp(options.target, options)
    return {...changed, current: await migrator.current()}
  })
}

/**
 * The line an upgrade or downgrade that ran nothing prints, so every run leaves a line in the log.
 *
 * @example nothingToDo('upgrade', 'head', {steps: [], current: ['a1b2'], heads: ['a1b2']}) // 'Already at head a1b2'
 */
export function nothingToDo(direction: MigrationStep['direction'], target: string, result: RunResult): string {
  const at = result.current.length > 0 ? result.current.join(', ') : '<base>'
  if (direction === 'upgrade') {
    if (result.heads.length === 0) return 'No revisions to upgrade to: the versions folder is empty'
    const atHeads = result.current.length > 0 && result.heads.every((head) => result.current.includes(head))
    if (atHeads) return `Already at head${result.heads.length > 1 ? 's' : ''} ${at}`
    return `Nothing to upgrade: ${target} is already applied (the database is at ${at})`
  }
  if (result.current.length === 0) return 'Nothing to downgrade: the database is at <base>'
  return `Nothing to downgrade: the database is at ${at}, already at or below ${target}`
}

/** The line a stamp that changed nothing prints. */
export function nothingStamped(result: StampResult): string {
  return result.current.length === 0 ? 'Nothing to stamp: the record is already empty (<base>)' : `Nothing to stamp: already stamped at ${result.current.join(', ')}`
}

/** One current revision of the database. */
export interface CurrentRevision {
  revision: string
  message?: string
  /** It is a head of the graph. */
  head: boolean
}

/** The revision(s) the database is at. */
export function current(options: FolderOptions): Promise<CurrentRevision[]> {
  return withMigrator(options, async (migrator) => {
    const {map} = migrator.scripts
    const heads = new Set(map.heads)
    const revisions = await migrator.current()
    const prehistory = revisions.includes(PREHISTORY) ? await prehistoryProgress(migrator) : undefined
    return revisions.map((revision) => ({
      revision,
      message: revision === PREHISTORY ? prehistory : map.get(revision).message,
      head: heads.has(revision),
    }))
  })
}

/** Options of {@link renderSql}. */
export interface SqlOptions extends FolderOptions {
  verb: 'upgrade' | 'downgrade' | 'stamp'
  /** `[START:]END`; `START:END` for a downgrade. */
  range: string
  /** A Sequelize dialect name instead of env's instance (env's is built but never connected). */
  dialect?: string
  purge?: boolean
  /** Write the script to this file (whole or not at all) instead of returning it only. */
  output?: string
}

/**
 * The SQL script of `db upgrade --sql`, `db downgrade --sql` or `db stamp --sql`, without
 * connecting to any database. With `output`, the script is written to a temporary file next to it
 * and renamed into place, so a failed run leaves no partial file.
 *
 * @example await renderSql({verb: 'upgrade', range: 'base:head', output: 'upgrade.sql'})
 * @throws {RevisionError} for a bad range; {@link MigrationError} when a revision fails offline.
 */
export async function renderSql(options: SqlOptions): Promise<string> {
  const {renderOfflineScript} = require('../runtime/offline/runner') as typeof import('../runtime/offline/runner')
  const environment = await loadEnvironment(options)
  try {
    const scripts = await ScriptDirectory.load(environment.versionsDirectory)
    const script = await renderOfflineScript(environment, scripts, options)
    if (options.output !== undefined) writeWhole(options.output, script)
    return script
  } finally {
    await environment.close()
  }
}

function writeWhole(file: string, text: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`)
  try {
    writeFileSync(temporary, text)
    renameSync(temporary, file)
  } catch (error) {
    rmSync(temporary, {force: true})
    throw new ConfigError('OUTPUT_FAILED', `Cannot write ${file}: ${(error as Error).message.split('\n')[0]}`, {cause: error})
  }
}

/** `12 of 30 sequelize-cli migrations run, last 2021…-add-orders.js`. */
async function prehistoryProgress(migrator: Migrator): Promise<string | undefined> {
  const {prehistory} = migrator
  if (!prehistory) return undefined
  const recorded = prehistory.applied((await migrator.record()).prehistory)
  const last = recorded.at(-1)
  return `${recorded.length} of ${prehistory.files.length} sequelize-cli migrations run${last ? `, last ${last}` : ''}`
}
