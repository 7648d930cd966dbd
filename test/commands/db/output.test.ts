/**
 * What the verbs say, through the real bin: which database a run targets, connection URLs that
 * cannot be used (one line, a stable code, nothing written, no credential echoed), passwords kept
 * out of messages without corrupting them, autogenerate's warnings on the console, `db check
 * --json`, and the CLI's own polish (typo suggestions, finding the migrations folder from a
 * subfolder, `db edit` without an editor, `--x-arg`, `--wait-for-db`).
 */
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {spawn} from 'node:child_process'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import type {Sequelize} from 'sequelize'

import {BIN, type CliResult, COMPILE_CACHE, expectOneLineError, expectSuccess, lines, REPO_ROOT} from '../../support/cli'
import {createScratchDatabase, forEachDialect, type ScratchDatabase} from '../../support/databases'
import {createProject, createTable, dropTable, ENV_TS, type Project, useDatabaseProject} from '../../support/project'
import {recordedIds, tableNames} from '../../support/schema'

/** The env `db init` writes (DATABASE_URL, else an explicit SQLite fallback). */
const TEMPLATE_ENV = readFileSync(join(REPO_ROOT, 'templates', 'default', 'env.ts'), 'utf8')

/** The JSON `{code, message}` a failing `--json` run prints. */
function jsonError(result: CliResult): {code: string; message: string} {
  expect(result.code).to.not.equal(0)
  return JSON.parse(result.stdout)
}

describe('connection URLs that cannot be used', () => {
  let project: Project
  before(() => {
    project = createProject({envSource: TEMPLATE_ENV})
    project.writeRevision({revision: 'b0b0b0b00001', message: 'create things', up: createTable('things'), down: dropTable('things')})
  })
  after(() => project.dispose())

  const cases: Array<[string, string, string, string[]]> = [
    ['an empty DATABASE_URL', '', 'EMPTY_DATABASE_URL', []],
    ['a password with an unencoded @', 'postgres://app:pa@ss-w0rd@db:5432/shop', 'MALFORMED_DATABASE_URL', ['pa@ss', 'ss-w0rd', 'w0rd']],
    ['a port that is not a number', 'postgres://app:Secr3t@db:54x2/shop', 'INVALID_PORT', ['Secr3t', '54x2']],
    ['a bad %-escape', 'postgres://app:Secr%zz3t@db/shop', 'INVALID_ESCAPE', ['Secr', '%zz']],
    ['an unknown dialect', 'oracle://app:Secr3t@db:1521/shop', 'UNKNOWN_DIALECT', ['Secr3t', 'oracledb']],
  ]
  for (const [title, url, code, hidden] of cases) {
    it(`${title}: one line with code ${code}, nothing written, no credential shown`, async () => {
      for (const envSource of [TEMPLATE_ENV, undefined]) {
        // The template's env checks the URL itself; a hand-written one fails inside Sequelize and is explained.
        project.write('migrations/env.ts', envSource ?? ENV_TS)
        const text = await project.run(['db', 'upgrade'], {env: {DATABASE_URL: url}})
        const line = expectOneLineError(text, 'DATABASE_URL')
        for (const secret of hidden) expect(text.stdout + text.stderr, line).to.not.include(secret)
        expect(jsonError(await project.run(['db', 'upgrade', '--json'], {env: {DATABASE_URL: url}})).code).to.equal(code)
        expect(existsSync(join(project.root, 'dev.sqlite')), 'no fallback database created').to.equal(false)
      }
    })
  }

  it('without DATABASE_URL the template falls back to ./dev.sqlite and the first line says so', async () => {
    project.write('migrations/env.ts', TEMPLATE_ENV)
    const result = await project.run(['db', 'current'])
    expect(lines(result.stderr)[0]).to.equal('Database: sqlite:./dev.sqlite (DATABASE_URL is not set; env.ts falls back to it)')
    expect(expectSuccess(result)).to.deep.equal(['No revision applied'])
    rmSync(join(project.root, 'dev.sqlite'), {force: true})
  })

  it('the read verbs that need no database name none', async () => {
    const result = await project.run(['db', 'heads'])
    expect(expectSuccess(result)).to.have.lengthOf(1)
    expect(result.stderr).to.equal('')
  })
})

