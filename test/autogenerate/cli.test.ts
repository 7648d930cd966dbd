/**
 * `db migrate` and `db check` through the real bin, on a project whose env registers the models
 * of `migrations/models.ts` (rewritten between runs, as a developer edits models).
 */
import {expect} from 'chai'
import {QueryTypes} from 'sequelize'

import {expectOneLineError, expectSuccess, lines} from '../support/cli'
import {createScratchDatabase, type ScratchDatabase} from '../support/databases'
import {createProject, type Project} from '../support/project'

/** env.ts registering `./models`, with `settings` spliced into `autogenerate`. */
function envSource(settings = ''): string {
  return `import {Sequelize} from 'sequelize'
import {defineConfig} from 'sequelize-migrate'
import {defineModels} from './models'

export default defineConfig({
  sequelize: () => {
    const sequelize = new Sequelize(process.env.DATABASE_URL as string, {logging: false})
    defineModels(sequelize)
    return sequelize
  },
  autogenerate: {formatter: false, ${settings}},
})
`
}

/** models.ts whose `defineModels` runs `body` (with `sequelize` and `DataTypes` in scope). */
function modelsSource(body: string): string {
  return `import {DataTypes, type Sequelize} from 'sequelize'

export function defineModels(sequelize: Sequelize): void {
${body}
}
`
}

const USERS = "  sequelize.define('User', {name: DataTypes.STRING(100)}, {tableName: 'users', timestamps: false})"
const USERS_WITH_EMAIL = "  sequelize.define('User', {name: DataTypes.STRING(100), email: DataTypes.STRING}, {tableName: 'users', timestamps: false})"

