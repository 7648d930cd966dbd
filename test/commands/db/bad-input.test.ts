/**
 * Every bad input a user can give the `db` verbs: each exits non-zero with one clear line on
 * stderr (a stack trace only with `--stack-trace`), and writes nothing: neither the versions folder
 * nor the database changes. Passwords never appear in the output.
 */
import {randomBytes} from 'node:crypto'
import {rmSync} from 'node:fs'
import {expect} from 'chai'
import {Sequelize} from 'sequelize'

import {type CliOptions, type CliResult, expectOneLineError, expectSuccess} from '../../support/cli'
import {createScratchDatabase, forEachDialect, type ScratchDatabase} from '../../support/databases'
import {createProject, createTable, dropTable, type Project, type RevisionSpec, useDatabaseProject} from '../../support/project'
import {databaseState} from '../../support/schema'

const G1 = 'e1e1e1e10001'
const G2 = 'e2e2e2e20002'

forEachDialect('bad input', (dialect) => {
  let db: ScratchDatabase
  let sequelize: Sequelize
  let project: Project

  /** Runs a verb that must fail; checks it left the versions folder and the database as they were. */
  async function refused(args: string[], fragments: Array<string | RegExp>, options: Partial<CliOptions> = {}): Promise<string> {
    const files = project.versionFiles()
    const state = await databaseState(sequelize)
    const line = expectOneLineError(await project.run(['db', ...args], options), ...fragments)
    expect(project.versionFiles(), 'versions folder').to.deep.equal(files)
    expect(await databaseState(sequelize), 'tables and record').to.deep.equal(state)
    return line
  }

  /** Adds revision files for the length of `body`. */
  async function withRevisions(specs: RevisionSpec[], body: () => Promise<void>): Promise<void> {
    const paths = specs.map((spec) => project.writeRevision(spec))
    try {
      await body()
    } finally {
      for (const path of paths) rmSync(path, {force: true})
    }
  }

  useDatabaseProject(dialect, async (made) => {
    ({db, sequelize, project} = made)
    project.writeRevision({revision: G1, message: 'create g1', up: createTable('g1'), down: dropTable('g1')})
    project.writeRevision({revision: G2, downRevision: G1, message: 'create g2', up: createTable('g2'), down: dropTable('g2')})
    expectSuccess(await project.run(['db', 'upgrade']))
  })

  it('two heads where one is needed: names both and suggests db merge', async () => {
    await withRevisions([
      {revision: 'e3a3a3a30003', downRevision: G2, message: 'left', up: createTable('left_side')},
      {revision: 'e3b3b3b30003', downRevision: G2, message: 'right', up: createTable('right_side')},
    ], async () => {
      await refused(['upgrade'], ['Multiple head revisions', 'e3a3a3a30003', 'e3b3b3b30003', 'db merge'])
      await refused(['revision', '-m', 'next'], ['Multiple head revisions', 'e3a3a3a30003', 'e3b3b3b30003', 'db merge'])
      await refused(['show'], ['Multiple head revisions', 'e3a3a3a30003', 'e3b3b3b30003', 'db merge'])
    })
  })

  it('an unknown revision', async () => {
    await refused(['upgrade', '9999ffff'], ['Can\'t locate revision identified by \'9999ffff\''])
    await refused(['downgrade', 'nowhere1'], ['Can\'t locate revision identified by \'nowhere1\''])
  })

  it('an ambiguous revision prefix lists the candidates', async () => {
    await withRevisions([
      {revision: 'e3e3e3e3aaaa', downRevision: G2, message: 'one', up: createTable('one')},
      {revision: 'e3e3e3e3bbbb', downRevision: G2, message: 'two', up: createTable('two')},
    ], async () => {
      await refused(['upgrade', 'e3e3'], ['Revision prefix \'e3e3\' matches several revisions (e3e3e3e3aaaa, e3e3e3e3bbbb)'])
    })
  })

  it('a cycle names its revisions', async () => {
    await withRevisions([
      {revision: 'c1c1c1c10001', downRevision: 'c2c2c2c20002', message: 'loop one'},
      {revision: 'c2c2c2c20002', downRevision: 'c1c1c1c10001', message: 'loop two'},
    ], async () => {
      await refused(['upgrade'], ['form a cycle', 'c1c1c1c10001', 'c2c2c2c20002'])
    })
  })

  it('a downRevision that does not exist', async () => {
    await withRevisions([{revision: 'd1d1d1d10001', downRevision: 'deadbeef0000', message: 'orphan'}], async () => {
      await refused(['upgrade'], ['d1d1d1d10001', 'has down revision deadbeef0000, which is not in the migrations folder'])
    })
  })

  it('two files with one id names both files', async () => {
    await withRevisions([{revision: G2, downRevision: G1, message: 'copy', fileName: 'copy_of_g2.ts'}], async () => {
      await refused(['upgrade'], [`Revision ${G2} is defined twice`, 'migrations/versions/copy_of_g2.ts', `migrations/versions/${G2}_create_g2.ts`])
    })
  })

  it('a revision file with a syntax error names file:line (TypeScript and JavaScript)', async () => {
    // The unclosed call on the body's first line is found where the function's closing brace stands.
    for (const [extension, line] of [['.ts', 15], ['.js', 16], ['.mjs', 15]] as const) {
      const fileName = `broken${extension}`
      const path = project.writeRevision({revision: 'b0b0b0b00001', downRevision: G2, message: 'broken', extension, fileName,
        up: '  await queryInterface.createTable(\'broken\', {\n}'})
      try {
        await refused(['upgrade'], [new RegExp(`migrations/versions/${fileName.replace('.', '\\.')}:${line}\\b`)])
      } finally {
        rmSync(path)
      }
    }
  })

  it('a revision lacking up or down', async () => {
    await withRevisions([{revision: 'f0f0f0f00001', downRevision: G2, message: 'no down', up: '', down: false}], async () => {
      await refused(['upgrade'], ['migrations/versions/f0f0f0f00001_no_down.ts does not export down'])
    })
    await withRevisions([{revision: 'f0f0f0f00002', downRevision: G2, message: 'neither', up: false, down: false, extension: '.js'}], async () => {
      await refused(['history'], ['does not export up and down'])
    })
  })

  it('no migrations folder: suggests db init', async () => {
    await refused(['upgrade', '-d', 'nowhere'], ['No migrations folder at nowhere', '`db init`'])
  })

  it('an env file that gives no Sequelize', async () => {
    project.write('no-sequelize/env.ts', 'import {defineConfig} from \'sequelize-migrate\'\nexport default defineConfig({sequelize: () => ({} as any)})\n')
    project.write('no-sequelize/versions/.gitkeep', '')
    await refused(['upgrade', '-d', 'no-sequelize'], ['no-sequelize/env.ts', 'is not a Sequelize instance'])
    project.write('no-config/env.ts', 'export const nothing = 1\n')
    project.write('no-config/versions/.gitkeep', '')
    await refused(['current', '-d', 'no-config'], ['no-config/env.ts must default-export defineConfig'])
  })

  it('an unreachable database, without showing its password (also with --stack-trace)', async () => {
    const password = `Unreach${randomBytes(6).toString('hex')}`
    const url = dialect === 'sqlite'
      ? 'sqlite:/dev/null/db.sqlite'
      : dialect === 'postgres'
        ? `postgres://postgres:${password}@127.0.0.1:1/${new URL(db.url).pathname.slice(1)}`
        : `mariadb://root:${password}@127.0.0.1:1/${new URL(db.url).pathname.slice(1)}`
    const line = await refused(['upgrade'], ['Cannot connect to'], {env: {DATABASE_URL: url}})
    if (dialect !== 'sqlite') expect(line).to.include('127.0.0.1:1').and.include('connection refused')
    const traced = await project.run(['db', 'upgrade', '--stack-trace'], {env: {DATABASE_URL: url}})
    expect(traced.code).to.not.equal(0)
    expect(traced.stderr).to.include('Cannot connect to').and.match(/\n\s+at .+:\d+:\d+/)
    expect(traced.stdout + traced.stderr).to.not.include(password)
  })

  it('downgrade below base and upgrade past head say how far they can go', async () => {
    await refused(['downgrade', '-5'], ['Relative revision -5 goes below base', 'only 2 revisions applied'])
    await refused(['upgrade', '+5'], ['Relative revision +5 goes past head'])
  })

  it('--json on a failing read verb prints {code, message}', async () => {
    const files = project.versionFiles()
    const result: CliResult = await project.run(['db', 'history', '-r', '9999ffff:', '--json'])
    expect(result.code).to.not.equal(0)
    expect(JSON.parse(result.stdout)).to.deep.equal({
      code: 'UNKNOWN_REVISION',
      message: 'Can\'t locate revision identified by \'9999ffff\'; run `db history` to list the revisions',
    })
    expect(project.versionFiles()).to.deep.equal(files)
    expect(JSON.parse((await project.run(['db', 'current', '--json', '-d', 'nowhere'])).stdout)).to.include({code: 'NO_MIGRATIONS_DIR'})
  })

  it('--stack-trace adds the stack trace', async () => {
    const result = await project.run(['db', 'upgrade', '9999ffff', '--stack-trace'])
    expect(result.code).to.not.equal(0)
    // The first line names the database; the error follows it.
    expect(result.stderr.split('\n')[0]).to.match(/^Database: /)
    expect(result.stderr.split('\n')[1]).to.equal('Error: Can\'t locate revision identified by \'9999ffff\'; run `db history` to list the revisions')
    expect(result.stderr).to.match(/\n\s+at .+:\d+:\d+/)
  })

  it('--verbose means more of each revision, only on the verbs listing revisions; elsewhere one line says what to pass', async () => {
    const refusedVerbose = await project.run(['db', 'upgrade', '--verbose'])
    expect(refusedVerbose.code).to.equal(2)
    expect(refusedVerbose.stdout).to.equal('')
    expect(refusedVerbose.stderr.trim().split('\n')).to.deep.equal([
      "Error: db upgrade has no --verbose (on db history, heads, branches and current it shows more of each revision); for an error's stack trace pass --stack-trace",
    ])
    // On a verb listing revisions, -v shows them in full and adds no stack trace to an error.
    const failed = await project.run(['db', 'history', '-v', '-r', '9999ffff:'])
    expectOneLineError(failed, "Can't locate revision identified by '9999ffff'")
  })
})

