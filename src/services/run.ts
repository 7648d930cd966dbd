/**
 * `db upgrade`, `db downgrade`, `db stamp`, `db current`.
 */
import type {MigrationStep, RunOptions} from '../runtime/migrator'
import {type FolderOptions, withMigrator} from './open'

/**
 * The line printed for each step, in Alembic's words.
 *
 * @example formatStep(step) // 'Running upgrade a1b2c3d4e5f6 -> d4e5f6a7b8c9, add orders'
 */
export function formatStep(step: MigrationStep): string {
  return `Running ${step.direction} ${step.from.join(', ')} -> ${step.to.join(', ')}${step.message ? `, ${step.message}` : ''}`
}

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