describe('db migrate / db check through the bin [sqlite]', function () {
  let db: ScratchDatabase
  let project: Project

  /** A fresh database and project with `models` (and env `settings`). */
  async function setUp(models: string, settings?: string): Promise<void> {
    db = await createScratchDatabase('sqlite')
    project = createProject({databaseUrl: db.url, envSource: envSource(settings)})
    setModels(models)
  }

  function setModels(body: string): void {
    project.write('migrations/models.ts', modelsSource(body))
  }

  async function tables(): Promise<string[]> {
    const sequelize = db.connect()
    try {
      const rows = await sequelize.query<{name: string}>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", {type: QueryTypes.SELECT})
      return rows.map((row) => row.name)
    } finally {
      await sequelize.close()
    }
  }

  afterEach(async () => {
    project?.dispose()
    await db?.drop()
  })

  it('writes a revision and prints what it detected; then finds nothing to do', async () => {
    await setUp(`${USERS}\n  sequelize.define('Post', {userId: {type: DataTypes.INTEGER, references: {model: 'users', key: 'id'}}}, {tableName: 'posts', timestamps: false})`)
    const out = expectSuccess(await project.run(['db', 'migrate', '-m', 'create users']))
    expect(out.slice(0, 2)).to.deep.equal(['Detected add table users', 'Detected add table posts'])
    expect(out[2]).to.match(/^Generating .*_create_users\.ts \.\.\. done$/)
    const files = Object.values(project.versionFiles())
    expect(files).to.have.lengthOf(1)
    expect(files[0]).to.include("await queryInterface.createTable('users', {")

    expectSuccess(await project.run(['db', 'upgrade']))
    expect(await tables()).to.include.members(['users', 'posts'])
    expect(expectSuccess(await project.run(['db', 'migrate', '-m', 'again']))).to.deep.equal(['No changes in schema detected'])
    expect(Object.keys(project.versionFiles())).to.have.lengthOf(1)
    expect(expectSuccess(await project.run(['db', 'check']))).to.deep.equal(['No changes in schema detected'])
  })

  it('db check exits 1 listing each difference on its own line', async () => {
    await setUp(USERS)
    expectSuccess(await project.run(['db', 'migrate', '-m', 'users']))
    expectSuccess(await project.run(['db', 'upgrade']))
    setModels(`${USERS_WITH_EMAIL}\n  sequelize.define('Tag', {label: DataTypes.STRING}, {tableName: 'tags', timestamps: false})`)
    const result = await project.run(['db', 'check'])
    expect(result.code).to.equal(1)
    expect(lines(result.stdout)).to.deep.equal(['Detected add column users.email', 'Detected add table tags'])
    expect(lines(result.stderr)[0]).to.match(/^Database: sqlite:/)
    expect(lines(result.stderr).slice(1)).to.have.lengthOf(1)
    expect(result.stderr).to.include('2 difference(s)')
  })

  it('refuses when the database is not at head, naming the pending revisions', async () => {
    await setUp(USERS)
    expectSuccess(await project.run(['db', 'migrate', '-m', 'users']))
    const [pending] = Object.keys(project.versionFiles())
    setModels(USERS_WITH_EMAIL)
    const result = await project.run(['db', 'migrate', '-m', 'email'])
    expectOneLineError(result, 'Target database is not up to date', pending.slice(0, 12))
    expect(Object.keys(project.versionFiles())).to.deep.equal([pending])
  })

  it('--rename table.old=new and --rename old=new emit renames that keep the data', async () => {
    await setUp("  sequelize.define('User', {fullname: DataTypes.STRING}, {tableName: 'users', timestamps: false})")
    expectSuccess(await project.run(['db', 'migrate', '-m', 'users']))
    expectSuccess(await project.run(['db', 'upgrade']))
    const sequelize = db.connect()
    await sequelize.query("INSERT INTO users (fullname) VALUES ('Ada')")
    await sequelize.close()

    setModels("  sequelize.define('User', {name: DataTypes.STRING}, {tableName: 'people', timestamps: false})")
    const proposal = expectSuccess(await project.run(['db', 'migrate', '-m', 'rename', '--rename', 'users=people', '--rename', 'people.fullname=name']))
    expect(proposal.slice(0, 2)).to.deep.equal(['Detected rename table users to people', 'Detected rename column people.fullname to name'])
    const source = Object.entries(project.versionFiles()).find(([name]) => name.endsWith('_rename.ts'))![1]
    expect(source).to.include("await queryInterface.renameTable('users', 'people')")
    expect(source).to.include("await queryInterface.renameColumn('people', 'fullname', 'name')")
    expectSuccess(await project.run(['db', 'upgrade']))

    const after = db.connect()
    try {
      expect(await after.query('SELECT name FROM people', {type: QueryTypes.SELECT})).to.deep.equal([{name: 'Ada'}])
    } finally {
      await after.close()
    }
    expect(expectSuccess(await project.run(['db', 'check']))).to.deep.equal(['No changes in schema detected'])
  })

  it('a rename that does not apply is one clear line, and nothing is written', async () => {
    await setUp(USERS)
    const result = await project.run(['db', 'migrate', '-m', 'x', '--rename', 'users.nope=name'])
    expectOneLineError(result, '--rename users.nope=name')
    expect(project.versionFiles()).to.deep.equal({})
  })

  describe('bad models: one line naming the problem, nothing written', () => {
    it('models that fail to load name the file and the cause', async () => {
      await setUp(USERS)
      project.write('migrations/models.ts', "throw new Error('models exploded')\nexport function defineModels(): void {}\n")
      expectOneLineError(await project.run(['db', 'migrate', '-m', 'x']), 'models exploded', 'models.ts')
      expect(project.versionFiles()).to.deep.equal({})
    })

    it('a column type that cannot be inferred names the model and attribute', async () => {
      await setUp("  sequelize.define('Invoice', {amount: {type: DataTypes.ABSTRACT}}, {tableName: 'invoices'})")
      expectOneLineError(await project.run(['db', 'migrate', '-m', 'x']), 'Model Invoice, attribute amount', 'give @Column an explicit type')
      expect(project.versionFiles()).to.deep.equal({})
    })

    it('two models on one table that disagree: the table, both models, the attribute and how to leave one out', async () => {
      const person = "  sequelize.define('Person', {name: DataTypes.TEXT}, {tableName: 'users', timestamps: false})"
      await setUp(`${USERS}\n${person}`)
      expectOneLineError(await project.run(['db', 'migrate', '-m', 'x']),
        'Models User and Person both map to table users but disagree on attribute name', "excludeModels: ['Person']")
      expect(project.versionFiles()).to.deep.equal({})
      project.write('migrations/env.ts', envSource("excludeModels: ['Person']"))
      expect(expectSuccess(await project.run(['db', 'migrate', '-m', 'x']))[0]).to.equal('Detected add table users')
    })

    it('a data type the database has no column type for names the model and attribute', async () => {
      await setUp("  sequelize.define('Invoice', {amount: DataTypes.NUMBER}, {tableName: 'invoices'})")
      expectOneLineError(await project.run(['db', 'migrate', '-m', 'x']), 'Model Invoice, attribute amount: DataTypes.NUMBER is not a column type')
      expect(project.versionFiles()).to.deep.equal({})
    })

    it('no models at all, against a database with tables: refused rather than dropping every table', async () => {
      await setUp('')
      const sequelize = db.connect()
      await sequelize.query('CREATE TABLE users (id INTEGER PRIMARY KEY)')
      await sequelize.close()
      for (const verb of [['migrate', '-m', 'x'], ['check']]) {
        expectOneLineError(await project.run(['db', ...verb]), "no models registered on env's Sequelize instance")
      }
      expect(project.versionFiles()).to.deep.equal({})
      expect(await tables()).to.include('users')
    })

    it('a foreign key to a table no model defines', async () => {
      await setUp("  sequelize.define('Payment', {accountId: {type: DataTypes.INTEGER, references: {model: 'accounts', key: 'id'}}}, {tableName: 'payments'})")
      expectOneLineError(await project.run(['db', 'migrate', '-m', 'x']), 'Model Payment, attribute accountId', 'accounts')
      expect(project.versionFiles()).to.deep.equal({})
    })
  })

  it('applies the formatter function of env to the written file', async () => {
    await setUp(USERS, "formatter: (source: string, file: string) => `// formatted ${require('node:path').basename(file)}\\n${source}`")
    expectSuccess(await project.run(['db', 'migrate', '-m', 'users']))
    const [[name, source]] = Object.entries(project.versionFiles())
    expect(source.split('\n')[0]).to.equal(`// formatted ${name}`)
  })

  it('include and exclude decide which tables are compared', async () => {
    await setUp(`${USERS}\n  sequelize.define('Tag', {label: DataTypes.STRING}, {tableName: 'tags', timestamps: false})`, "exclude: ['legacy_*', 'tags']")
    const sequelize = db.connect()
    await sequelize.query('CREATE TABLE legacy_orders (id INTEGER PRIMARY KEY)')
    await sequelize.close()
    expect(expectSuccess(await project.run(['db', 'migrate', '-m', 'users'])).slice(0, 1)).to.deep.equal(['Detected add table users'])
    expectSuccess(await project.run(['db', 'upgrade']))
    expect(expectSuccess(await project.run(['db', 'check']))).to.deep.equal(['No changes in schema detected'])
    expect(await tables()).to.include('legacy_orders').and.not.include('tags')

    project.write('migrations/env.ts', envSource("include: ['tags']"))
    const result = await project.run(['db', 'check'])
    expect(result.code).to.equal(1)
    expect(lines(result.stdout)).to.deep.equal(['Detected add table tags'])
  })
})