forEachDialect('bad credentials', () => {
  const user = `sm_user_${randomBytes(4).toString('hex')}`
  const password = `Right${randomBytes(6).toString('hex')}`
  const wrong = `Wrong${randomBytes(6).toString('hex')}`
  let db: ScratchDatabase
  let admin: Sequelize
  let project: Project
  let name: string

  before(async () => {
    db = await createScratchDatabase('mariadb')
    admin = db.connect()
    name = new URL(db.url).pathname.slice(1)
    for (const host of ['%', 'localhost']) {
      await admin.query(`CREATE USER '${user}'@'${host}' IDENTIFIED BY '${password}'`)
      await admin.query(`GRANT ALL PRIVILEGES ON ${name}.* TO '${user}'@'${host}'`)
    }
    project = createProject()
    project.writeRevision({revision: 'a0a0a0a00001', message: 'create secrets', up: createTable('secrets'), down: dropTable('secrets')})
  })

  after(async () => {
    for (const host of ['%', 'localhost']) await admin?.query(`DROP USER IF EXISTS '${user}'@'${host}'`)
    await admin?.close()
    await db?.drop()
    project?.dispose()
  })

  const urlWith = (secret: string) => `mariadb://${user}:${secret}@127.0.0.1:3306/${name}`

  it('a wrong password: access denied, and neither password is printed (also with --stack-trace)', async () => {
    for (const traced of [[], ['--stack-trace']]) {
      const result = await project.run(['db', 'upgrade', ...traced], {env: {DATABASE_URL: urlWith(wrong)}})
      if (traced.length === 0) expectOneLineError(result, 'Cannot connect to', 'access denied', user)
      else expect(result.code).to.not.equal(0)
      expect(result.stdout + result.stderr).to.not.include(wrong).and.not.include(password)
    }
    expect(await databaseState(admin)).to.deep.equal({tables: [], record: []})
  })

  it('the right password works and is not printed either, even in the stack trace --stack-trace prints', async () => {
    const ok = await project.run(['db', 'upgrade'], {env: {DATABASE_URL: urlWith(password)}})
    expect(expectSuccess(ok)).to.deep.equal(['Running upgrade <base> -> a0a0a0a00001, create secrets'])
    const failed = await project.run(['db', 'downgrade', '-3', '--stack-trace'], {env: {DATABASE_URL: urlWith(password)}})
    expect(failed.code).to.not.equal(0)
    expect(failed.stdout + failed.stderr).to.not.include(password)
    expect(await databaseState(admin)).to.deep.equal({tables: ['SequelizeMeta', 'secrets'], record: ['a0a0a0a00001']})
  })
}, ['mariadb'])
