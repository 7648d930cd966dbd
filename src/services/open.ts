/**
 * The steps every verb starts with: load env, load revisions, maybe connect.
 */
import {basename, join} from 'node:path'

import type {Sequelize} from 'sequelize'

import {databaseUrlChoice} from '../config/database-url'
import {checkDirectory, type Environment, loadEnvironment, resolveDirectory} from '../config/environment'
import {ConnectionError} from '../errors'
import {connect, describeDatabase} from '../runtime/connect'
import {type DatabaseMigrator, Migrator} from '../runtime/migrator'
import {ScriptDirectory} from '../script/script-directory'

/** Where a verb finds its migrations folder and what `-x` passes to env. */
export interface FolderOptions {
  /** Migrations folder; default `SEQUELIZE_MIGRATE_DIR` or `migrations`. */
  directory?: string
  /** `-x key=value` arguments for env. */
  x?: Record<string, string>
  /**
   * Called once, before connecting, with the database the run targets (never its password); the
   * run waits for it, so it may ask for a confirmation (and throw to stop).
   */
  onDatabase?: (target: DatabaseTarget) => void | Promise<void>
  /**
   * Seconds to keep retrying the first connection while the database cannot be reached (a
   * container still starting).
   * @default 0: fail at once
   */
  waitForDb?: number
  /** Called before each retry of the first connection. */
  onRetry?: (retry: ConnectRetry) => void
}

/** The database a run targets, as its first line reports it. */
export interface DatabaseTarget {
  /** `postgres://app@db:5432/shop`, `sqlite:./dev.sqlite`: no password. */
  url: string
  /** Why this database, when it is not the obvious one (env's fallback). */
  note?: string
}

/** One failed attempt of {@link FolderOptions.waitForDb}. */
export interface ConnectRetry {
  /** 1 for the first retry. */
  attempt: number
  /** Why the last attempt failed (one line, no password). */
  reason: string
  /** Seconds left before giving up. */
  secondsLeft: number
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
export async function withMigrator<T>(options: FolderOptions, fn: (migrator: DatabaseMigrator) => Promise<T>, scripts?: ScriptDirectory): Promise<T> {
  const environment = await loadEnvironment(options)
  try {
    scripts ??= await ScriptDirectory.load(environment.versionsDirectory, {prehistory: environment.sequelizeCli !== undefined})
    const sequelize = await environment.sequelize()
    await options.onDatabase?.(describeTarget(sequelize, environment))
    if (options.waitForDb) await waitForDatabase(sequelize, options.waitForDb, options.onRetry)
    const migrator = await Migrator.open(environment, scripts)
    return await fn(migrator)
  } finally {
    await environment.close()
  }
}

function describeTarget(sequelize: Sequelize, environment: Environment): DatabaseTarget {
  const choice = databaseUrlChoice()
  const note = choice?.source === 'fallback' ? `${choice.variable} is not set; ${basename(environment.envFile)} falls back to it` : undefined
  return {url: describeDatabase(sequelize), ...(note ? {note} : {})}
}

/**
 * Connects, retrying once a second while the database is unreachable, for at most `seconds`.
 * Wrong credentials fail at once: waiting does not fix them.
 *
 * @throws {ConnectionError} the last attempt's error when time runs out.
 */
async function waitForDatabase(sequelize: Sequelize, seconds: number, onRetry?: (retry: ConnectRetry) => void): Promise<void> {
  const deadline = Date.now() + seconds * 1000
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect(sequelize)
    } catch (error) {
      const left = deadline - Date.now()
      if (!(error instanceof ConnectionError) || error.code === 'DB_AUTH_FAILED' || left <= 0) throw error
      onRetry?.({attempt, reason: error.message, secondsLeft: Math.ceil(left / 1000)})
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, left)))
    }
  }
}
