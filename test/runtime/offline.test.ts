/**
 * Offline mode end to end: `db upgrade --sql` and `db downgrade --sql` through the real bin, with
 * a DATABASE_URL no server answers, fed to the database's own client; the result must equal what
 * `db upgrade` gives online (schema with indexes, foreign keys and enum types; record rows).
 */
import {existsSync, readFileSync} from 'node:fs'
import {createServer, type Server} from 'node:net'
import {join} from 'node:path'
import {expect} from 'chai'
import type {Sequelize} from 'sequelize'

import {dialectOf} from '../../src/dialects'
import {expectOneLineError, expectSuccess, REPO_ROOT, runCli} from '../support/cli'
import {createScratchDatabase, forEachDialect, type ScratchDatabase, type TestDialect} from '../support/databases'
import {createProject, type Project, revisionSource} from '../support/project'
import {recordedIds, tableNames} from '../support/schema'
import {applySqlScript} from '../support/sql-client'

/** A URL of the dialect whose server does not exist: offline runs must never try it. */
const NOWHERE: Record<TestDialect, string> = {
  postgres: 'postgres://app:secret@db.invalid:5432/shop',
  mariadb: 'mariadb://app:secret@db.invalid:3306/shop',
  sqlite: 'sqlite:/nonexistent-folder/shop.sqlite',
}

/** Script lines with each revision's checksum (see runtime/checksum.ts) replaced by `<sha256>`. */
function withoutChecksums(lines: string[]): string[] {
  return lines.map((line) => line.replace(/'[0-9a-f]{64}'/g, "'<sha256>'"))
}

/** What a user compares after applying a script: the schema, the record table and its rows. */
async function snapshot(sequelize: Sequelize): Promise<unknown> {
  const schema = await dialectOf(sequelize).introspect(sequelize, {versionTable: 'SequelizeMeta'})
  // The online run's side table of started revisions (MariaDB) is its own bookkeeping.
  schema.tables.delete('SequelizeMeta_progress')
  const record = await sequelize.getQueryInterface().describeTable('SequelizeMeta')
  return {schema, record, rows: await recordedIds(sequelize)}
}

async function withConnection<T>(db: ScratchDatabase, fn: (sequelize: Sequelize) => Promise<T>): Promise<T> {
  const sequelize = db.connect()
  try {
    return await fn(sequelize)
  } finally {
    await sequelize.close()
  }
}

const HISTORIES = [
  {name: 'the fixture history (branch and merge, data revisions)', directory: join(REPO_ROOT, 'test', 'fixtures', 'history')},
  {name: 'the demo', directory: join(REPO_ROOT, 'migrations')},
]

forEachDialect('db upgrade --sql', (dialect) => {
  for (const history of HISTORIES) {
    it(`applied by the client, gives what db upgrade gives online: ${history.name}`, async () => {
      const online = await createScratchDatabase(dialect)
      const offline = await createScratchDatabase(dialect)
      try {
        const run = (args: string[], url: string) => runCli(['db', ...args, '-d', history.directory], {cwd: REPO_ROOT, env: {DATABASE_URL: url}})
        expectSuccess(await run(['upgrade', 'heads'], online.url))
        const up = await run(['upgrade', '--sql', 'heads'], NOWHERE[dialect])
        expectSuccess(up)
        expect(up.stderr).to.equal('')
        await applySqlScript(offline, up.stdout)
        const expected = await withConnection(online, snapshot)
        expect(await withConnection(offline, snapshot)).to.deep.equal(expected)

        const down = await run(['downgrade', '--sql', 'heads:base'], NOWHERE[dialect])
        expectSuccess(down)
        await applySqlScript(offline, down.stdout)
        await withConnection(offline, async (sequelize) => {
          expect(await tableNames(sequelize)).to.deep.equal(['SequelizeMeta'])
          expect(await recordedIds(sequelize)).to.deep.equal([])
          const {enums} = await dialectOf(sequelize).introspect(sequelize, {versionTable: 'SequelizeMeta'})
          expect([...enums.keys()], 'enum types left').to.deep.equal([])
        })
      } finally {
        await online.drop()
        await offline.drop()
      }
    })
  }
})

