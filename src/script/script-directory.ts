/**
 * The revisions of a migrations folder: every file under `versions/` and the graph they form.
 *
 * The graph is read from each file's literal exports without compiling or running it; a revision's
 * module is loaded only when its `up` or `down` is needed, or when its exports are not plain
 * literals. A syntax error in a revision is therefore reported when it is about to run.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {extname, join, relative} from 'node:path'

import {MODULE_EXTENSIONS} from '../loader/load-module'
import {ConfigError} from '../errors'
import {type RevisionInfo, RevisionMap, withPrehistory} from '../revision'
import {checksumOf, checksumOfFile} from './checksum'
import {readHeader, loadRevisionFile, loadRevisionFileSync, type RevisionScript} from './revision-file'
import {readRevisionHeader} from './revision-header'

/**
 * Whether a file of `versions/` named `name` is a revision: a module that is not hidden (`.`),
 * set aside (`_`) or a declaration file.
 *
 * @example isRevisionFileName('a1b2c3d4e5f6_add_users.ts') // true
 * @example isRevisionFileName('_helpers.ts') // false
 */
export function isRevisionFileName(name: string): boolean {
  return !name.startsWith('.') && !name.startsWith('_') && !name.endsWith('.d.ts') &&
    (MODULE_EXTENSIONS as readonly string[]).includes(extname(name))
}

/** Revision files in a versions folder, sorted by name (the order does not matter to the graph). */
export function listRevisionFiles(versionsDirectory: string): string[] {
  if (!existsSync(versionsDirectory)) return []
  return revisionFileNames(versionsDirectory).map(joinTo(versionsDirectory))
}

function revisionFileNames(versionsDirectory: string): string[] {
  return readdirSync(versionsDirectory).filter(isRevisionFileName).sort()
}

/**
 * `(name) => join(directory, name)` for a file name from `readdir` (one segment, never `.` or
 * `..`): the directory is normalized once, not once per file, which shows over thousands of files.
 */
function joinTo(directory: string): (name: string) => string {
  const prefix = join(directory, '_').slice(0, -1)
  return (name) => prefix + name
}

/** A revision file as the graph knows it, before its module is loaded. */
export interface RevisionFileInfo extends RevisionInfo {
  /** Absolute path of the file. */
  file: string
  createDate?: string
  /** `false` when the revision runs outside a transaction. */
  transactional?: boolean
}

/** Reads one file's graph information from `source`, its text; `undefined`: load the module. */
function readInfo(file: string, source: string, shownPath: string): RevisionFileInfo | undefined {
  const header = readRevisionHeader(source)
  if (!header) return undefined
  const {message, createDate} = readHeader(source)
  return {...header, message, createDate, file, path: shownPath}
}

/** The files of a versions folder: those read from their text, and those whose module must load. */
interface ReadFiles {
  infos: RevisionFileInfo[]
  /** The text of each revision in `infos`, kept for its checksum. */
  sources: Map<string, string>
  unreadable: string[]
  loaded: RevisionScript[]
}

function readFiles(versionsDirectory: string): ReadFiles {
  if (!existsSync(versionsDirectory)) {
    throw new ConfigError('NO_VERSIONS_DIR', `No versions folder at ${relative(process.cwd(), versionsDirectory)}; run \`db init\` to scaffold the migrations folder`)
  }
  const read: ReadFiles = {infos: [], sources: new Map(), unreadable: [], loaded: []}
  const fileOf = joinTo(versionsDirectory)
  // One relative path for the folder, not one per file (path.relative is costly over thousands).
  const shownPathOf = joinTo(relative(process.cwd(), versionsDirectory))
  for (const name of revisionFileNames(versionsDirectory)) {
    const file = fileOf(name)
    const source = readFileSync(file, 'utf8')
    const info = readInfo(file, source, shownPathOf(name))
    if (info) {
      read.infos.push(info)
      read.sources.set(info.revision, source)
    } else {
      read.unreadable.push(file)
    }
  }
  return read
}

function infoOf(script: RevisionScript): RevisionFileInfo {
  const {up: _up, down: _down, path, ...info} = script
  return {...info, file: path, path: relative(process.cwd(), path)}
}

