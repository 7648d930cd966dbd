/**
 * The steps every verb starts with: load env, load revisions, maybe connect.
 */
import {join} from 'node:path'

import {checkDirectory, loadEnvironment, resolveDirectory} from '../config/environment'
import {Migrator} from '../runtime/migrator'
import {ScriptDirectory} from '../script/script-directory'

/** Where a verb finds its migrations folder and what `-x` passes to env. */
export interface FolderOptions {
  /** Migrations folder; default `SEQUELIZE_MIGRATE_DIR` or `migrations`. */
  directory?: string
  /** `-x key=value` arguments for env. */
  x?: Record<string, string>
}

/**
 * Loads the revisions alone: the graph verbs (heads, branches, show, history) need neither env
 * nor the database, so they skip loading the application and Sequelize.
 */
export async function openVersions(options: FolderOptions): Promise<ScriptDirectory> {
  const directory = resolveDirectory(options.directory)
  checkDirectory(directory)
  return ScriptDirectory.load(join(directory, 'versions'))
}

/**
 * Runs `fn` with a connected {@link Migrator}, closing the connection afterwards. `scripts` reuses
 * revisions the caller already read.
 */
export async function withMigrator<T>(options: FolderOptions, fn: (migrator: Migrator) => Promise<T>, scripts?: ScriptDirectory): Promise<T> {
  const environment = await loadEnvironment(options)
  try {
    scripts ??= await ScriptDirectory.load(environment.versionsDirectory)
    const migrator = await Migrator.open(environment, scripts)
    return await fn(migrator)
  } finally {
    await environment.close()
  }
}