describe('db upgrade --sql: the script', () => {
  let project: Project

  before(() => {
    project = createProject({databaseUrl: NOWHERE.postgres})
    project.writeRevision({revision: 'aaaa00000001', message: 'create users', up: "  await queryInterface.createTable('users', {id: {type: DataTypes.INTEGER, primaryKey: true}, name: DataTypes.STRING})", down: "  await queryInterface.dropTable('users')"})
    project.writeRevision({
      revision: 'aaaa00000002', downRevision: 'aaaa00000001', message: "seed o'neil",
      up: "  await queryInterface.bulkInsert('users', [{id: 1, name: \"o'neil\"}])\n  await sequelize.transaction(async (t: unknown) => sequelize.query('UPDATE users SET name = $1 WHERE id = $2', {bind: ['$x', 1], transaction: t}))",
      down: "  await queryInterface.bulkDelete('users', {id: 1})",
    })
    const third = {revision: 'aaaa00000003', downRevision: 'aaaa00000002', message: 'no transaction', up: "  await sequelize.query('CREATE INDEX CONCURRENTLY users_name ON users (name)')", down: "  await sequelize.query('DROP INDEX users_name')"}
    project.write('migrations/versions/aaaa00000003_no_transaction.ts', `${revisionSource(third)}export const transactional = false\n`)
  })

  after(() => project.dispose())

  it('introduces each revision with a comment, wraps it in BEGIN/COMMIT unless it opts out (a sequelize.transaction joins it), inlines parameters', async () => {
    const script = withoutChecksums(expectSuccess(await project.run(['db', 'upgrade', '--sql'])))
    expect(script).to.deep.equal([
      '-- sequelize-migrate: upgrade head (postgres)',
      'CREATE TABLE IF NOT EXISTS "SequelizeMeta" ("name" VARCHAR(255) NOT NULL UNIQUE , "checksum" VARCHAR(64), PRIMARY KEY ("name"));',
      '-- Running upgrade <base> -> aaaa00000001, create users',
      'BEGIN;',
      'CREATE TABLE IF NOT EXISTS "users" ("id" INTEGER , "name" VARCHAR(255), PRIMARY KEY ("id"));',
      'INSERT INTO "SequelizeMeta" ("name", "checksum") VALUES (\'aaaa00000001\', \'<sha256>\');',
      'COMMIT;',
      "-- Running upgrade aaaa00000001 -> aaaa00000002, seed o'neil",
      'BEGIN;',
      'INSERT INTO "users" ("id","name") VALUES (1,\'o\'\'neil\');',
      'UPDATE users SET name = \'$x\' WHERE id = 1;',
      'INSERT INTO "SequelizeMeta" ("name", "checksum") VALUES (\'aaaa00000002\', \'<sha256>\');',
      'COMMIT;',
      '-- Running upgrade aaaa00000002 -> aaaa00000003, no transaction',
      'CREATE INDEX CONCURRENTLY users_name ON users (name);',
      'INSERT INTO "SequelizeMeta" ("name", "checksum") VALUES (\'aaaa00000003\', \'<sha256>\');',
    ])
  })

  it('START:END starts from START: no record table, only the revisions above it', async () => {
    const script = withoutChecksums(expectSuccess(await project.run(['db', 'upgrade', '--sql', 'aaaa00000001:aaaa00000002'])))
    expect(script.filter((line) => !line.startsWith('--'))).to.deep.equal([
      'BEGIN;',
      'INSERT INTO "users" ("id","name") VALUES (1,\'o\'\'neil\');',
      'UPDATE users SET name = \'$x\' WHERE id = 1;',
      'INSERT INTO "SequelizeMeta" ("name", "checksum") VALUES (\'aaaa00000002\', \'<sha256>\');',
      'COMMIT;',
    ])
  })

  it('--dialect writes for another database than env names, -o writes a file', async () => {
    const result = await project.run(['db', 'downgrade', '--sql', 'head:aaaa00000001', '--dialect', 'mariadb', '-o', 'down.sql'])
    expect(expectSuccess(result)).to.deep.equal([])
    expect(result.stderr).to.include('Wrote down.sql')
    expect(readFileSync(join(project.root, 'down.sql'), 'utf8')).to.include([
      'DROP INDEX users_name;',
      "DELETE FROM `SequelizeMeta` WHERE `name` = 'aaaa00000003';",
      '',
      "-- Running downgrade aaaa00000002 -> aaaa00000001, seed o'neil",
      'DELETE FROM `users` WHERE `id` = 1;',
      "DELETE FROM `SequelizeMeta` WHERE `name` = 'aaaa00000002';",
    ].join('\n'))
  })

  it('db stamp --sql writes the record changes only', async () => {
    expect(withoutChecksums(expectSuccess(await project.run(['db', 'stamp', '--sql', 'aaaa00000002'])))).to.deep.equal([
      '-- sequelize-migrate: stamp aaaa00000002 (postgres)',
      'CREATE TABLE IF NOT EXISTS "SequelizeMeta" ("name" VARCHAR(255) NOT NULL UNIQUE , "checksum" VARCHAR(64), PRIMARY KEY ("name"));',
      'BEGIN;',
      'INSERT INTO "SequelizeMeta" ("name", "checksum") VALUES (\'aaaa00000001\', \'<sha256>\');',
      'INSERT INTO "SequelizeMeta" ("name", "checksum") VALUES (\'aaaa00000002\', \'<sha256>\');',
      'COMMIT;',
    ])
  })

  it('never connects: a server that counts connections sees none', async () => {
    let connections = 0
    const server: Server = createServer((socket) => {
      connections++
      socket.destroy()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const {port} = server.address() as {port: number}
      for (const url of [`postgres://app:secret@127.0.0.1:${port}/shop`, `mariadb://app:secret@127.0.0.1:${port}/shop`]) {
        expectSuccess(await project.run(['db', 'upgrade', '--sql'], {env: {DATABASE_URL: url}}))
      }
      expect(connections).to.equal(0)
    } finally {
      server.close()
    }
  })

  it('range errors are one line each (the cases: test/revision/offline-range.test.ts)', async () => {
    expectOneLineError(await project.run(['db', 'downgrade', '--sql']), 'needs START:END')
    expectOneLineError(await project.run(['db', 'upgrade', '--sql', 'aaaa00000002:aaaa00000001']), 'goes down', 'db downgrade --sql')
    expectOneLineError(await project.run(['db', 'upgrade', '--sql', 'zzzz9999:head']), 'zzzz9999')
  })
})

describe('db upgrade --sql: a revision that reads', () => {
  let project: Project

  beforeEach(() => {
    project = createProject({databaseUrl: NOWHERE.sqlite})
    project.writeRevision({revision: 'bbbb00000001', message: 'create users', up: "  await queryInterface.createTable('users', {id: {type: DataTypes.INTEGER, primaryKey: true}, name: DataTypes.STRING})", down: "  await queryInterface.dropTable('users')"})
  })

  afterEach(() => project.dispose())

  it('fails with one line naming the revision and the guard, and writes no file', async () => {
    project.writeRevision({
      revision: 'bbbb00000002', downRevision: 'bbbb00000001', message: 'backfill names',
      up: "  const [rows] = await sequelize.query('SELECT id FROM users')\n  for (const row of rows as any[]) await queryInterface.bulkUpdate('users', {name: 'x'}, {id: row.id})",
      down: '',
    })
    const result = await project.run(['db', 'upgrade', '--sql', '-o', 'upgrade.sql'])
    expectOneLineError(result, 'Revision bbbb00000002 (backfill names) reads from the database (SELECT id FROM users)', 'offline')
    expect(existsSync(join(project.root, 'upgrade.sql')), 'upgrade.sql written').to.equal(false)
    expect(result.stdout).to.equal('')
  })

  it('guarded by ctx.offline, it writes its own SQL; a read whose result is unused is written as is', async () => {
    project.writeRevision({
      revision: 'bbbb00000002', downRevision: 'bbbb00000001', message: 'backfill names',
      up: "  await sequelize.query('SELECT 1')\n  if (offline) await sequelize.query(\"UPDATE users SET name = 'x'\")\n  else throw new Error('online')",
      down: '',
    })
    const script = withoutChecksums(expectSuccess(await project.run(['db', 'upgrade', '--sql'])))
    expect(script).to.include.members(['SELECT 1;', "UPDATE users SET name = 'x';"])
  })
})
