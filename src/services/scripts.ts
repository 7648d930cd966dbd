/**
 * `db init`, `db list-templates`, `db revision`, `db merge`, `db edit`: writing to the migrations
 * folder. Nothing is written unless every check passed.
 */
import {spawnSync} from 'node:child_process'
import {relative} from 'node:path'

import {resolveDirectory} from '../config/environment'
import {ConfigError} from '../errors'
import {checkNewRevision, mergeParents, parentsOfNewRevision, resolveOne} from '../revision'
import {initSequelizeCli} from '../script/adopt'
import {initDirectory, listTemplates, type TemplateInfo} from '../script/init'
import {type NewRevision, newRevisionId, renderRevision, writeRevisionFile} from '../script/write-revision'
import {type FolderOptions, openVersions} from './open'

export {listTemplates, type TemplateInfo}

/**
 * Scaffolds a migrations folder; returns the paths written. With `sequelizeCli`, for the
 * sequelize-cli project in the working directory (see {@link initSequelizeCli}).
 */
export async function init(options: {directory?: string; template?: string; javascript?: boolean; sequelizeCli?: boolean}): Promise<string[]> {
  const settings = {directory: resolveDirectory(options.directory, {walkUp: false}), template: options.template, javascript: options.javascript}
  return options.sequelizeCli ? initSequelizeCli(settings) : initDirectory(settings)
}

/** Options of {@link createRevision}. */
export interface RevisionOptions extends FolderOptions {
  message?: string
  /** Use this id instead of a random one. */
  revId?: string
  /** The parent: `head` (default), `base` for a new root, or a revision. */
  head?: string
  /** Allow a parent that is not a head (starting a new branch). */
  splice?: boolean
  branchLabels?: string[]
  /** Rendered code and extra imports, from autogenerate. */
  body?: Pick<NewRevision, 'upBody' | 'downBody' | 'imports' | 'upContext' | 'downContext' | 'nonTransactionalReason'>
}

/**
 * Writes a new revision; returns its path (relative to the working directory) and id. Reads the
 * versions folder only: writing a revision by hand needs neither env nor the database.
 */
export async function createRevision(options: RevisionOptions): Promise<{path: string; revision: string}> {
  const {map, versionsDirectory} = await openVersions(options)
  const revision = options.revId ?? newRevisionId()
  checkNewRevision(map, revision, options.branchLabels)
  const downRevisions = parentsOfNewRevision(map, options.head, options.splice)
  return write(resolveDirectory(options.directory), versionsDirectory, {
    revision,
    message: options.message,
    downRevisions,
    branchLabels: options.branchLabels,
    ...options.body,
  })
}

/** Options of {@link merge}. */
export interface MergeOptions extends FolderOptions {
  /** Revisions to join; default all heads. */
  revisions?: string[]
  message?: string
  revId?: string
  branchLabels?: string[]
}

/** Writes a merge revision whose parents are the given revisions (default: every head). */
export async function merge(options: MergeOptions): Promise<{path: string; revision: string}> {
  const {map, versionsDirectory} = await openVersions(options)
  const parents = mergeParents(map, options.revisions)
  const revision = options.revId ?? newRevisionId()
  checkNewRevision(map, revision, options.branchLabels)
  return write(resolveDirectory(options.directory), versionsDirectory, {
    revision,
    message: options.message,
    downRevisions: parents,
    branchLabels: options.branchLabels,
  })
}

function write(directory: string, versionsDirectory: string, revision: NewRevision): {path: string; revision: string} {
  const {fileName, source} = renderRevision(directory, revision)
  const path = writeRevisionFile(versionsDirectory, fileName, source)
  return {path: relative(process.cwd(), path), revision: revision.revision}
}

/** Opens a revision (default: the head) in `$VISUAL` / `$EDITOR`; returns its path. */
export async function edit(options: FolderOptions & {revision?: string}): Promise<string> {
  const scripts = await openVersions(options)
  const {map} = scripts
  const id = resolveOne(map, options.revision ?? 'head', 'edit')
  const path = scripts.info(id).file
  const editor = process.env.VISUAL || process.env.EDITOR
  if (!editor) throw new ConfigError('NO_EDITOR', `Set $EDITOR (or $VISUAL) to the editor to use, e.g. EDITOR=vim; the file is ${relative(process.cwd(), path)}`)
  const result = spawnSync(`${editor} ${JSON.stringify(path)}`, {shell: true, stdio: 'inherit'})
  if (result.status !== 0) throw new ConfigError('EDITOR_FAILED', `The editor (${editor}) exited with status ${result.status ?? result.signal}`)
  return relative(process.cwd(), path)
}
