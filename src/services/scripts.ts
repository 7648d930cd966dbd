/**
 * `db init`, `db list-templates`, `db revision`, `db merge`, `db edit`: writing to the migrations
 * folder. Nothing is written unless every check passed.
 */
import {spawnSync} from 'node:child_process'
import {relative} from 'node:path'

import {resolveDirectory} from '../config/environment'
import {ConfigError, RevisionError} from '../errors'
import {PREHISTORY, type RevisionMap, resolveRevision} from '../revision'
import {initSequelizeCli} from '../script/adopt'
import {initDirectory, listTemplates, type TemplateInfo} from '../script/init'
import {type NewRevision, newRevisionId, renderRevision, writeRevisionFile} from '../script/write-revision'
import {singleHead} from './inspect'
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
  body?: Pick<NewRevision, 'upBody' | 'downBody' | 'imports' | 'upContext' | 'downContext' | 'transactional'>
}

const RESERVED_IDS = new Set(['head', 'heads', 'base', 'current', PREHISTORY])

function checkNewId(map: RevisionMap, id: string): void {
  if (!/^[A-Za-z0-9_-]+$/.test(id) || RESERVED_IDS.has(id)) {
    throw new RevisionError('INVALID_REVISION_ID', `'${id}' cannot be a revision id; use letters, digits, '-' and '_' (and not head/base/current/sequelize-cli)`)
  }
  if (map.has(id)) throw new RevisionError('DUPLICATE_REVISION', `Revision ${id} already exists (${map.get(id).path}); choose another --rev-id`)
}

function checkLabels(map: RevisionMap, labels: string[]): void {
  for (const label of labels) {
    const owner = map.all.find((info) => info.branchLabels.includes(label))
    if (owner) throw new RevisionError('DUPLICATE_BRANCH_LABEL', `Branch label '${label}' is already used by revision ${owner.revision}; choose another`)
  }
}

/** The parent(s) of a new revision, per `--head` and `--splice`. */
export function chooseParent(map: RevisionMap, head = 'head', splice = false): string[] {
  if (head === 'base') return []
  if (head === 'head') {
    if (map.heads.length > 1) {
      throw new RevisionError('MULTIPLE_HEADS', `Multiple head revisions are present (${map.heads.join(', ')}); pass --head to choose the parent, or run \`db merge heads\` first`)
    }
    return map.heads
  }
  const id = resolveRevision(map, head.replace(/@head$/, ''))
  const parent = head.endsWith('@head') ? headOfBranch(map, id) : id
  if (!splice && !map.heads.includes(parent)) {
    throw new RevisionError('NOT_A_HEAD', `Revision ${parent} is not a head; pass --splice to start a new branch from it`)
  }
  return [parent]
}

function headOfBranch(map: RevisionMap, from: string): string {
  const heads = map.heads.filter((head) => map.ancestors([head], {inclusive: true}).has(from))
  if (heads.length !== 1) throw new RevisionError('MULTIPLE_HEADS', `Branch from ${from} has heads ${heads.join(', ')}; name one`)
  return heads[0]
}

/**
 * Writes a new revision; returns its path (relative to the working directory) and id. Reads the
 * versions folder only: writing a revision by hand needs neither env nor the database.
 */
export async function createRevision(options: RevisionOptions): Promise<{path: string; revision: string}> {
  const {map, versionsDirectory} = await openVersions(options)
  const revision = options.revId ?? newRevisionId()
  checkNewId(map, revision)
  checkLabels(map, options.branchLabels ?? [])
  const downRevisions = chooseParent(map, options.head, options.splice)
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
  const refs = options.revisions && options.revisions.length > 0 ? options.revisions : ['heads']
  const parents = [...new Set(refs.flatMap((ref) => (ref === 'heads' ? map.heads : [resolveRevision(map, ref)])))]
  if (parents.length < 2) {
    throw new RevisionError('NOTHING_TO_MERGE', `Nothing to merge: only ${parents.join(', ') || 'no revision'} given; a merge joins two or more heads`)
  }
  for (const parent of parents) {
    const other = parents.find((candidate) => candidate !== parent && map.ancestors([candidate], {inclusive: false}).has(parent))
    if (other) throw new RevisionError('MERGE_ANCESTOR', `Revision ${parent} is an ancestor of ${other}; merge only revisions on different branches`)
  }
  const revision = options.revId ?? newRevisionId()
  checkNewId(map, revision)
  checkLabels(map, options.branchLabels ?? [])
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
  const ref = options.revision ?? 'head'
  const id = ref === 'head' ? singleHead(map.heads, 'edit') : resolveRevision(map, ref)
  const path = scripts.info(id).file
  const editor = process.env.VISUAL || process.env.EDITOR
  if (!editor) throw new ConfigError('NO_EDITOR', `Set $EDITOR (or $VISUAL) to the editor to use, e.g. EDITOR=vim; the file is ${relative(process.cwd(), path)}`)
  const result = spawnSync(`${editor} ${JSON.stringify(path)}`, {shell: true, stdio: 'inherit'})
  if (result.status !== 0) throw new ConfigError('EDITOR_FAILED', `The editor (${editor}) exited with status ${result.status ?? result.signal}`)
  return relative(process.cwd(), path)
}
