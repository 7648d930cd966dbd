/**
 * Writes new revision files from the migrations folder's template.
 */
import {randomBytes} from 'node:crypto'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {ConfigError, RevisionError} from '../errors'
import {isRevisionFileName} from './script-directory'
import {renderTemplate} from './render-template'

/** Template file names, in the order they are looked for; the revision gets the matching extension. */
const TEMPLATE_NAMES = ['script.ts.ejs', 'script.mts.ejs', 'script.cts.ejs', 'script.js.ejs', 'script.mjs.ejs', 'script.cjs.ejs']

/** What a new revision file holds. */
export interface NewRevision {
  revision: string
  message?: string
  downRevisions: string[]
  branchLabels?: string[]
  /** Statements of `up`, already indented; empty for a hand-written revision. */
  upBody?: string
  downBody?: string
  /** Extra import lines. */
  imports?: string[]
  /** Names `up` / `down` take from the migration context. */
  upContext?: string[]
  downContext?: string[]
  /**
   * Why the revision must run outside a transaction: written as a comment above
   * `transactional = false`. Absent: the revision runs in one.
   */
  nonTransactionalReason?: string
}

/** A fresh revision id: 12 random hex characters. */
export function newRevisionId(): string {
  return randomBytes(6).toString('hex')
}

/**
 * A file-name slug of a message: lower case, words (letters and digits of any script) joined by
 * `_`, at most 40 characters.
 *
 * @example slugify('Ajouter la colonne prénom') // 'ajouter_la_colonne_prénom'
 */
export function slugify(message: string | undefined): string {
  const words = (message ?? '').normalize('NFC').toLowerCase().replace(/[^\p{L}\p{M}\p{N}]+/gu, '_').replace(/^_+|_+$/g, '')
  // Cut by characters, not UTF-16 units, so no letter is split in half.
  return Array.from(words).slice(0, 40).join('').replace(/_+$/, '')
}

/** A single-quoted JavaScript string literal. */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`
}

function idListLiteral(ids: string[]): string {
  if (ids.length === 0) return 'null'
  if (ids.length === 1) return quote(ids[0])
  return `[${ids.map(quote).join(', ')}]`
}

function formatDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
}

function transactionalExport(extension: string, reason: string): string {
  const why = `// runs outside a transaction: ${reason.replace(/[\r\n\u2028\u2029]+/g, ' ')}\n`
  return extension === '.js' || extension === '.cjs' ? `${why}exports.transactional = false\n` : `${why}export const transactional = false\n`
}

/** The template of a migrations folder and the extension its revisions get. */
export function findTemplate(directory: string): {path: string; extension: string} {
  for (const name of TEMPLATE_NAMES) {
    const path = join(directory, name)
    if (existsSync(path)) return {path, extension: name.slice('script'.length, -'.ejs'.length)}
  }
  throw new ConfigError('NO_TEMPLATE', `${directory} has no revision template (script.ts.ejs or script.js.ejs); copy one from \`db init\` output`)
}

/**
 * Renders a revision from the folder's template, without writing it.
 *
 * @returns the file name (relative to `versions/`) and its source
 * @throws {RevisionError} `INVALID_REVISION_ID` when the file named after the id would not be
 *   listed as a revision of `versions/`.
 * @throws {ConfigError} `NO_TEMPLATE`.
 */
export function renderRevision(directory: string, revision: NewRevision, now = new Date()): {fileName: string; source: string} {
  const template = findTemplate(directory)
  const message = revision.message ?? ''
  const slug = slugify(message)
  const source = renderTemplate(readFileSync(template.path, 'utf8'), {
    message: message.replace(/\*\//g, '* /'),
    revision: revision.revision,
    revises: revision.downRevisions.length > 0 ? revision.downRevisions.join(', ') : '<base>',
    createDate: formatDate(now),
    imports: (revision.imports ?? []).map((line) => `${line}\n`).join(''),
    revisionLiteral: quote(revision.revision),
    downRevisionLiteral: idListLiteral(revision.downRevisions),
    branchLabelsLiteral: `[${(revision.branchLabels ?? []).map(quote).join(', ')}]`,
    revisionOptions: revision.nonTransactionalReason === undefined ? '' : transactionalExport(template.extension, revision.nonTransactionalReason),
    upContext: (revision.upContext ?? ['queryInterface', 'DataTypes']).join(', '),
    downContext: (revision.downContext ?? ['queryInterface', 'DataTypes']).join(', '),
    upBody: revision.upBody ?? '',
    downBody: revision.downBody ?? '',
  }, {filename: template.path})
  const fileName = `${revision.revision}${slug ? `_${slug}` : ''}${template.extension}`
  // The id starts the file name: it must name one file of versions/ that the folder's reader lists.
  if (/[/\\]/.test(revision.revision) || !isRevisionFileName(fileName)) {
    throw new RevisionError('INVALID_REVISION_ID', `'${revision.revision}' cannot be a revision id because its file ${fileName} would not be read as a revision (an id cannot start with '.' or '_', nor hold '/' or '\\'); choose another --rev-id`)
  }
  return {fileName, source}
}

/**
 * Writes a rendered revision into `versions/`, refusing to overwrite.
 *
 * @returns the absolute path written
 */
export function writeRevisionFile(versionsDirectory: string, fileName: string, source: string): string {
  mkdirSync(versionsDirectory, {recursive: true})
  const path = join(versionsDirectory, fileName)
  try {
    writeFileSync(path, source, {flag: 'wx'})
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ConfigError('FILE_EXISTS', `${path} already exists; choose another --rev-id or message`)
    }
    throw error
  }
  return path
}
