/**
 * Round trips for autogenerate, in-process: models A → `db migrate` → upgrade; models B →
 * `db migrate` → upgrade; then the database must equal what `sequelize.sync()` makes of B, `db
 * check` must find nothing, a downgrade must give back what `sync()` makes of A, and upgrading
 * again must work.
 *
 * The verbs run through the service layer (`autogenerateRevision`, `upgrade`, `downgrade`,
 * `check`) on a throwaway migrations folder whose env file asks this module for a Sequelize
 * instance with the current model set registered, as an application's env would.
 */
import 'reflect-metadata'
import {randomBytes} from 'node:crypto'
import {copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {expect} from 'chai'
import {QueryTypes} from 'sequelize'
import {Sequelize} from 'sequelize-typescript'

import {compareWithSettings, introspectDatabase} from '../../src/autogenerate/autogenerate'
import {dialectNamed, dialectOf} from '../../src/dialects'
import {describeOp} from '../../src/autogenerate/ops'
import type {SchemaDescription} from '../../src/schema/schema'
import type {AutogenerateSettings} from '../../src/config/define-config'
import type {ResolvedVersionTable} from '../../src/config/environment'
import {autogenerateRevision, check} from '../../src/services/autogenerate'
import {downgrade, renderSql, upgrade} from '../../src/services/run'
import {REPO_ROOT} from '../support/cli'
import {createScratchDatabase, forEachDialect, type ScratchDatabase, type TestDialect} from '../support/databases'
import {applySqlScript} from '../support/sql-client'

/** Registers models on an instance: `sequelize.define(...)` calls or `sequelize.addModels([...])`. */
export type ModelSet = (sequelize: Sequelize, dialect: TestDialect) => void

/** One round trip: the models before and after, and what the user passes along. */
export interface RoundTripCase {
  /** Models of the first revision. @default none (an empty database) */
  before?: ModelSet
  /** Models of the second revision. */
  after: ModelSet
  /**
   * Models whose `sync()` gives the schema expected after the second revision, when `after`'s own
   * does not: of several models on one table, `sync()` creates only the first one's columns.
   * @default after
   */
  expected?: ModelSet
  /** `--rename` values for the second revision. */
  renames?: string[]
  /** env's `autogenerate` settings (the formatter is always off). */
  settings?: AutogenerateSettings
  /** PostgreSQL schemas to create on both databases first (autogenerate does not create schemas). */
  schemas?: string[]
  /**
   * The revisions name indexes otherwise than `sync()` (a naming convention): compare indexes with
   * `sync()`'s by everything but their names. The test checks the names itself.
   */
  namesDiffer?: boolean
  /** Before the second upgrade: insert rows (models A registered); the result goes to `verify`. */
  seed?: (sequelize: Sequelize) => Promise<unknown>
  /** After the second upgrade: assert the rows survived (models B registered). */
  verify?: (sequelize: Sequelize, seeded: unknown) => Promise<unknown>
}

/** What the second `db migrate` did. */
export interface RoundTripResult {
  /** The `Detected …` lines (without the word). */
  changes: string[]
  /** Source of the second revision file. */
  source: string
}

/** One round trip of a suite, run on each database that supports the feature. */
export interface Scenario {
  title: string
  /** Databases that support the feature. @default all three */
  dialects?: TestDialect[]
  build: (dialect: TestDialect) => RoundTripCase
  /** What the second revision must say, beyond the round trip itself. */
  expect?: (result: RoundTripResult, dialect: TestDialect) => void
}

/** A suite per database running each scenario's round trip on two databases reused by all of them. */
export function roundTripSuite(title: string, scenarios: Scenario[]): void {
  forEachDialect(title, (dialect) => {
    let bench: RoundTripBench | undefined

    before(async () => {
      bench = await RoundTripBench.open(dialect)
    })

    after(async () => {
      await bench?.close()
    })

    for (const scenario of scenarios) {
      if (scenario.dialects && !scenario.dialects.includes(dialect)) continue
      it(scenario.title, async () => {
        const result = await bench!.run(scenario.build(dialect))
        scenario.expect?.(result, dialect)
      })
    }
  })
}

const VERSION_TABLE: ResolvedVersionTable = {tableName: 'SequelizeMeta', columnName: 'name'}

// The env files of the throwaway folders find their current model set here.
const REGISTRY_KEY = '__sequelizeMigrateRoundTrip'
type Registry = Record<string, {sequelize: () => Sequelize; settings?: AutogenerateSettings}>
const registry: Registry = ((globalThis as Record<string, unknown>)[REGISTRY_KEY] ??= {}) as Registry

function envSource(id: string): string {
  return `const hook = (globalThis as any).${REGISTRY_KEY}['${id}']
export default {
  sequelize: () => hook.sequelize(),
  versionTable: 'SequelizeMeta',
  // Read on each use, so a test may change the settings between two commands.
  get autogenerate() {
    return {...hook.settings, formatter: false}
  },
}
`
}

/** A sequelize-typescript instance on a scratch database (the support helper opens plain ones). */
export function connect(db: ScratchDatabase): Sequelize {
  if (db.dialect === 'sqlite') return new Sequelize({dialect: 'sqlite', storage: db.url.replace(/^sqlite:/, ''), logging: false})
  return new Sequelize(db.url, {logging: false})
}

/** Runs `fn` with a connected instance on which `models` are registered, then closes it. */
export async function withModels<T>(db: ScratchDatabase, models: ModelSet | undefined, fn: (sequelize: Sequelize) => Promise<T>): Promise<T> {
  const sequelize = connect(db)
  try {
    models?.(sequelize, db.dialect)
    return await fn(sequelize)
  } finally {
    await sequelize.close()
  }
}

/**
 * Two databases of one dialect, reused by every round trip of a suite: `work` runs the revisions,
 * `reference` gets `sync()`. Both are emptied before each round trip.
 */
export class RoundTripBench {
  private constructor(readonly dialect: TestDialect, private work: ScratchDatabase, private reference: ScratchDatabase, private offline: ScratchDatabase) {}

  static async open(dialect: TestDialect): Promise<RoundTripBench> {
    return new RoundTripBench(dialect, await createScratchDatabase(dialect), await createScratchDatabase(dialect), await createScratchDatabase(dialect))
  }

  async close(): Promise<void> {
    await this.work.drop()
    await this.reference.drop()
    await this.offline.drop()
  }

  /** The database the revisions run on. */
  get database(): ScratchDatabase {
    return this.work
  }

  /**
   * Runs one round trip and asserts each of its steps.
   *
   * @returns the changes the second `db migrate` detected and the revision it wrote
   */
  async run(testCase: RoundTripCase): Promise<RoundTripResult> {
    await this.reset(testCase.schemas ?? [])
    const folder = new MigrationsFolder(this.work, testCase.settings)
    try {
      return await this.runIn(folder, testCase)
    } finally {
      folder.dispose()
    }
  }

  private async runIn(folder: MigrationsFolder, testCase: RoundTripCase): Promise<RoundTripResult> {
    const {before, after} = testCase
    const syncedA = await this.synced(before, testCase)
    const syncedB = await this.synced(testCase.expected ?? after, testCase)

    if (before) {
      folder.models = before
      const first = await folder.migrate('first')
      expect(first.path, 'the first revision is written').to.be.a('string')
      await folder.upgrade()
      await this.expectSchema(syncedA, 'after the first upgrade, compared with sync() of A', testCase)
    }

    const seeded = testCase.seed ? await withModels(this.work, before, testCase.seed) : undefined
    folder.models = after
    const second = await folder.migrate('second', testCase.renames)
    expect(second.path, `the second revision is written (changes: ${second.changes.join('; ')})`).to.be.a('string')
    const source = readFileSync(resolve(second.path!), 'utf8')
    const context = `\n--- revision ---\n${source}`
    expect(source, 'the revision never touches the version table').not.to.include(VERSION_TABLE.tableName)
    await folder.upgrade(context)
    await this.expectSchema(syncedB, `after the second upgrade, compared with sync() of B${context}`, testCase)
    expect(await folder.check(), `db check after the second upgrade${context}`).to.deep.equal([])
    if (testCase.verify) await withModels(this.work, after, (sequelize) => testCase.verify!(sequelize, seeded))

    await folder.downgrade(context)
    await this.expectSchema(syncedA, `after downgrade -1, compared with sync() of A${context}`, testCase)
    await folder.upgrade(`${context}\n(upgrading again)`)
    await this.expectSchema(syncedB, `after upgrading again, compared with sync() of B${context}`, testCase)
    expect(await folder.check(), `db check after upgrading again${context}`).to.deep.equal([])
    await this.expectOfflineScripts(folder, testCase, context)
    return {changes: second.changes, source}
  }

  /**
   * `db upgrade --sql` of both revisions, applied by the database's client to an empty database,
   * gives the work database's schema and record; `db downgrade --sql heads:base` then leaves only
   * the empty record table.
   */
  private async expectOfflineScripts(folder: MigrationsFolder, testCase: RoundTripCase, context: string): Promise<void> {
    await emptyDatabase(this.offline, testCase.schemas ?? [])
    await applySqlScript(this.offline, await renderSql({directory: folder.directory, verb: 'upgrade', range: 'heads'}))
    const [online, offline] = await Promise.all([this.work, this.offline].map((db) => withModels(db, undefined, async (sequelize) => ({
      schema: await introspectDatabase(sequelize, dialectOf(sequelize), {versionTable: VERSION_TABLE, models: schemaHint(testCase)}),
      record: await sequelize.query(`SELECT name FROM ${sequelize.getQueryInterface().quoteIdentifier('SequelizeMeta')} ORDER BY name`, {type: QueryTypes.SELECT}),
    }))))
    const {ops} = compareWithSettings(withoutChosenNames(offline.schema), withoutChosenNames(online.schema), dialectNamed(online.schema.dialect), {versionTable: VERSION_TABLE})
    expect(ops.map(describeOp), `the upgrade --sql script, compared with the online upgrade${context}`).to.deep.equal([])
    expect(offline.record, 'record rows of the upgrade --sql script').to.deep.equal(online.record)

    await applySqlScript(this.offline, await renderSql({directory: folder.directory, verb: 'downgrade', range: 'heads:base'}))
    const left = await withModels(this.offline, undefined, (sequelize) => introspectDatabase(sequelize, dialectOf(sequelize), {versionTable: VERSION_TABLE, models: schemaHint(testCase)}))
    expect([...left.tables.keys(), ...left.enums.keys()], `left by the downgrade --sql script${context}`).to.deep.equal([])
  }

  /** The schema `sync()` gives `models` on an empty database. */
  private async synced(models: ModelSet | undefined, testCase: RoundTripCase): Promise<SchemaDescription> {
    await emptyDatabase(this.reference, testCase.schemas ?? [])
    return withModels(this.reference, models, async (sequelize) => {
      await sequelize.sync()
      return introspectDatabase(sequelize, dialectOf(sequelize), {versionTable: VERSION_TABLE, settings: testCase.settings, models: schemaHint(testCase)})
    })
  }

  /** Asserts the work database equals `expected` under `db check`'s comparison. */
  private async expectSchema(expected: SchemaDescription, message: string, testCase: RoundTripCase): Promise<void> {
    const live = await withModels(this.work, undefined, (sequelize) =>
      introspectDatabase(sequelize, dialectOf(sequelize), {versionTable: VERSION_TABLE, models: {...expected}}))
    const strip = (schema: SchemaDescription) => withoutChosenNames(schema, testCase.namesDiffer)
    const {ops} = compareWithSettings(strip(live), strip(expected), dialectNamed(live.dialect), {versionTable: VERSION_TABLE})
    expect(ops.map(describeOp), message).to.deep.equal([])
  }

  private async reset(schemas: string[]): Promise<void> {
    await emptyDatabase(this.work, schemas)
  }
}

/** Drops every table (and, on PostgreSQL, every schema and type) of `db`, then creates `schemas`. */
export async function emptyDatabase(db: ScratchDatabase, schemas: string[] = []): Promise<void> {
  await withModels(db, undefined, async (sequelize) => {
    if (db.dialect === 'postgres') {
      const rows = await sequelize.query<{name: string}>(
        "SELECT nspname AS name FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'",
        {type: QueryTypes.SELECT})
      for (const {name} of rows) await sequelize.query(`DROP SCHEMA "${name}" CASCADE`)
      for (const name of ['public', ...schemas]) await sequelize.query(`CREATE SCHEMA "${name}"`)
    } else if (db.dialect === 'mariadb') {
      const rows = await sequelize.query<{name: string}>(
        'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()', {type: QueryTypes.SELECT})
      if (rows.length === 0) return
      await sequelize.transaction(async (transaction) => {
        await sequelize.query('SET FOREIGN_KEY_CHECKS = 0', {transaction})
        await sequelize.query(`DROP TABLE ${rows.map(({name}) => `\`${name}\``).join(', ')}`, {transaction})
        await sequelize.query('SET FOREIGN_KEY_CHECKS = 1', {transaction})
      })
    } else {
      const rows = await sequelize.query<{name: string}>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'", {type: QueryTypes.SELECT})
      await sequelize.query('PRAGMA foreign_keys = OFF')
      for (const {name} of rows) await sequelize.query(`DROP TABLE \`${name}\``)
      await sequelize.query('PRAGMA foreign_keys = ON')
    }
  })
}

/**
 * `schema` without the names of foreign keys and unique constraints, which the database chooses
 * (`posts_userId_fkey` from sync(), `posts_userId_users_fk` from addConstraint, `posts_ibfk_1`):
 * the models never name them, so `db check` compares them by their columns too. With `indexNames`,
 * index names go as well.
 */
function withoutChosenNames(schema: SchemaDescription, indexNames = false): SchemaDescription {
  // MariaDB's unique constraints are unique indexes: sync() names one after its column, a revision
  // `<table>_<columns>_uk`.
  const uniqueNames = indexNames || schema.dialect === 'mariadb'
  const tables = new Map([...schema.tables].map(([key, table]) => [key, {
    ...table,
    indexes: table.indexes.map((index) => (indexNames || (uniqueNames && index.unique) ? {...index, name: ''} : index)),
    foreignKeys: table.foreignKeys.map(({name: _name, ...foreignKey}) => foreignKey),
    uniqueConstraints: table.uniqueConstraints.map(({name: _name, ...unique}) => unique),
  }]))
  return {...schema, tables}
}

/** A description whose only use is to tell introspection which PostgreSQL schemas to read. */
function schemaHint(testCase: RoundTripCase): SchemaDescription {
  const tables = new Map((testCase.schemas ?? []).map((schema) => [`${schema}.x`, {name: 'x', schema, columns: [], uniqueConstraints: [], indexes: [], foreignKeys: []}]))
  return {dialect: '', tables, enums: new Map()}
}

/** A throwaway migrations folder whose env registers {@link MigrationsFolder.models}. */
export class MigrationsFolder {
  readonly root: string
  readonly directory: string
  /** The models env registers from now on. */
  models: ModelSet | undefined
  private readonly id = randomBytes(5).toString('hex')

  /** @param settings env's `autogenerate` settings from now on (the formatter is always off) */
  constructor(private readonly db: ScratchDatabase, public settings?: AutogenerateSettings) {
    this.root = join(REPO_ROOT, '.tmp', `round-trip-${this.id}`)
    this.directory = join(this.root, 'migrations')
    mkdirSync(join(this.directory, 'versions'), {recursive: true})
    copyFileSync(join(REPO_ROOT, 'templates', 'default', 'script.ts.ejs'), join(this.directory, 'script.ts.ejs'))
    writeFileSync(join(this.directory, 'env.ts'), envSource(this.id))
    const folder = this
    registry[this.id] = {
      get settings() {
        return folder.settings
      },
      sequelize: () => {
        const sequelize = connect(this.db)
        this.models?.(sequelize, this.db.dialect)
        return sequelize
      },
    }
  }

  migrate(message: string, renames?: string[]) {
    return autogenerateRevision({directory: this.directory, message, renames})
  }

  /** The differences `db check` lists, in words. */
  async check(): Promise<string[]> {
    return (await check({directory: this.directory})).map((difference) => difference.detail)
  }

  async upgrade(context = ''): Promise<void> {
    await this.run(() => upgrade({directory: this.directory}), 'upgrade', context)
  }

  async downgrade(context = ''): Promise<void> {
    await this.run(() => downgrade({directory: this.directory}), 'downgrade', context)
  }

  /** Downgrades to `target` (`base`: every revision undone). */
  async downgradeTo(target: string, context = ''): Promise<void> {
    await this.run(() => downgrade({directory: this.directory, target}), `downgrade to ${target}`, context)
  }

  dispose(): void {
    delete registry[this.id]
    rmSync(this.root, {recursive: true, force: true})
  }

  private async run(step: () => Promise<unknown>, name: string, context: string): Promise<void> {
    try {
      await step()
    } catch (error) {
      throw new Error(`${name} failed: ${(error as Error).message}${context}`, {cause: error})
    }
  }
}
