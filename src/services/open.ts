/**
 * The steps every verb starts with: load env, load revisions, maybe connect.
 */
import {join} from 'node:path'

import {checkDirectory, type Environment, loadEnvironment, resolveDirectory} from '../config/environment'
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

/** Loads env and the revisions, without touching the database. */
export async function openScripts(options: FolderOptions): Promise<{environment: Environment; scripts: ScriptDirectory}> {
  const environment = await loadEnvironment(options)
  const scripts = await ScriptDirectory.load(environment.versionsDirectory)
  return {environment, scripts}
}

/** Runs `fn` with a connected {@link Migrator}, closing the connection afterwards. */
export async function withMigrator<T>(options: FolderOptions, fn: (migrator: Migrator) => Promise<T>): Promise<T> {
  const {environment, scripts} = await openScripts(options)
  try {
    const migrator = await Migrator.open(environment, scripts)
    return await fn(migrator)
  } finally {
    await environment.close()
  }
}
