/**
 * Round trips of the patterns real applications write models in: JSON defaults, junction tables of
 * `belongsToMany`, several models on one table, foreign key actions, key and enum orders.
 */
import 'reflect-metadata'
import {expect} from 'chai'
import {DataTypes, type ModelAttributes} from 'sequelize'
import {BelongsToMany, Column, DataType, ForeignKey, Model, Table} from 'sequelize-typescript'

import {createScratchDatabase, forEachDialect, type ScratchDatabase} from '../support/databases'
import type {AutogenerateSettings} from '../../src/config/define-config'
import {MigrationsFolder, type ModelSet, roundTripSuite, type Scenario} from './support'

const timestamps = {timestamps: false}

/** `users (id, name)` plus what `extra` adds. */
function users(extra: ModelAttributes = {}, options: object = {}): ModelSet {
  return (sequelize) => {
    sequelize.define('User', {name: DataTypes.STRING(100), ...extra}, {tableName: 'users', ...timestamps, ...options})
  }
}

/** `posts (id, title, userId → users)`, the key's options from `key`. */
function posts(key: object = {}): ModelSet {
  return (sequelize) => {
    sequelize.define('Post', {
      title: DataTypes.STRING(200),
      userId: {type: DataTypes.INTEGER, references: {model: 'users', key: 'id'}, ...key},
    }, {tableName: 'posts', ...timestamps})
  }
}

/** `documents (id, title, ownerId → users)` plus what `extra` adds. */
function documents(extra: ModelAttributes = {}, options: object = {}): ModelSet {
  return (sequelize) => {
    sequelize.define('Document', {
      title: {type: DataTypes.STRING(200), allowNull: false},
      ownerId: {type: DataTypes.INTEGER, references: {model: 'users', key: 'id'}},
      ...extra,
    }, {tableName: 'documents', ...timestamps, ...options})
  }
}

const isTemplate: ModelAttributes = {isTemplate: {type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false}}
const isTemplateIndex = {name: 'documents_is_template', fields: ['isTemplate']}

/** Both sets, in order. */
function both(...sets: ModelSet[]): ModelSet {
  return (sequelize, dialect) => sets.forEach((set) => set(sequelize, dialect))
}

/** `posts` and `tags` joined by `post_tags` through `belongsToMany` on both sides. */
function postsAndTags(through: 'table name' | 'model with its own id'): ModelSet {
  return (sequelize) => {
    const Post = sequelize.define('Post', {title: DataTypes.STRING}, {tableName: 'posts'})
    const Tag = sequelize.define('Tag', {name: DataTypes.STRING}, {tableName: 'tags'})
    const junction = through === 'table name'
      ? 'post_tags'
      : sequelize.define('PostTag', {id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true}}, {tableName: 'post_tags'})
    Post.belongsToMany(Tag, {through: junction, foreignKey: 'postId', otherKey: 'tagId'})
    Tag.belongsToMany(Post, {through: junction, foreignKey: 'tagId', otherKey: 'postId'})
  }
}

/** sequelize-typescript's way: a junction class declaring both keys, `@BelongsToMany` on both sides. */
const articlesAndLabels: ModelSet = (sequelize) => {
  @Table({tableName: 'articles'})
  class Article extends Model {
    @Column(DataType.STRING) title!: string
    @BelongsToMany(() => Label, () => ArticleLabel) labels!: Label[]
  }
  @Table({tableName: 'labels'})
  class Label extends Model {
    @Column(DataType.STRING) name!: string
    @BelongsToMany(() => Article, () => ArticleLabel) articles!: Article[]
  }
  @Table({tableName: 'article_labels'})
  class ArticleLabel extends Model {
    @ForeignKey(() => Article) @Column(DataType.INTEGER) articleId!: number
    @ForeignKey(() => Label) @Column(DataType.INTEGER) labelId!: number
  }
  sequelize.addModels([Article, Label, ArticleLabel])
}

