/**
 * assertSingleHead on one head and on two; assertModelsMatchMigrations with models written to
 * match the fixture history (23 revisions) and with models that drifted from it.
 */
import {AssertionError} from 'node:assert'
import {join} from 'node:path'
import {expect} from 'chai'
import {DataTypes, type ModelAttributeColumnOptions, Sequelize} from 'sequelize'

import {assertModelsMatchMigrations, assertSingleHead} from '../../src/testing'
import {REPO_ROOT} from '../support/cli'
import {createScratchDatabase, forEachDialect, type ScratchDatabase} from '../support/databases'
import {createProject, createTable, type Project} from '../support/project'

const HISTORY = join(REPO_ROOT, 'test', 'fixtures', 'history')

/** Runs `assertion` and returns the AssertionError it must throw. */
async function assertionFailure(assertion: () => Promise<void>): Promise<AssertionError> {
  try {
    await assertion()
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(AssertionError)
    return error as AssertionError
  }
  expect.fail('the assertion should have failed')
}

const id: ModelAttributeColumnOptions = {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false}
const cascade = (model: string): ModelAttributeColumnOptions => ({
  type: DataTypes.INTEGER, allowNull: false, references: {model, key: 'id'}, onDelete: 'CASCADE', onUpdate: 'CASCADE',
})

/**
 * The application's models as they stand after the fixture history's head, `sequelize.define`d
 * on `sequelize`. `drift` adds a column the revisions never created.
 */
function defineBlogModels(sequelize: Sequelize, options: {drift?: boolean} = {}): void {
  const table = (tableName: string, extra: object = {}) => ({tableName, timestamps: false, ...extra})
  sequelize.define('Author', {
    id,
    created_at: {type: DataTypes.DATE, allowNull: false},
    email: {type: DataTypes.STRING(200), allowNull: true},
    active: {type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true},
    first_name: {type: DataTypes.STRING(120), allowNull: true},
    last_name: {type: DataTypes.STRING(120), allowNull: true},
    ...(options.drift ? {twitter: {type: DataTypes.STRING(50), allowNull: true}} : {}),
  }, table('authors', {indexes: [{name: 'authors_email_unique', unique: true, fields: ['email']}]}))
  sequelize.define('Post', {
    id,
    author_id: cascade('authors'),
    title: {type: DataTypes.STRING(300), allowNull: false},
    body: {type: DataTypes.TEXT, allowNull: true},
    created_at: {type: DataTypes.DATE, allowNull: false},
    status: {type: DataTypes.ENUM('draft', 'published', 'archived'), allowNull: false, defaultValue: 'draft'},
    slug: {type: DataTypes.STRING(220), allowNull: true},
  }, table('posts', {indexes: [{name: 'posts_status_created_at', fields: ['status', 'created_at']}]}))
  sequelize.define('Tag', {
    id,
    name: {type: DataTypes.STRING(50), allowNull: false},
  }, table('tags', {indexes: [{name: 'tags_name_unique', unique: true, fields: ['name']}]}))
  sequelize.define('PostTag', {
    post_id: {...cascade('posts'), primaryKey: true},
    tag_id: {...cascade('tags'), primaryKey: true},
  }, table('post_tags'))
  sequelize.define('Comment', {
    id,
    post_id: cascade('posts'),
    author_name: {type: DataTypes.STRING(100), allowNull: false},
    body: {type: DataTypes.TEXT, allowNull: false},
    created_at: {type: DataTypes.DATE, allowNull: false},
  }, table('comments', {indexes: [{name: 'comments_created_at', fields: ['created_at']}]}))
  sequelize.define('PostRevision', {
    id,
    post_id: cascade('posts'),
    title: {type: DataTypes.STRING(300), allowNull: false},
    body: {type: DataTypes.TEXT, allowNull: true},
    created_at: {type: DataTypes.DATE, allowNull: false},
  }, table('post_revisions'))
  sequelize.define('Setting', {
    name: {type: DataTypes.STRING(50), primaryKey: true, allowNull: false},
    value: {type: DataTypes.TEXT, allowNull: false},
    updated_at: {type: DataTypes.DATE, allowNull: true},
  }, table('settings'))
}

describe('assertSingleHead', () => {
  let project: Project

  before(() => {
    project = createProject()
    project.writeRevision({revision: 'aaaa00000001', message: 'create users', up: createTable('users')})
    project.writeRevision({revision: 'bbbb00000002', downRevision: 'aaaa00000001', message: 'create teams', up: createTable('teams')})
    project.writeRevision({revision: 'cccc00000003', downRevision: 'aaaa00000001', message: 'create roles', up: createTable('roles')})
  })

  after(() => project?.dispose())

  it('passes on a history whose branch was merged', async () => {
    await assertSingleHead(HISTORY)
  })

  it('fails naming both heads when a branch is not merged', async () => {
    const error = await assertionFailure(() => assertSingleHead(project.directory))
    expect(error.message).to.match(/^2 head revisions: /)
    expect(error.message).to.include('bbbb00000002').and.include('cccc00000003').and.include('db merge heads')
  })
})

forEachDialect('assertModelsMatchMigrations', (dialect) => {
  let db: ScratchDatabase
  const opened: Sequelize[] = []
  const connect = () => {
    const sequelize = db.connect()
    opened.push(sequelize)
    return sequelize
  }

  before(async () => {
    db = await createScratchDatabase(dialect)
  })

  after(async () => {
    for (const sequelize of opened.splice(0)) await sequelize.close()
    await db?.drop()
  })

  it('passes when the models match what the revisions build', async () => {
    const sequelize = connect()
    defineBlogModels(sequelize)
    await assertModelsMatchMigrations({directory: HISTORY, sequelize})
  })

  it("compares in the test database's dialect when the models sit on an instance of another one", async () => {
    // As when env.ts falls back to SQLite while the suite runs on a PostgreSQL or MariaDB scratch database.
    const elsewhere = dialect === 'sqlite'
      ? new Sequelize({dialect: 'postgres', host: '127.0.0.1', database: 'unused', username: 'nobody', logging: false})
      : new Sequelize({dialect: 'sqlite', storage: ':memory:', logging: false})
    opened.push(elsewhere)
    defineBlogModels(elsewhere)
    await assertModelsMatchMigrations({directory: HISTORY, sequelize: connect(), models: elsewhere})
  })

  it('fails listing the differences when a model has a column no revision adds', async () => {
    // The database is at head already: upgrading again runs nothing, the comparison is what fails.
    const models = connect()
    defineBlogModels(models, {drift: true})
    const error = await assertionFailure(() => assertModelsMatchMigrations({directory: HISTORY, sequelize: connect(), models}))
    expect(error.message).to.match(/^Models and migrations differ \(1\): add column authors\.twitter; /)
    expect(error.message).to.include('db migrate')
  })
})
