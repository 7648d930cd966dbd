/**
 * Round trips of the patterns real applications write models in: JSON defaults, junction tables of
 * `belongsToMany`, several models on one table, foreign key actions, key and enum orders.
 */
import 'reflect-metadata'
import {expect} from 'chai'
import {DataTypes, type ModelAttributes} from 'sequelize'
import {BelongsToMany, Column, DataType, ForeignKey, Model, Table} from 'sequelize-typescript'

import {type ModelSet, roundTripSuite, type Scenario} from './support'

const timestamps = {timestamps: false}

/** `users (id, name)` plus what `extra` adds. */
function users(extra: ModelAttributes = {}, options: object = {}): ModelSet {
  return (sequelize) => {
    sequelize.define('User', {name: DataTypes.STRING(100), ...extra}, {tableName: 'users', ...timestamps, ...options})
  }
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
]

roundTripSuite('autogenerate model patterns', scenarios)