/** Options of {@link ScriptDirectory.load}. */
export interface LoadOptions {
  /**
   * Put the sequelize-cli prehistory in the graph even when no revision builds on it yet (env
   * adopts sequelize-cli migrations). It is there anyway once a revision names it.
   * @default false
   */
  prehistory?: boolean
}

/**
 * The revisions of one migrations folder and the graph they form.
 *
 * @example
 * const scripts = await ScriptDirectory.load(env.versionsDirectory)
 * scripts.map.heads // ['d4e5f6a7b8c9']
 */
export class ScriptDirectory {
  private readonly loaded = new Map<string, RevisionScript>()
  private readonly checksums = new Map<string, string>()

  private constructor(
    /** Absolute path of `versions/`. */
    readonly versionsDirectory: string,
    /** The revision graph. */
    readonly map: RevisionMap,
    private readonly infos: Map<string, RevisionFileInfo>,
    /** Texts read for the graph whose checksum was not asked for yet (each is dropped once it is). */
    private readonly sources: Map<string, string>,
    loaded: RevisionScript[],
  ) {
    for (const script of loaded) this.loaded.set(script.revision, script)
  }

  /**
   * Reads every revision file and builds the graph.
   *
   * @throws {ConfigError} when a file does not compile, cannot be loaded or lacks its exports.
   * @throws {RevisionError} for two files with one id, a missing `downRevision`, or a cycle.
   */
  static async load(versionsDirectory: string, options: LoadOptions = {}): Promise<ScriptDirectory> {
    const read = readFiles(versionsDirectory)
    for (const entry of read.unreadable) read.loaded.push(await loadRevisionFile(entry))
    return ScriptDirectory.fromRead(versionsDirectory, read, options)
  }

  /** {@link ScriptDirectory.load}, synchronously (ES-module revisions with top-level await excepted). */
  static loadSync(versionsDirectory: string, options: LoadOptions = {}): ScriptDirectory {
    const read = readFiles(versionsDirectory)
    for (const entry of read.unreadable) read.loaded.push(loadRevisionFileSync(entry))
    return ScriptDirectory.fromRead(versionsDirectory, read, options)
  }

  private static fromRead(versionsDirectory: string, read: ReadFiles, options: LoadOptions): ScriptDirectory {
    const infos = [...read.infos, ...read.loaded.map(infoOf)]
    const map = new RevisionMap(withPrehistory(infos, options.prehistory))
    return new ScriptDirectory(versionsDirectory, map, new Map(infos.map((info) => [info.revision, info])), read.sources, read.loaded)
  }

  /** What the folder says of a revision (a full id, as the graph returns them), without loading it. */
  info(revision: string): RevisionFileInfo {
    const info = this.infos.get(revision)
    if (!info) throw new ConfigError('UNKNOWN_SCRIPT', `No revision file defines ${revision}`)
    return info
  }

  /**
   * The checksum of a revision's file (see {@link checksumOf}), as the folder was when loaded: the
   * text read for the graph is hashed, not read again. Computed when first asked for, then kept.
   *
   * @example scripts.checksum('a1b2c3d4e5f6') // '5e0b…' (64 hex characters)
   * @throws {ConfigError} `UNKNOWN_SCRIPT` when no file defines `revision`.
   */
  checksum(revision: string): string {
    let checksum = this.checksums.get(revision)
    if (checksum === undefined) {
      const source = this.sources.get(revision)
      // A revision whose module had to be loaded was read as a module, not kept as text.
      checksum = source === undefined ? checksumOfFile(this.info(revision).file) : checksumOf(source)
      this.checksums.set(revision, checksum)
      this.sources.delete(revision)
    }
    return checksum
  }

  /**
   * The loaded revision, with its `up` and `down` (the module is loaded once).
   *
   * @throws {ConfigError} when the module cannot be loaded, lacks `up`/`down`, or exports another id.
   */
  async script(revision: string): Promise<RevisionScript> {
    const known = this.loaded.get(revision)
    if (known) return known
    const info = this.info(revision)
    const script = await loadRevisionFile(info.file)
    if (script.revision !== revision) {
      throw new ConfigError('INVALID_REVISION_FILE', `${info.path} exports revision '${script.revision}' but its text reads '${revision}'; keep \`revision\` a plain string literal`)
    }
    this.loaded.set(revision, script)
    return script
  }
}
