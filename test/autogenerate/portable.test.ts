/**
 * Generated here, run there: each scenario's two revisions are generated on every database (models
 * A → revision → upgrade, models B → revision → upgrade), then upgraded, checked, downgraded to
 * base and upgraded again on each of the other two. After each upgrade, `db check` with models B
 * must find nothing there either.
 *
 * One database per dialect serves every scenario (emptied before each use), all in this process.
 * The few cases that do not work yet are listed as known limits, each asserting its failure.
 */
import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import {DataTypes, literal, type ModelAttributes} from 'sequelize'

import {ALL_DIALECTS, createScratchDatabase, type ScratchDatabase, type TestDialect, unavailableReason} from '../support/databases'
import {emptyDatabase, MigrationsFolder, type ModelSet, withModels} from './support'

const timestamps = {timestamps: false}

function users(extra: ModelAttributes = {}, options: object = {}): ModelSet {
  return (sequelize) => {
    sequelize.define('User', {name: DataTypes.STRING(100), ...extra}, {tableName: 'users', ...timestamps, ...options})
  }
}

function posts(extra: ModelAttributes = {}): ModelSet {
  return (sequelize) => {
    sequelize.define('Post', {
      title: {type: DataTypes.STRING(200), allowNull: false},
      userId: {type: DataTypes.INTEGER, references: {model: 'users', key: 'id'}, onDelete: 'CASCADE'},
      ...extra,
    }, {tableName: 'posts', ...timestamps})
  }
}

function tickets(state: string[], defaultValue = 'open'): ModelSet {
  return (sequelize) => {
    sequelize.define('Ticket', {
      title: DataTypes.STRING(100),
      state: {type: DataTypes.ENUM(...state), allowNull: false, defaultValue},
    }, {tableName: 'tickets', ...timestamps})
  }
}

function both(...sets: ModelSet[]): ModelSet {
  return (sequelize, dialect) => sets.forEach((set) => set(sequelize, dialect))
}

const postTags: ModelSet = (sequelize) => {
  const Post = sequelize.define('Post', {title: DataTypes.STRING(200)}, {tableName: 'posts', ...timestamps})
  const Tag = sequelize.define('Tag', {label: DataTypes.STRING(50)}, {tableName: 'tags', ...timestamps})
  Post.belongsToMany(Tag, {through: 'post_tags', foreignKey: 'postId', otherKey: 'tagId', timestamps: false})
  Tag.belongsToMany(Post, {through: 'post_tags', foreignKey: 'tagId', otherKey: 'postId', timestamps: false})
}

const memberships: ModelSet = (sequelize) => {
  sequelize.define('Membership', {
    userId: {type: DataTypes.INTEGER, primaryKey: true},
    groupId: {type: DataTypes.INTEGER, primaryKey: true},
    role: DataTypes.STRING(20),
  }, {tableName: 'memberships', ...timestamps})
}

/** Models of the first and second revision (`before` absent: the first revision is the second). */
interface MatrixScenario {
  before?: ModelSet
  after: ModelSet
  renames?: string[]
  /**
   * `sync()` builds `before` on each database instead of a first revision (a database adopted as
   * it is): the constraints have the names each database chose.
   */
  syncBefore?: boolean
  /**
   * Cases known not to work yet, by `<generated on>><runs on>`: why (as the README says), and the
   * failure they give. The case asserts that failure, so it fails once the limit is lifted.
   */
  limits?: Record<string, {why: string; symptom: RegExp}>
}

const SQLITE_ENUMS = {
  why: 'SQLite stores an enum as TEXT: a changed list of values is no difference there, so no revision is written',
  symptom: /the second revision is written: expected undefined to be a string/,
}


const scenarios: Record<string, MatrixScenario> = {
  'an enum column with its table': {before: users(), after: both(users(), tickets(['open', 'closed']))},
  'a new enum value': {
    before: tickets(['open', 'closed']),
    after: tickets(['open', 'pending', 'closed']),
    limits: {'sqlite>postgres': SQLITE_ENUMS, 'sqlite>mariadb': SQLITE_ENUMS},
  },
  'a new enum value the same revision makes the default (outside a transaction on PostgreSQL)': {
    before: tickets(['open', 'closed']),
    after: tickets(['new', 'open', 'closed'], 'new'),
  },
  'a new foreign key': {before: both(users(), posts({userId: DataTypes.INTEGER})), after: both(users(), posts())},
  "a foreign key's actions": {
    before: both(users(), posts()),
    after: both(users(), posts({userId: {type: DataTypes.INTEGER, references: {model: 'users', key: 'id'}, onDelete: 'SET NULL', onUpdate: 'CASCADE'}})),
  },
  'a dropped foreign key': {before: both(users(), posts()), after: both(users(), posts({userId: DataTypes.INTEGER}))},
  "a foreign key's actions, on tables sync() created": {
    before: both(users(), posts()),
    after: both(users(), posts({userId: {type: DataTypes.INTEGER, references: {model: 'users', key: 'id'}, onDelete: 'SET NULL'}})),
    syncBefore: true,
  },
  'a dropped foreign key, on tables sync() created': {
    before: both(users(), posts()),
    after: both(users(), posts({userId: DataTypes.INTEGER})),
    syncBefore: true,
  },
  'a new unique constraint': {before: users({email: DataTypes.STRING}), after: users({email: {type: DataTypes.STRING, unique: true}})},
  'a dropped unique constraint': {before: users({email: {type: DataTypes.STRING, unique: true}}), after: users({email: DataTypes.STRING})},
  'indexes': {
    before: users({email: DataTypes.STRING}, {indexes: [{name: 'users_email', fields: ['email']}]}),
    after: users({email: DataTypes.STRING}, {indexes: [{name: 'users_email', unique: true, fields: ['email']}, {fields: ['name']}]}),
  },
  'column type changes': {
    before: users({code: DataTypes.STRING(10), score: DataTypes.INTEGER}),
    after: users({code: DataTypes.INTEGER, score: DataTypes.BIGINT, name: DataTypes.STRING(200)}),
  },
  'a renamed column': {before: users({fullname: DataTypes.STRING}), after: users({displayName: DataTypes.STRING}), renames: ['users.fullname=displayName']},
  'a belongsToMany junction table': {before: users(), after: both(users(), postTags)},
  'a composite primary key': {before: users(), after: both(users(), memberships)},
  'server defaults': {
    before: users({active: DataTypes.BOOLEAN, score: DataTypes.INTEGER, seen: DataTypes.DATE}),
    after: users({
      active: {type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true},
      score: {type: DataTypes.INTEGER, defaultValue: 10},
      seen: {type: DataTypes.DATE, defaultValue: literal('CURRENT_TIMESTAMP')},
    }),
  },
}

