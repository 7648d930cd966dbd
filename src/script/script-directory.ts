/**
 * The revisions of a migrations folder: every file under `versions/`, loaded, and their graph.
 */
import {existsSync, readdirSync} from 'node:fs'
import {extname, join, relative} from 'node:path'

import {ConfigError} from '../errors'
import {MODULE_EXTENSIONS} from '../config/load-module'
import {RevisionMap} from '../revision'
import {loadRevisionFile, loadRevisionFileSync, type RevisionScript} from './revision-file'

/** Revision files in a versions folder, sorted by name (the order does not matter to the graph). */
export function listRevisionFiles(versionsDirectory: string): string[] {
  if (!existsSync(versionsDirectory)) return []
  return readdirSync(versionsDirectory)
    .filter((name) => !name.startsWith('.') && !name.startsWith('_') && !name.endsWith('.d.ts'))
    .filter((name) => (MODULE_EXTENSIONS as readonly string[]).includes(extname(name)))
    .sort()
    .map((name) => join(versionsDirectory, name))
}

function revisionFiles(versionsDirectory: string): string[] {
  if (!existsSync(versionsDirectory)) {
    throw new ConfigError('NO_VERSIONS_DIR', `No versions folder at ${relative(process.cwd(), versionsDirectory)}; run \`db init\` to scaffold the migrations folder`)
  }
  return listRevisionFiles(versionsDirectory)
}

/**
 * The loaded revisions of one migrations folder and the graph they form.
 *
 * @example
 * const scripts = await ScriptDirectory.load(env.versionsDirectory)
 * scripts.map.heads // ['d4e5f6a7b8c9']
 */
export class ScriptDirectory {
  private constructor(
    /** Absolute path of `versions/`. */
    readonly versionsDirectory: string,
    /** The revision graph. */
    readonly map: RevisionMap,
    private readonly scripts: Map<string, RevisionScript>,
  ) {}

  /**
   * Loads every revision file and builds the graph.
   *
   * @throws {ConfigError} when a file cannot be loaded or lacks its exports.
   * @throws {RevisionError} for two files with one id, a missing `downRevision`, or a cycle.
   */
  static async load(versionsDirectory: string): Promise<ScriptDirectory> {
    const scripts: RevisionScript[] = []
    for (const file of revisionFiles(versionsDirectory)) scripts.push(await loadRevisionFile(file))
    return ScriptDirectory.fromScripts(versionsDirectory, scripts)
  }

  /** {@link ScriptDirectory.load}, synchronously (ES-module revisions with top-level await excepted). */
  static loadSync(versionsDirectory: string): ScriptDirectory {
    return ScriptDirectory.fromScripts(versionsDirectory, revisionFiles(versionsDirectory).map(loadRevisionFileSync))
  }

  private static fromScripts(versionsDirectory: string, scripts: RevisionScript[]): ScriptDirectory {
    const map = new RevisionMap(scripts.map((script) => ({...script, path: relative(process.cwd(), script.path)})))
    return new ScriptDirectory(versionsDirectory, map, new Map(scripts.map((script) => [script.revision, script])))
  }

  /** The loaded script of a revision id (a full id, as the graph returns them). */
  script(revision: string): RevisionScript {
    const script = this.scripts.get(revision)
    if (!script) throw new ConfigError('UNKNOWN_SCRIPT', `No revision file defines ${revision}`)
    return script
  }
}
