/**
 * Scratch databases for integration tests: one fresh database per test suite on each dialect.
 *
 * SQLite always runs. PostgreSQL and MariaDB run when reachable at `SM_TEST_POSTGRES_URL` /
 * `SM_TEST_MARIADB_URL` (defaults: the local servers). Outside CI an unreachable server is skipped
 * with a note; with `SM_TEST_REQUIRE_ALL=1` (set by `.ci/run`) it fails the run instead.
 */
import {Sequelize} from 'sequelize'

import {scratchDatabase} from '../../src/testing/scratch'

export type TestDialect = 'sqlite' | 'postgres' | 'mariadb'

export const ALL_DIALECTS: TestDialect[] = ['sqlite', 'postgres', 'mariadb']

export interface ScratchDatabase {
  dialect: TestDialect
  /** Connection URL of the scratch database (SQLite: `sqlite:<file>`). */
  url: string
  /** Opens a new Sequelize instance on the scratch database (logging off). */
  connect(): Sequelize
  /** Drops the database (or deletes the file). */
  drop(): Promise<void>
}

const adminUrls: Record<Exclude<TestDialect, 'sqlite'>, string> = {
  postgres: process.env.SM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  mariadb: process.env.SM_TEST_MARIADB_URL ?? 'mariadb://root@127.0.0.1:3306/',
}

const reachable = new Map<TestDialect, Promise<string | undefined>>()

/** Returns `undefined` when the dialect can be used, else the reason it cannot. */
export function unavailableReason(dialect: TestDialect): Promise<string | undefined> {
  if (dialect === 'sqlite') return Promise.resolve(undefined)
  let probe = reachable.get(dialect)
  if (!probe) {
    probe = (async () => {
      const admin = new Sequelize(adminUrls[dialect], {logging: false})
      try {
        await admin.authenticate()
        return undefined
      } catch (error) {
        return `${dialect} not reachable at ${adminUrls[dialect]}: ${(error as Error).message}`
      } finally {
        await admin.close()
      }
    })()
    reachable.set(dialect, probe)
  }
  return probe
}

/**
 * Registers a mocha `describe` per dialect. Inside, `this` is the usual suite context; the
 * callback receives the dialect. Unreachable servers skip the suite unless SM_TEST_REQUIRE_ALL=1.
 *
 * @example
 * forEachDialect('upgrade', (dialect) => { it('runs', async () => { ... }) })
 */
export function forEachDialect(title: string, body: (dialect: TestDialect) => void, dialects = ALL_DIALECTS): void {
  for (const dialect of dialects) {
    describe(`${title} [${dialect}]`, function () {
      before(async function () {
        const reason = await unavailableReason(dialect)
        if (!reason) return
        if (process.env.SM_TEST_REQUIRE_ALL === '1') throw new Error(`${reason} (SM_TEST_REQUIRE_ALL=1)`)
        console.log(`      skipped: ${reason}`)
        this.skip()
      })
      body(dialect)
    })
  }
}

/** The server URL scratch databases of `dialect` are made on (SQLite: `sqlite::memory:`, a temporary file). */
export function serverUrl(dialect: TestDialect): string {
  return dialect === 'sqlite' ? 'sqlite::memory:' : adminUrls[dialect]
}

/** Creates an empty database on `dialect` with a random name, with the package's own `scratchDatabase`. */
export async function createScratchDatabase(dialect: TestDialect): Promise<ScratchDatabase> {
  const made = await scratchDatabase(serverUrl(dialect), {prefix: 'sm_test'})
  return {dialect, url: made.url, connect: () => new Sequelize(made.url, {logging: false}), drop: made.drop}
}

/**
 * Registers hooks giving each test a fresh scratch database on `dialect` and a connection to it
 * (handed to `setup`), both removed after the test.
 *
 * @example useScratchDatabasePerTest(dialect, (made) => ({db, sequelize} = made))
 */
export function useScratchDatabasePerTest(dialect: TestDialect, setup: (made: {db: ScratchDatabase; sequelize: Sequelize}) => unknown): void {
  let made: {db: ScratchDatabase; sequelize: Sequelize} | undefined
  beforeEach(async () => {
    const db = await createScratchDatabase(dialect)
    made = {db, sequelize: db.connect()}
    setup(made)
  })
  afterEach(async () => {
    await made?.sequelize.close()
    await made?.db.drop()
    made = undefined
  })
}