describe('generated here, run there', function () {
  const databases = new Map<TestDialect, ScratchDatabase>()

  before(async function () {
    for (const dialect of ALL_DIALECTS) {
      const reason = await unavailableReason(dialect)
      if (reason && process.env.SM_TEST_REQUIRE_ALL === '1') throw new Error(`${reason} (SM_TEST_REQUIRE_ALL=1)`)
      if (!reason) databases.set(dialect, await createScratchDatabase(dialect))
    }
  })

  after(async () => {
    for (const db of databases.values()) await db.drop()
  })

  for (const [title, scenario] of Object.entries(scenarios)) {
    describe(title, function () {
      /** The revision files generated on each database, by file name, or why they could not be. */
      const generated = new Map<TestDialect, Record<string, string> | Error>()

      before(async () => {
        for (const [dialect, db] of databases) generated.set(dialect, await generate(db, scenario).catch((error: Error) => error))
      })

      for (const from of ALL_DIALECTS) {
        for (const to of ALL_DIALECTS) {
          if (from === to) continue
          const limit = scenario.limits?.[`${from}>${to}`]
          it(`generated on ${from}, runs on ${to}${limit ? ` (known limit: ${limit.why})` : ''}`, async function () {
            const versions = generated.get(from)
            const db = databases.get(to)
            if (versions === undefined || db === undefined) this.skip()
            const attempt = async () => {
              if (versions instanceof Error) throw versions
              await run(db!, scenario, versions!)
            }
            if (!limit) return attempt()
            const error = await attempt().then(() => undefined, (caught: Error) => caught)
            expect(error, 'this known limit is lifted: remove it from the scenario and the README').to.be.instanceOf(Error)
            expect(error!.message).to.match(limit.symptom)
          })
        }
      }
    })
  }
})

/** The revisions of `scenario` generated on `db`: its source by file name. */
async function generate(db: ScratchDatabase, scenario: MatrixScenario): Promise<Record<string, string>> {
  await emptyDatabase(db)
  const folder = new MigrationsFolder(db)
  try {
    if (scenario.syncBefore) {
      await withModels(db, scenario.before, (sequelize) => sequelize.sync())
    } else if (scenario.before) {
      folder.models = scenario.before
      await folder.migrate('first')
      await folder.upgrade()
    }
    folder.models = scenario.after
    expect((await folder.migrate('second', scenario.renames)).path, 'the second revision is written').to.be.a('string')
    await folder.upgrade()
    const versions = join(folder.directory, 'versions')
    return Object.fromEntries(readdirSync(versions).map((name) => [name, readFileSync(join(versions, name), 'utf8')]))
  } finally {
    folder.dispose()
  }
}

/** Upgrades `versions` on `db`, checks the models of the scenario match, downgrades to base and upgrades again. */
async function run(db: ScratchDatabase, scenario: MatrixScenario, versions: Record<string, string>): Promise<void> {
  await emptyDatabase(db)
  if (scenario.syncBefore) await withModels(db, scenario.before, (sequelize) => sequelize.sync())
  const folder = new MigrationsFolder(db)
  folder.models = scenario.after
  const context = Object.entries(versions).map(([name, source]) => `\n--- ${name} ---\n${source}`).join('')
  try {
    for (const [name, source] of Object.entries(versions)) writeFileSync(join(folder.directory, 'versions', name), source)
    await folder.upgrade(context)
    const differences = await folder.check()
    if (differences.length > 0) expect.fail(`db check right after the upgrade finds: ${differences.join('; ')}${context}`)
    await folder.downgradeTo('base', context)
    await folder.upgrade(`${context}\n(upgrading again)`)
    const again = await folder.check()
    if (again.length > 0) expect.fail(`db check after upgrading again finds: ${again.join('; ')}${context}`)
  } finally {
    folder.dispose()
  }
}
