/**
 * A throwaway database per test, on any dialect: an empty database with a random name made on the
 * server a URL points at (SQLite: a temporary file), and removed again by `drop()`.
 */
import {randomBytes} from 'node:crypto'
import type {Options, Sequelize} from 'sequelize'

import {dialectOfUrl, newSequelize, type OpenSequelize, type SequelizeClass} from '../dialects'
import {registerUrlSecret} from '../config/mask'
import {requirePeer} from '../peers'

/** A database made by {@link scratchDatabase}. */
export interface ScratchDatabase {
  /** Its connection URL (SQLite: `sqlite:<file>`), e.g. for a child process or `db walk --url`. */
  url: string
  /** A Sequelize instance connected to it. `drop()` closes it. */
  sequelize: Sequelize
  /** Closes `sequelize` and drops the database (SQLite: deletes its file). */
  drop(): Promise<void>
}

/** Options of {@link scratchDatabase}. */
export interface ScratchDatabaseOptions {
  /** Options of the Sequelize instance, over `{logging: false}`. */
  options?: Options
  /**
   * The Sequelize class to build instances with, e.g. sequelize-typescript's to `addModels` later.
   * @default the `Sequelize` of the project's sequelize package
   */
  Sequelize?: SequelizeClass
  /**
   * Start of the random database name.
   * @default 'scratch'
   */
  prefix?: string
}

/**
 * Creates an empty database with a random name on the server at `serverUrl` and connects to it.
 * PostgreSQL and MariaDB/MySQL: `CREATE DATABASE` on that server (the URL's own database is used
 * only to connect; its user needs the right to create databases). SQLite: a file in a new
 * temporary folder, whatever the URL's path (`sqlite::memory:` is fine).
 *
 * @example
 * let db: ScratchDatabase
 * beforeEach(async () => { db = await scratchDatabase(process.env.TEST_DATABASE_URL ?? 'sqlite::memory:') })
 * afterEach(() => db.drop())
 * it('walks', () => walkVersions({directory: 'migrations', sequelize: db.sequelize}))
 * @throws {ConfigError} `UNSUPPORTED_DIALECT` for an unknown URL scheme, `PACKAGE_MISSING` without
 * the driver; the server's error when it refuses to create the database.
 */
export async function scratchDatabase(serverUrl: string, options: ScratchDatabaseOptions = {}): Promise<ScratchDatabase> {
  const dialect = dialectOfUrl(serverUrl)
  // Remembered for masking while the database lives; dropping it forgets the password again.
  const forgetSecret = registerUrlSecret(serverUrl)
  const Class = options.Sequelize ?? requirePeer<{Sequelize: SequelizeClass}>('sequelize').Sequelize
  const open: OpenSequelize = (target) => newSequelize(Class, typeof target === 'string' ? dialect.scratch.target(target) : target, {logging: false, ...options.options})
  const name = `${options.prefix ?? 'scratch'}_${randomBytes(6).toString('hex')}`
  let created: Awaited<ReturnType<typeof dialect.scratch.create>>
  try {
    created = await dialect.scratch.create(serverUrl, name, open)
  } catch (error) {
    forgetSecret()
    throw error
  }
  const sequelize = open(created.target)
  let dropped: Promise<void> | undefined
  return {
    url: created.url,
    sequelize,
    drop: () =>
      (dropped ??= (async () => {
        try {
          await sequelize.close()
          await created.drop()
        } finally {
          forgetSecret()
        }
      })()),
  }
}
