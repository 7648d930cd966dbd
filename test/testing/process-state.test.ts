/**
 * The test helpers run in the user's test process: what a run sets process-wide (the `-x`
 * arguments env reads, the passwords remembered for masking, the transaction context on the
 * Sequelize class) must not outlive it, and a second call must not see the first one's. Each
 * helper is called twice in one process, on two databases, with different `-x` values.
 */
import {join} from 'node:path'
import {expect} from 'chai'
import {Sequelize} from 'sequelize'

import {xArguments} from '../../src/config/define-config'
import {maskSecrets} from '../../src/config/mask'
import {assertModelsMatchMigrations, describeMigrations, walkVersions} from '../../src/testing'
import {REPO_ROOT} from '../support/cli'
import {createScratchDatabase, forEachDialect, type ScratchDatabase} from '../support/databases'
import {createProject, createTable, dropTable} from '../support/project'
import {tableNames} from '../support/schema'

type WithCls = {_cls?: unknown}
const SequelizeClass = Sequelize as unknown as WithCls

/**
 * An env reading `-x table=` while it loads (through this checkout's own xArguments, the module
 * the helpers set), building its instance from `-x url=`, with the model of the one revision.
 */
const ENV = `import {DataTypes, Sequelize} from 'sequelize'
import {defineConfig, xArguments} from ${JSON.stringify(join(REPO_ROOT, 'src', 'config', 'define-config'))}

const {table} = xArguments()

export default defineConfig({
  sequelize: ({x}) => {
    const sequelize = new Sequelize(x.url ?? 'sqlite::memory:', {logging: false})
    sequelize.define('User', {id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true}}, {tableName: 'users', timestamps: false})
    return sequelize
  },
  versionTable: table ?? 'SequelizeMeta',
})
`

const quoted = (secret: string) => `access denied for '${secret}'`

forEachDialect('test helpers leave the process as they found it', (dialect) => {
  const databases: ScratchDatabase[] = []
  const opened: Sequelize[] = []
  let clsBefore: unknown

  const connect = async (): Promise<Sequelize> => {
    const db = await createScratchDatabase(dialect)
    databases.push(db)
    const sequelize = db.connect()
    opened.push(sequelize)
    return sequelize
  }

  // Written while the suite is declared: describeMigrations reads the folder then.
  const project = createProject({envSource: ENV})
  project.writeRevision({revision: 'aaaa00000001', message: 'create users', up: createTable('users'), down: dropTable('users')})

  before(() => {
    // Whatever tests before this file left on the class, these start without a namespace.
    clsBefore = SequelizeClass._cls
    delete SequelizeClass._cls
  })

  after(async () => {
    for (const sequelize of opened.splice(0)) await sequelize.close()
    for (const db of databases.splice(0)) await db.drop()
    project.dispose()
    if (clsBefore !== undefined) SequelizeClass._cls = clsBefore
  })

  const expectNothingLeft = () => {
    expect(xArguments()).to.deep.equal({})
    expect(SequelizeClass._cls, 'the CLS namespace on the Sequelize class').to.equal(undefined)
  }

  it('walkVersions: each call reads its own -x values, and none are left after it', async () => {
    for (const table of ['first_meta', 'second_meta']) {
      const sequelize = await connect()
      await walkVersions({directory: project.directory, sequelize, x: {table}})
      // The walk ends at base: only the record table it used is left.
      expect(await tableNames(sequelize)).to.deep.equal([table])
      expectNothingLeft()
    }
  })

  it("assertModelsMatchMigrations: env's password is forgotten after the call, its -x values too", async () => {
    for (const [table, password] of [['third_meta', 'pw-first-call'], ['fourth_meta', 'pw-second-call']]) {
      const sequelize = await connect()
      // env's own instance (built for its models, never connected) carries the password.
      await assertModelsMatchMigrations({directory: project.directory, sequelize, x: {table, url: `sqlite://app:${password}@localhost/:memory:`}})
      expect(await tableNames(sequelize)).to.deep.equal([table, 'users'].sort())
      expect(maskSecrets(quoted(password))).to.equal(quoted(password))
      expectNothingLeft()
    }
  })

  describe('describeMigrations', () => {
    let sequelize: Sequelize
    before(async () => {
      sequelize = await connect()
    })
    describeMigrations({title: 'its suite, with -x table=described_meta', directory: project.directory, sequelize: () => sequelize, x: {table: 'described_meta'}})
    // A sibling suite declared after runs after it.
    describe('after its suite', () => {
      it('used its -x values during the suite and left none', async () => {
        expect(await tableNames(sequelize)).to.deep.equal(['described_meta'])
        expectNothingLeft()
      })
    })
  })
})