describe('CLI polish', () => {
  let project: Project
  before(() => {
    project = createProject()
    project.writeRevision({revision: 'c0c0c0c00001', message: 'create things', up: createTable('things'), down: dropTable('things')})
  })
  after(() => project.dispose())

  it('a mistyped verb suggests the closest one, in one line, exit 127', async () => {
    const result = await project.run(['db', 'upgrad'])
    expect(result.code).to.equal(127)
    expect(lines(result.stderr)).to.deep.equal(['Error: db upgrad is not a sequelize-migrate command; did you mean db upgrade? (`sequelize-migrate help db` lists the commands)'])
  })

  it('finds the migrations folder from a subfolder, and says where it looked when there is none', async () => {
    project.write('src/deep/er/.keep', '')
    expect(expectSuccess(await project.run(['db', 'heads'], {cwd: join(project.root, 'src', 'deep', 'er')}))).to.deep.equal(['<base> -> c0c0c0c00001 (head), create things'])
    // Outside the repository, whose own migrations folder would be found.
    const elsewhere = mkdtempSync(join(tmpdir(), 'sm-no-migrations-'))
    try {
      expectOneLineError(await project.run(['db', 'heads'], {cwd: elsewhere}), 'No migrations folder at migrations', 'every parent folder', 'db init')
    } finally {
      rmSync(elsewhere, {recursive: true, force: true})
    }
  })

  it('db edit without $EDITOR or a terminal: one line naming the file', async () => {
    expectOneLineError(await project.run(['db', 'edit']), 'Set $EDITOR', 'c0c0c0c00001_create_things.ts')
  })

  it('-x has the long form --x-arg', async () => {
    expect(expectSuccess(await project.run(['db', 'heads', '--x-arg', 'table=other']))).to.have.lengthOf(1)
    const help = await project.run(['db', 'upgrade', '--help'])
    expect(help.stdout).to.match(/-x, --x-arg=<value>/)
  })

  it('--wait-for-db retries an unreachable database, printing each retry, then fails in one line', async () => {
    // A port nothing listens on: bind one, then close it.
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const {port} = server.address() as {port: number}
    await new Promise((resolve) => server.close(resolve))
    const result = await project.run(['db', 'upgrade', '--wait-for-db', '2'], {env: {DATABASE_URL: `postgres://app:Wait5ecret@127.0.0.1:${port}/none`}})
    const retries = lines(result.stderr).filter((line) => line.startsWith('Waiting for the database (retry '))
    expect(retries.length, result.stderr).to.be.greaterThan(0)
    expect(retries[0]).to.include(`Cannot connect to postgres://app@127.0.0.1:${port}/none`)
    expect(result.stderr).to.not.include('Wait5ecret')
    const errors = lines(result.stderr).filter((line) => line.startsWith('Error: '))
    expect(errors).to.have.lengthOf(1)
    expect(result.code).to.not.equal(0)
  })
})

/** An env whose models follow `-x`: `-x table=` names the table, `-x column=` adds a column. */
const MODELS_ENV = `import {DataTypes, Sequelize} from 'sequelize'
import {defineConfig} from 'sequelize-migrate'

export default defineConfig({
  sequelize: ({x}) => {
    const sequelize = new Sequelize(process.env.DATABASE_URL as string, {logging: false})
    const attributes: Record<string, object> = {id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true}}
    if (x.column) attributes[x.column] = {type: DataTypes.STRING(40)}
    sequelize.define('Person', attributes, {tableName: x.table ?? 'people', timestamps: false})
    return sequelize
  },
})
`

forEachDialect('autogenerate output', (dialect) => {
  let db: ScratchDatabase
  let sequelize: Sequelize
  let project: Project

  useDatabaseProject(dialect, (made) => {
    ({db, sequelize, project} = made)
    project.write('migrations/env.ts', MODELS_ENV)
  })

  it('db migrate keeps non-ASCII letters in the file name; without -m it says so', async () => {
    const created = await project.run(['db', 'migrate', '-m', 'Créer la table personnes', '--rev-id', 'd1d1d1d10001'])
    expect(expectSuccess(created)).to.deep.equal(['Detected add table people', 'Generating migrations/versions/d1d1d1d10001_créer_la_table_personnes.ts ... done'])
    expect(created.stderr).to.not.include('No message given')
    expectSuccess(await project.run(['db', 'upgrade']))
    const unnamed = await project.run(['db', 'migrate', '-x', 'column=nickname', '--rev-id', 'd2d2d2d20002'])
    expect(expectSuccess(unnamed)).to.include('Generating migrations/versions/d2d2d2d20002.ts ... done')
    expect(lines(unnamed.stderr)).to.include('No message given (-m): the revision has no message and its file name is just the id')
    rmSync(join(project.versions, 'd2d2d2d20002.ts'))
  })

  it('db migrate prints its data-loss warnings and rename proposals on the console too', async () => {
    const result = await project.run(['db', 'migrate', '-m', 'rename people', '-x', 'table=persons', '--rev-id', 'd3d3d3d30003'])
    expectSuccess(result)
    const stderr = lines(result.stderr)
    expect(stderr).to.include('WARNING: remove table people: drops table people and all its rows')
    expect(stderr).to.include('NOTE: looks like a rename of table people to persons: pass --rename people=persons to keep the data')
    const file = project.versionFiles()['d3d3d3d30003_rename_people.ts']
    expect(file).to.include('drops table people and all its rows')
    rmSync(join(project.versions, 'd3d3d3d30003_rename_people.ts'))
  })

  it('db check --json lists each difference as an object', async () => {
    const result = await project.run(['db', 'check', '--json', '-x', 'column=nickname'])
    expect(result.code).to.equal(1)
    expect(JSON.parse(result.stdout)).to.deep.equal({changes: [{kind: 'addColumn', table: 'people', column: 'nickname', detail: 'add column people.nickname'}]})
    expect(JSON.parse((await project.run(['db', 'check', '--json'])).stdout)).to.deep.equal({changes: []})
  })

  it('names holding " or a backtick are refused by db check and db migrate, naming model and attribute', async () => {
    const before = project.versionFiles()
    expectOneLineError(await project.run(['db', 'check', '-x', 'column=nick"name']), 'Model Person, attribute "nick\\"name"', 'cannot quote')
    expectOneLineError(await project.run(['db', 'migrate', '-m', 'x', '-x', 'column=nick`name']), 'Model Person, attribute "nick`name"', 'cannot quote')
    expectOneLineError(await project.run(['db', 'migrate', '-m', 'x', '-x', 'table=pe"ople']), 'Model Person: its table name', 'cannot quote')
    expect(project.versionFiles()).to.deep.equal(before)
    expect((await tableNames(sequelize)).sort()).to.deep.equal(['SequelizeMeta', 'people'].sort())
    expect(await recordedIds(sequelize)).to.deep.equal(['d1d1d1d10001'])
    void db
  })
})

