/**
 * `db upgrade`, `db downgrade`, `db stamp`, `db current`.
 */
import {renameSync, rmSync, writeFileSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import {loadEnvironment} from '../config/environment'
import {ConfigError} from '../errors'
import type {MigrationStep, RunOptions} from '../runtime/migrator'
import {ScriptDirectory} from '../script/script-directory'
import {type FolderOptions, withMigrator} from './open'

export {formatStep} from '../runtime/steps'

/** Upgrades the database to `target` (default `head`). */
export function upgrade(options: FolderOptions & RunOptions & {target?: string}): Promise<MigrationStep[]> {
  return withMigrator(options, (migrator) => migrator.upgrade(options.target ?? 'head', options))
}

/** Downgrades the database to `target` (default `-1`). */
export function downgrade(options: FolderOptions & RunOptions & {target?: string}): Promise<MigrationStep[]> {
  return withMigrator(options, (migrator) => migrator.downgrade(options.target ?? '-1', options))
}

/** Records the database as being at `target` without running revisions. */
export function stamp(options: FolderOptions & {target: string; purge?: boolean}): Promise<{add: string[]; remove: string[]}> {
  return withMigrator(options, (migrator) => migrator.stamp(options.target, {purge: options.purge}))
}

/** One current revision of the database. */
export interface CurrentRevision {
  revision: string
  message?: string
  /** It is a head of the graph. */
  head: boolean
  /** No revision file defines it. */
  unknown: boolean
}

/** The revision(s) the database is at. */
export function current(options: FolderOptions): Promise<CurrentRevision[]> {
  return withMigrator(options, async (migrator) => {
    const {map} = migrator.scripts
    const heads = new Set(map.heads)
    return (await migrator.current()).map((revision) => {
      const known = map.has(revision)
      return {revision, message: known ? map.get(revision).message : undefined, head: heads.has(revision), unknown: !known}
    })
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
