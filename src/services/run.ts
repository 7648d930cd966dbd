/**
 * `db upgrade`, `db downgrade`, `db stamp`, `db current`, `db resolve`, `db accept`.
 */
import {renameSync, rmSync, writeFileSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import {loadEnvironment} from '../config/environment'
import {ConfigError} from '../errors'
import {PREHISTORY} from '../revision'
import type {LockOptions, Migrator, MigrationStep, Resolution, RunOptions, StampOptions} from '../runtime/migrator'
import type {StartedRevision} from '../runtime/record-storage'
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

/** Upgrades the database to `target` (default `head`). */
export function upgrade(options: FolderOptions & RunOptions & {target?: string}): Promise<RunResult> {
  const target = options.target ?? 'head'
  return withMigrator(options, async (migrator) => {
    const heads = migrator.scripts.map.heads
    // Nothing to do (the usual replica start): the one read of the record says where it is too.
    const current = await migrator.upToDate(target)
    if (current) return {steps: [], current, heads}
    const steps = await migrator.upgrade(target, options)
    return {steps, current: await migrator.current(), heads}
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
export function stamp(options: FolderOptions & StampOptions & LockOptions & {target: string}): Promise<StampResult> {
  return withMigrator(options, async (migrator) => {
    const changed = await migrator.stamp(options.target, options)
    return {...changed, current: await migrator.current()}
  })
}

/** Records how a revision left unfinished ended (`db resolve`). */
export function resolve(options: FolderOptions & LockOptions & {revision: string; resolution: Resolution}): Promise<StartedRevision> {
  return withMigrator(options, (migrator) => migrator.resolve(options.revision, options.resolution, options))
}

/** Accepts the changed files of applied revisions (`db accept`); none named: every changed one. */
export function accept(options: FolderOptions & LockOptions & {revisions: string[]}): Promise<string[]> {
  return withMigrator(options, (migrator) => migrator.accept(options.revisions, options))
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
  /** No revision file defines it (only an unfinished revision whose file is gone). */
  unknown?: true
  /** Its file changed since it was applied (set only then). */
  changed?: true
  /** A run started it outside a transaction and never finished (see `db resolve`). */
  unfinished?: StartedRevision
}

/** The revision(s) the database is at. */
export function current(options: FolderOptions): Promise<CurrentRevision[]> {
  return withMigrator(options, async (migrator) => {
    const {map} = migrator.scripts
    const heads = new Set(map.heads)
    // One read of the record says where it is, what changed and what is unfinished.
    const status = await migrator.status({known: true})
    const revisions = status.current
    const prehistory = revisions.includes(PREHISTORY) ? prehistoryProgress(migrator, status.prehistory) : undefined
    const messageOf = (revision: string): string | undefined => (revision === PREHISTORY ? prehistory : map.has(revision) ? map.get(revision).message : undefined)
    const changed = new Set(status.changed)
    const current = revisions.map((revision): CurrentRevision => ({revision, message: messageOf(revision), head: heads.has(revision), ...(changed.has(revision) ? {changed: true as const} : {})}))
    // Changed or unfinished revisions that are not current are listed too: they block upgrades.
    const listed = new Set(revisions)
    for (const revision of status.changed.filter((id) => !listed.has(id))) {
      current.push({revision, message: messageOf(revision), head: heads.has(revision), changed: true})
    }
    for (const started of status.started) {
      const entry = current.find((item) => item.revision === started.revision)
      if (entry) entry.unfinished = started
      else current.push({revision: started.revision, message: messageOf(started.revision), head: false, ...(map.has(started.revision) ? {} : {unknown: true as const}), unfinished: started})
    }
    return current
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
function prehistoryProgress(migrator: Migrator, recordedFiles: Set<string>): string | undefined {
  const {prehistory} = migrator
  if (!prehistory) return undefined
  const recorded = prehistory.applied(recordedFiles)
  const last = recorded.at(-1)
  return `${recorded.length} of ${prehistory.files.length} sequelize-cli migrations run${last ? `, last ${last}` : ''}`
}
