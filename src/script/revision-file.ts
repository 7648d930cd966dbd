/**
 * Reads one revision file: its ids from the exports, its message and date from the header.
 */
import {readFileSync} from 'node:fs'
import {relative} from 'node:path'

import {ConfigError} from '../errors'
import {loadModule, loadModuleSync} from '../loader/load-module'
import {optionalPeer} from '../peers'
import type {RevisionInfo} from '../revision'

/** What `up` and `down` receive; see `MigrationContext` in the runtime. */
export type MigrationFunction = (context: never) => unknown | Promise<unknown>

/** A revision as read from its file. */
export interface RevisionScript extends RevisionInfo {
  path: string
  /** The `Create Date:` of the header, as written. */
  createDate?: string
  up: MigrationFunction
  down: MigrationFunction
  /**
   * `false` when the revision exports `transactional = false`: it then runs outside a transaction
   * even where DDL is transactional (PostgreSQL cannot use an enum value in the transaction that adds it).
   */
  transactional?: boolean
}

const HEADER_FIELD = /^\s*\*?\s*(Revision ID|Revises|Create Date):\s*(.*)$/

/** The message (first line of the leading comment) and create date of a revision source. */
export function readHeader(source: string): {message?: string; createDate?: string} {
  const comment = /^\s*(?:#![^\n]*\n)?\s*\/\*\*?([\s\S]*?)\*\//.exec(source)
  if (!comment) return {}
  // The message is the first line that is not a field; the date, the first `Create Date:` field.
  let message: string | undefined
  let createDate: string | undefined
  for (const text of comment[1].split('\n')) {
    const line = text.replace(/^\s*\*\s?/, '').trim()
    const field = HEADER_FIELD.exec(line)
    if (field === null) {
      if (message === undefined && line.length > 0) message = line
    } else if (createDate === undefined && field[1] === 'Create Date') {
      createDate = field[2]
    }
    if (message !== undefined && createDate !== undefined) break
  }
  return {message, createDate}
}

function asIdList(value: unknown): string[] | undefined {
  if (value === null || value === undefined) return []
  if (typeof value === 'string') return [value]
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return [...value]
  return undefined
}

/**
 * Loads a revision file and checks its exports.
 *
 * @throws {ConfigError} as {@link revisionFromExports}, and `COMPILE_FAILED` / `LOAD_FAILED` when
 * the file does not compile or throws while loading.
 */
export async function loadRevisionFile(file: string): Promise<RevisionScript> {
  let loaded: Record<string, unknown>
  try {
    loaded = await loadModule(file, 'revision file')
  } catch (error) {
    throw locateSyntaxError(file, error)
  }
  return revisionFromExports(file, loaded)
}

/** {@link loadRevisionFile}, synchronously (for declaring mocha tests per revision). */
export function loadRevisionFileSync(file: string): RevisionScript {
  let loaded: Record<string, unknown>
  try {
    loaded = loadModuleSync(file, 'revision file')
  } catch (error) {
    throw locateSyntaxError(file, error)
  }
  return revisionFromExports(file, loaded)
}

/**
 * Turns a JavaScript file's syntax error into `COMPILE_FAILED` naming `file:line:column`, as
 * TypeScript files get: Node puts the line of a CommonJS syntax error only in the stack, and that
 * of an ES module nowhere, so TypeScript's parser (which reads JavaScript too) locates it. Any
 * other error is returned as it is.
 */
function locateSyntaxError(file: string, error: unknown): unknown {
  const cause = (error as {cause?: unknown}).cause
  if (!(error instanceof ConfigError) || error.code !== 'LOAD_FAILED' || !(cause instanceof SyntaxError)) return error
  // Without TypeScript (an optional peer) the error stays as Node gave it.
  const ts = optionalPeer<typeof import('typescript')>('typescript')
  if (!ts) return error
  const {diagnostics = []} = ts.transpileModule(readFileSync(file, 'utf8'), {fileName: file, reportDiagnostics: true})
  const first = diagnostics.find((diagnostic) => diagnostic.file && diagnostic.start !== undefined)
  // A SyntaxError the file's code threw while loading (JSON.parse, say) is no syntax error of the file.
  if (!first?.file || first.start === undefined) return error
  const {line, character} = first.file.getLineAndCharacterOfPosition(first.start)
  return new ConfigError('COMPILE_FAILED', `${relative(process.cwd(), file)}:${line + 1}:${character + 1}: ${cause.message} (fix the syntax error in this file)`, {cause})
}

/**
 * Checks a loaded revision module's exports.
 *
 * @throws {ConfigError} `INVALID_REVISION_FILE` when `revision` / `downRevision` are missing or
 * malformed, `MISSING_UP_DOWN` when `up` or `down` is not a function.
 */
export function revisionFromExports(file: string, loaded: Record<string, unknown>): RevisionScript {
  const shown = relative(process.cwd(), file)
  const exports = (typeof loaded.revision === 'string' || !loaded.default ? loaded : loaded.default) as Record<string, unknown>
  const {revision} = exports
  // Whether the id is usable is the revision map's rule, checked when the graph is built.
  if (typeof revision !== 'string') {
    throw new ConfigError('INVALID_REVISION_FILE', `${shown} does not export a \`revision\` id string; every revision file needs \`export const revision = '…'\``)
  }
  const downRevisions = asIdList(exports.downRevision)
  if (!downRevisions) {
    throw new ConfigError('INVALID_REVISION_FILE', `${shown}: \`downRevision\` must be null, a revision id or an array of ids`)
  }
  const branchLabels = asIdList(exports.branchLabels)
  if (!branchLabels) {
    throw new ConfigError('INVALID_REVISION_FILE', `${shown}: \`branchLabels\` must be a string or an array of strings`)
  }
  const {up, down} = exports
  if (typeof up !== 'function' || typeof down !== 'function') {
    const missing = [typeof up === 'function' ? undefined : 'up', typeof down === 'function' ? undefined : 'down'].filter(Boolean).join(' and ')
    throw new ConfigError('MISSING_UP_DOWN', `${shown} does not export ${missing}; every revision needs \`export async function up(ctx)\` and \`down(ctx)\``)
  }
  const header = readHeader(readFileSync(file, 'utf8'))
  return {
    revision,
    downRevisions,
    branchLabels,
    message: header.message,
    createDate: header.createDate,
    path: file,
    up: up as MigrationFunction,
    down: down as MigrationFunction,
    transactional: exports.transactional === false ? false : undefined,
  }
}