const scenarios: Scenario[] = [
  {
    title: 'writes JSON object and array defaults as values, so the database stores objects and arrays',
    build: (dialect) => ({
      before: users(),
      after: users({
        prefs: {type: DataTypes.JSON, defaultValue: {sort: {field: 'title', desc: true}, tags: ['a']}},
        list: {type: DataTypes.JSON, defaultValue: []},
        label: {type: DataTypes.JSON, defaultValue: 'plain'},
        ...(dialect === 'postgres' ? {doc: {type: DataTypes.JSONB, defaultValue: {field: 'title'}}} : {}),
      }),
      verify: async (sequelize) => {
        await sequelize.query("INSERT INTO users (name) VALUES ('ada')")
        const user = (await sequelize.models.User.findOne())!.get({plain: true}) as Record<string, unknown>
        // MariaDB keeps no default on JSON columns (sync() writes none either).
        if (dialect === 'mariadb') return expect(user.prefs).to.equal(null)
        expect(user.prefs).to.deep.equal({sort: {field: 'title', desc: true}, tags: ['a']})
        expect(user.list).to.deep.equal([])
        expect(user.label).to.equal('plain')
        if (dialect === 'postgres') expect(user.doc).to.deep.equal({field: 'title'})
      },
    }),
    expect: ({source}, dialect) => {
      if (dialect === 'mariadb') return
      expect(source).to.include("defaultValue: { sort: { desc: true, field: 'title' }, tags: ['a'] }")
      expect(source).to.include('defaultValue: []')
    },
  },
  {
    title: 'creates a belongsToMany junction named by a string as sync() does',
    build: () => ({after: postsAndTags('table name')}),
  },
  {
    title: 'creates a belongsToMany junction model with its own id and a unique pair of keys',
    build: () => ({after: postsAndTags('model with its own id')}),
  },
  {
    title: 'creates a sequelize-typescript junction class without a unique that repeats its primary key',
    build: () => ({after: articlesAndLabels}),
    expect: ({source}, dialect) => {
      // PostgreSQL and SQLite fold that unique into the key; MariaDB keeps a unique index beside it.
      if (dialect !== 'mariadb') expect(source).not.to.include("type: 'unique'")
    },
  },
  {
    title: 'creates and changes a table two models share (a subset model with its own scope) as their union',
    build: () => ({
      before: both(users(), documents()),
      after: both(users(), documents({summary: DataTypes.STRING(300)}), (sequelize) => {
        sequelize.define('Template', {title: {type: DataTypes.STRING(200), allowNull: false}, ...isTemplate}, {
          tableName: 'documents', ...timestamps, defaultScope: {where: {isTemplate: true}}, indexes: [isTemplateIndex],
        })
      }),
      // sync() creates the table of whichever model it reaches first: the union is one model here.
      expected: both(users(), documents({summary: DataTypes.STRING(300), ...isTemplate}, {indexes: [isTemplateIndex]})),
    }),
    expect: ({changes}) => expect(changes).to.deep.equal([
      'add column documents.summary', 'add column documents.isTemplate', 'add index documents_is_template on documents (isTemplate)',
    ]),
  },
  {
    title: 'changes a column to a type that needs a cast (VARCHAR to INTEGER), converting the rows',
    build: (dialect) => ({
      before: users({code: {type: DataTypes.STRING(20), defaultValue: '0'}, ...(dialect === 'postgres' ? {doc: DataTypes.TEXT} : {})}),
      after: users({code: {type: DataTypes.INTEGER, defaultValue: 0}, ...(dialect === 'postgres' ? {doc: DataTypes.JSONB} : {})}),
      seed: (sequelize) => sequelize.models.User.create({name: 'ada', code: '12', ...(dialect === 'postgres' ? {doc: '{"a": 1}'} : {})}),
      verify: async (sequelize) => {
        const user = (await sequelize.models.User.findOne({raw: true})) as unknown as Record<string, unknown>
        expect(user.code).to.equal(12)
        if (dialect === 'postgres') expect(user.doc).to.deep.equal({a: 1})
      },
    }),
    expect: ({source}, dialect) => {
      const cast = `if (sequelize.getDialect() === 'postgres') await sequelize.query(\`ALTER TABLE "users" ALTER COLUMN "code" DROP DEFAULT, ALTER COLUMN "code" TYPE INTEGER USING "code"::INTEGER\`)`
      // Generated anywhere: the revision runs on PostgreSQL too.
      expect(source).to.include(cast)
    },
  },
  {
    title: 'changes what a foreign key does on delete and update in one step that says so',
    build: () => ({
      before: both(users(), posts({onDelete: 'CASCADE'})),
      after: both(users(), posts({onDelete: 'SET NULL', onUpdate: 'CASCADE'})),
      seed: async (sequelize) => {
        await sequelize.models.User.create({name: 'ada'})
        await sequelize.models.Post.create({title: 'hello', userId: 1})
      },
      verify: async (sequelize) => {
        await sequelize.models.User.destroy({where: {}})
        const [post] = await sequelize.models.Post.findAll({raw: true})
        expect(post).to.include({title: 'hello', userId: null})
      },
    }),
    expect: ({changes, source}) => {
      expect(changes).to.deep.equal(['change foreign key posts (userId) -> users (id): ON DELETE CASCADE -> SET NULL, ON UPDATE NO ACTION -> CASCADE'])
      expect(source).to.include('// ON DELETE CASCADE -> SET NULL, ON UPDATE NO ACTION -> CASCADE')
    },
  },
]

roundTripSuite('autogenerate model patterns', scenarios)

forEachDialect('autogenerate finds no difference in', (dialect) => {
  let db: ScratchDatabase | undefined
  let folder: MigrationsFolder | undefined

  afterEach(async () => {
    folder?.dispose()
    await db?.drop()
  })

  /** Writes and runs a revision for `before`, then returns what `db check` says about `after`. */
  async function differences(before: ModelSet, after: ModelSet, settings?: AutogenerateSettings): Promise<string[]> {
    db = await createScratchDatabase(dialect)
    folder = new MigrationsFolder(db)
    folder.models = before
    await folder.migrate('first')
    await folder.upgrade()
    folder.models = after
    folder.settings = settings
    return folder.check()
  }

  it('the order of a composite primary key\'s columns', async () => {
    const membership = (first: string, second: string): ModelSet => (sequelize) => {
      sequelize.define('Membership', {
        [first]: {type: DataTypes.INTEGER, primaryKey: true},
        [second]: {type: DataTypes.INTEGER, primaryKey: true},
      }, {tableName: 'memberships', ...timestamps})
    }
    expect(await differences(membership('userId', 'groupId'), membership('groupId', 'userId'))).to.deep.equal([])
  })

  it('the tables of models excludeModels leaves out, and a disagreeing model on a shared table', async () => {
    const preview: ModelSet = (sequelize) => {
      sequelize.define('Preview', {url: DataTypes.STRING}, {tableName: 'previews', ...timestamps})
    }
    const template: ModelSet = (sequelize) => {
      sequelize.define('Template', {title: DataTypes.TEXT}, {tableName: 'documents', ...timestamps})
    }
    const changed: ModelSet = (sequelize) => {
      sequelize.define('Preview', {url: DataTypes.TEXT, size: DataTypes.INTEGER}, {tableName: 'previews', ...timestamps})
    }
    const settings = {excludeModels: ['Template', 'Preview']}
    expect(await differences(both(users(), documents(), preview), both(users(), documents(), template, changed), settings)).to.deep.equal([])
  })
})