forEachDialect('passwords in connection errors', (dialect) => {
  let db: ScratchDatabase
  let project: Project
  useDatabaseProject(dialect, (made) => {
    ({db, project} = made)
    project.writeRevision({revision: 'e0e0e0e00001', message: 'fails on purpose', up: '  throw new Error(\'boom: rolled back on purpose\')'})
  })

  /** The scratch database's URL with another user and password. */
  function urlAs(user: string, password: string): string {
    const url = new URL(db.url)
    url.username = user
    url.password = password
    return url.toString()
  }

  it('a role that does not exist, password "ro": the message is intact and holds no password', async () => {
    const result = await project.run(['db', 'upgrade'], {env: {DATABASE_URL: urlAs('nobody_here', 'ro')}})
    const line = expectOneLineError(result)
    expect(line).to.include(`Cannot connect to ${dialect}://nobody_here@`)
    expect(result.stdout + result.stderr).to.not.include(':ro@')
    expect(line).to.not.include('***')
  })

  // Trust authentication on loopback accepts any password, so the run reaches the revision.
  if (dialect === 'postgres') it('a failing revision reached with the password "ro": "rolled back" stays intact', async () => {
    const result = await project.run(['db', 'upgrade'], {env: {DATABASE_URL: urlAs('postgres', 'ro')}})
    const line = expectOneLineError(result, 'boom: rolled back on purpose', 'its transaction was rolled back')
    expect(line).to.not.include('***')
  })
}, ['postgres', 'mariadb'])

describe('destructive verbs on a terminal', () => {
  let db: ScratchDatabase
  let sequelize: Sequelize
  let project: Project
  before(async () => {
    db = await createScratchDatabase('sqlite')
    sequelize = db.connect()
    project = createProject({databaseUrl: db.url})
    project.writeRevision({revision: 'f0f0f0f00001', message: 'create things', up: createTable('things'), down: dropTable('things')})
    expectSuccess(await project.run(['db', 'upgrade']))
  })
  after(async () => {
    await sequelize.close()
    await db.drop()
    project.dispose()
  })

  /** Runs the bin under a pseudo-terminal (util-linux `script`), answering `answer` to its question. */
  function onTerminal(args: string[], answer: string): Promise<string> {
    const command = [process.execPath, BIN, ...args].map((part) => `'${part}'`).join(' ')
    return new Promise((resolve, reject) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], {cwd: project.root, env: {...process.env, DATABASE_URL: db.url, SEQUELIZE_MIGRATE_CACHE: COMPILE_CACHE}})
      let output = ''
      child.stdout.on('data', (chunk) => {
        output += chunk
        if (output.includes('[y/N]')) child.stdin.end(`${answer}\n`)
      })
      child.on('error', reject)
      child.on('close', () => resolve(output))
    })
  }

  it('downgrade base names the database, then asks; no keeps everything, yes goes on', async () => {
    const declined = await onTerminal(['db', 'downgrade', 'base'], 'n')
    expect(declined).to.match(/Database: sqlite:.*\n.*Downgrade to base undoes every revision.*Continue\? \[y\/N\]/s)
    expect(declined).to.include('Aborted; nothing was changed')
    expect(await recordedIds(sequelize)).to.deep.equal(['f0f0f0f00001'])
    const accepted = await onTerminal(['db', 'downgrade', 'base'], 'y')
    expect(accepted).to.include('Running downgrade f0f0f0f00001 -> <base>, create things')
    expect(await recordedIds(sequelize)).to.deep.equal([])
  })

  it('stamp --purge asks on a terminal, and --yes skips the question', async () => {
    expect(await onTerminal(['db', 'stamp', '--purge', 'head'], 'no')).to.include('Aborted; nothing was changed')
    expect(await recordedIds(sequelize)).to.deep.equal([])
    expect(await onTerminal(['db', 'stamp', '--purge', '--yes', 'head'], 'n')).to.not.include('[y/N]')
    expect(await recordedIds(sequelize)).to.deep.equal(['f0f0f0f00001'])
  })
})
