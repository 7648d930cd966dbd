/**
 * `db compile`: fills the compile cache ahead of time, with no database, so an image that keeps
 * the cache starts like a warm machine.
 */
import {loadEnvironment} from '../config/environment'
import {compileCacheDir, compileFile} from '../loader'
import {ScriptDirectory} from '../script/script-directory'
import type {FolderOptions} from './open'

/** What {@link compile} did. */
export interface CompileResult {
  /** The cache folder written (`SEQUELIZE_MIGRATE_CACHE`, else `node_modules/.cache/sequelize-migrate`). */
  cache: string
  /** TypeScript revision files compiled (env and the models it imports are compiled by loading env). */
  revisions: number
}

/**
 * Loads env (compiling it and every module it imports, such as the models) and compiles every
 * revision file without running it. Builds no Sequelize instance and opens no connection.
 *
 * @throws {ConfigError} when env cannot be loaded or a file does not compile.
 */
export async function compile(options: FolderOptions): Promise<CompileResult> {
  const environment = await loadEnvironment(options)
  const scripts = await ScriptDirectory.load(environment.versionsDirectory)
  let revisions = 0
  for (const {revision} of scripts.map.all) if (compileFile(scripts.info(revision).file)) revisions++
  return {cache: compileCacheDir(), revisions}
}
