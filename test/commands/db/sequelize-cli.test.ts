/**
 * Switching from sequelize-cli, through the real bin and the real sequelize-cli: the fixture
 * project of 30 sequelize-cli migrations (test/fixtures/sequelize-cli) adopted mid-life with
 * `db init --sequelize-cli`, then carried on with revisions, on a fresh database and on one
 * sequelize-cli migrated. The steps build on each other.
 */
import {cpSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import type {Sequelize} from 'sequelize'

import {type CliResult, expectOneLineError, expectSuccess, REPO_ROOT, runCli} from '../../support/cli'
import {createScratchDatabase, forEachDialect, type ScratchDatabase} from '../../support/databases'
import {createProject, ENV_TS, type Project} from '../../support/project'
import {columnNames, recordedIds, tableNames} from '../../support/schema'

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'sequelize-cli')
const CLI_FILES = readdirSync(join(FIXTURE, 'db', 'migrations')).sort()
const SEQUELIZE_CLI = join(REPO_ROOT, 'node_modules', 'sequelize-cli', 'lib', 'sequelize')
const R1 = 'aa11bb22cc33'
const R2 = 'dd44ee55ff66'

forEachDialect('switching from sequelize-cli', (dialect) => {
  let fresh: ScratchDatabase
  let migrated: ScratchDatabase
  let sequelize: Sequelize
  let project: Project
  let adoption: string

  const dbVerb = (database: ScratchDatabase, ...args: string[]): Promise<CliResult> =>
    project.run(['db', ...args], {env: {DATABASE_URL: database.url}})
  const sequelizeCli = (database: ScratchDatabase, ...args: string[]): Promise<CliResult> =>
    runCli(args, {cwd: project.root, bin: SEQUELIZE_CLI, env: {DATABASE_URL: database.url}})
  const cliLine = (file: string, direction = 'upgrade') => `Running ${direction} ${file} (sequelize-cli migration)`

  before(async () => {
    fresh = await createScratchDatabase(dialect)
    migrated = await createScratchDatabase(dialect)
    sequelize = fresh.connect()
    project = createProject({scaffold: false})
    cpSync(FIXTURE, project.root, {recursive: true})
  })
  after(async () => {
    await sequelize?.close()
    await fresh?.drop()
    await migrated?.drop()
    project?.dispose()
  })

  it('db init --sequelize-cli writes env from .sequelizerc and a first revision building on the prehistory', async () => {
    const out = expectSuccess(await project.run(['db', 'init', '--sequelize-cli']))
    const revisionLine = out.find((line) => line.includes('_adopt_the_30_sequelize_cli_migrations.ts'))
    expect(revisionLine, out.join('\n')).to.not.equal(undefined)
    adoption = /versions\/([0-9a-f]{12})_/.exec(revisionLine as string)![1]
    const env = readFileSync(join(project.directory, 'env.ts'), 'utf8')
    expect(env).to.include('sequelizeCliDatabase({config: \'config/config.json\', models: \'models\'})')
    expect(env).to.include('sequelizeCli: {migrationsPath: \'db/migrations\'}')
    expect(readFileSync(join(project.versions, revisionLine!.replace(/^.*versions\//, '').replace(/ \.\.\. done$/, '')), 'utf8')).to.include('\'sequelize-cli\'')

    project.writeRevision({
      revision: R1, downRevision: adoption, message: 'create notifications',
      up: '  await queryInterface.createTable(\'notifications\', {id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true}, userId: {type: DataTypes.INTEGER, references: {model: \'users\', key: \'id\'}}})',
      down: '  await queryInterface.dropTable(\'notifications\')',
    })
    project.writeRevision({
      revision: R2, downRevision: R1, message: 'add users timezone',
      up: '  await queryInterface.addColumn(\'users\', \'timezone\', {type: DataTypes.STRING(40)})',
      down: '  await queryInterface.removeColumn(\'users\', \'timezone\')',
    })
  })

  it('--sql writes the revisions after the prehistory, and refuses to write the prehistory itself', async () => {
    expectOneLineError(await dbVerb(fresh, 'upgrade', '--sql'), '--sql does not write the sequelize-cli migrations', 'sequelize-cli:head')
    const script = expectSuccess(await dbVerb(fresh, 'upgrade', '--sql', 'sequelize-cli:head')).join('\n')
    expect(script).to.include(`-- Running upgrade ${R1} -> ${R2}, add users timezone`).and.include(`'${R2}'`)
    expect(await tableNames(sequelize)).to.deep.equal([])
  })

  it('a fresh database: upgrade runs the 30 migrations in file-name order, recorded by file name, then the revisions', async () => {
    expect(expectSuccess(await dbVerb(fresh, 'upgrade'))).to.deep.equal([
      ...CLI_FILES.map((file) => cliLine(file)),
      `Running upgrade sequelize-cli -> ${adoption}, adopt the 30 sequelize-cli migrations`,
      `Running upgrade ${adoption} -> ${R1}, create notifications`,
      `Running upgrade ${R1} -> ${R2}, add users timezone`,
    ])
    expect(await recordedIds(sequelize)).to.deep.equal([...CLI_FILES, adoption, R1, R2].sort())
    expect(await tableNames(sequelize)).to.include.members(['bookmarks', 'notifications', 'post_tags', 'reactions', 'settings'])
    expect(await tableNames(sequelize)).to.not.include('sessions')
    expect(await columnNames(sequelize, 'users')).to.include.members(['displayName', 'bio', 'timezone']).and.not.include('name')
  })

  it('the real sequelize-cli reads that database as fully migrated and runs nothing', async () => {
    const status = expectSuccess(await sequelizeCli(fresh, 'db:migrate:status'))
    for (const file of CLI_FILES) expect(status).to.include(`up ${file}`)
    expect(status.filter((line) => line.startsWith('down '))).to.deep.equal([])
    expect(expectSuccess(await sequelizeCli(fresh, 'db:migrate')).join('\n')).to.include('No migrations were executed')
    expect(await recordedIds(sequelize)).to.have.lengthOf(33)
  })

  it('current and history show the prehistory; stamp will not delete sequelize-cli rows unasked', async () => {
    expect(expectSuccess(await dbVerb(fresh, 'current'))).to.deep.equal([`${R2} (head)`])
    expect(expectSuccess(await dbVerb(fresh, 'history')).at(-1)).to.equal('<base> -> sequelize-cli, the sequelize-cli migrations')
    expectOneLineError(await dbVerb(fresh, 'stamp', 'base'), 'would delete 30 row(s)', '--delete-sequelize-cli-rows')
    expect(await recordedIds(sequelize)).to.have.lengthOf(33)
  })

  it('downgrade into the prehistory stops at it; downgrade base undoes the migrations newest first', async () => {
    expect(expectSuccess(await dbVerb(fresh, 'downgrade', 'sequelize-cli'))).to.have.lengthOf(3)
    expect(expectSuccess(await dbVerb(fresh, 'current', '-v'))).to.deep.equal([`sequelize-cli, 30 of 30 sequelize-cli migrations run, last ${CLI_FILES.at(-1)}`])
    expect(expectSuccess(await dbVerb(fresh, 'downgrade', 'base'))).to.deep.equal([...CLI_FILES].reverse().map((file) => cliLine(file, 'downgrade')))
    expect(await tableNames(sequelize)).to.deep.equal(['SequelizeMeta'])
    expect(await recordedIds(sequelize)).to.deep.equal([])
  })

  it('a database sequelize-cli migrated part of the way: upgrade runs only the rest, and sequelize-cli agrees', async () => {
    const last = '20200601080000-add-posts-slug.js'
    expectSuccess(await sequelizeCli(migrated, 'db:migrate', '--to', last))
    const rest = CLI_FILES.slice(CLI_FILES.indexOf(last) + 1)
    expect(expectSuccess(await dbVerb(migrated, 'upgrade'))).to.deep.equal([...rest.map((file) => cliLine(file)),
      `Running upgrade sequelize-cli -> ${adoption}, adopt the 30 sequelize-cli migrations`,
      `Running upgrade ${adoption} -> ${R1}, create notifications`,
      `Running upgrade ${R1} -> ${R2}, add users timezone`,
    ])
    const status = expectSuccess(await sequelizeCli(migrated, 'db:migrate:status'))
    expect(status.filter((line) => line.startsWith('down '))).to.deep.equal([])
  })

  it('once sequelize-cli has run them all, upgrade runs none of the history again', async () => {
    expect(expectSuccess(await dbVerb(migrated, 'downgrade', 'sequelize-cli'))).to.have.lengthOf(3)
    expect(expectSuccess(await dbVerb(migrated, 'upgrade'))).to.deep.equal([
      `Running upgrade sequelize-cli -> ${adoption}, adopt the 30 sequelize-cli migrations`,
      `Running upgrade ${adoption} -> ${R1}, create notifications`,
      `Running upgrade ${R1} -> ${R2}, add users timezone`,
    ])
  })

  it('an env that does not adopt them: one short error naming a few rows and the count; stamp --purge keeps them', async () => {
    project.write('plain/env.ts', ENV_TS)
    project.write('plain/versions/.gitkeep', '')
    const line = expectOneLineError(await dbVerb(migrated, 'current', '-d', 'plain'), '33 names (', 'and 30 more', 'sequelizeCli')
    expect(line.length).to.be.below(400)
    expectOneLineError(await dbVerb(migrated, 'stamp', '--purge', '--yes', 'base', '-d', 'plain'), '--delete-sequelize-cli-rows')
    expect(await recordedIds(sequelize)).to.deep.equal([])
    const other = migrated.connect()
    try {
      expect(await recordedIds(other)).to.have.lengthOf(33)
    } finally {
      await other.close()
    }
  })
})

describe('db init --sequelize-cli refuses what it cannot adopt', () => {
  let project: Project
  beforeEach(() => {
    project = createProject({scaffold: false})
    cpSync(FIXTURE, project.root, {recursive: true})
  })
  afterEach(() => project.dispose())

  it('sequelize-cli\'s own default folder (migrations/) as ours: names another with -d, writes nothing', async () => {
    project.write('.sequelizerc', 'module.exports = {}\n')
    cpSync(join(project.root, 'db', 'migrations'), join(project.root, 'migrations'), {recursive: true})
    expectOneLineError(await project.run(['db', 'init', '--sequelize-cli']), 'migrations holds sequelize-cli\'s migrations', '-d db/revisions')
    expect(readdirSync(join(project.root, 'migrations'))).to.have.lengthOf(30)
  })

  it('a configuration recording migrations in a JSON file', async () => {
    project.write('config/config.json', JSON.stringify({development: {use_env_variable: 'DATABASE_URL', migrationStorage: 'json'}}))
    expectOneLineError(await project.run(['db', 'init', '--sequelize-cli']), 'migrationStorage \'json\'', 'migrationStorage \'sequelize\'')
    expect(readdirSync(project.root)).to.not.include('migrations')
  })
})
