/**
 * The `autogenerate.namingConvention` setting: the pure naming functions, the model side on each
 * dialect, rendering, and round trips in which the database ends up with the convention's names.
 */
import 'reflect-metadata'
import {expect} from 'chai'
import {DataTypes, QueryTypes} from 'sequelize'
import {Sequelize} from 'sequelize-typescript'

import {introspectDatabase} from '../../src/autogenerate/autogenerate'
import {dialectOf} from '../../src/dialects'
import {postgres} from '../../src/dialects/postgres'
import {sqlite} from '../../src/dialects/sqlite'
import {describeModels} from '../../src/autogenerate/from-models'
import {
  applyNamingConvention, conventionName, type NamingConvention, sequelizeIndexName, shortenIdentifier, validateNamingConvention,
} from '../../src/schema/naming'
import {renderOps} from '../../src/autogenerate/render'
import type {SchemaDescription, TableSchema} from '../../src/schema/schema'
import {ConfigError} from '../../src/errors'
import {forEachDialect, type TestDialect} from '../support/databases'
import {fk, id, index, table, varchar} from './builders'
import {type ModelSet, RoundTripBench, withModels} from './support'

const CONVENTION: NamingConvention = {
  index: 'ix_{table}_{columns}',
  unique: 'uq_{table}_{columns}',
  foreignKey: 'fk_{table}_{column0}_{referencedTable}',
  primaryKey: 'pk_{table}',
}
const NO_LIMIT = {primaryKeyNames: true, identifierLimit: null}

function thrown(fn: () => unknown): ConfigError {
  try {
    fn()
  } catch (error) {
    return error as ConfigError
  }
  throw new Error('expected an error')
}

describe('naming convention', () => {
  describe('conventionName', () => {
    it('fills every token', () => {
      const tokens = {table: 'posts', columns: ['userId', 'slug'], referencedTable: 'users'}
      expect(conventionName('{table}|{columns}|{column0}|{referencedTable}', tokens)).to.equal('posts|userId_slug|userId|users')
    })
  })

  describe('validateNamingConvention', () => {
    it('accepts the documented example', () => {
      expect(() => validateNamingConvention({...CONVENTION, uniqueIndex: 'ux_{table}_{columns}'})).not.to.throw()
    })

    it('refuses unknown tokens, {referencedTable} outside foreign keys and empty templates, naming the setting', () => {
      const unknown = thrown(() => validateNamingConvention({index: 'ix_{tabel}'}))
      expect(unknown).to.be.instanceOf(ConfigError)
      expect(unknown.code).to.equal('INVALID_NAMING_CONVENTION')
      expect(unknown.message).to.include('autogenerate.namingConvention.index').and.include('{tabel}')
      expect(thrown(() => validateNamingConvention({unique: 'uq_{referencedTable}'})).message).to.include('only for foreign keys')
      expect(thrown(() => validateNamingConvention({primaryKey: ' '})).message).to.include('non-empty')
    })
  })

  describe('sequelizeIndexName', () => {
    it('is the name Sequelize gives a model index without one', () => {
      const sequelize = new Sequelize({dialect: 'sqlite', logging: false})
      const User = sequelize.define('User', {lastName: DataTypes.STRING}, {tableName: 'users', indexes: [{fields: ['lastName']}]})
      const [generated] = (User as unknown as {_indexes: Array<{name: string}>})._indexes
      expect(sequelizeIndexName('users', ['lastName'])).to.equal(generated.name).and.equal('users_last_name')
    })
  })

  describe('shortenIdentifier', () => {
    it('keeps names within the limit and cuts longer ones to it, ending with a stable hash', () => {
      const limit = {length: 64, unit: 'characters' as const}
      expect(shortenIdentifier('ix_users_email', limit)).to.equal('ix_users_email')
      const a = shortenIdentifier(`ix_${'x'.repeat(70)}_a`, limit)
      const b = shortenIdentifier(`ix_${'x'.repeat(70)}_b`, limit)
      expect(a).to.have.length(64).and.match(/^ix_x+_[0-9a-f]{4}$/)
      expect(a).not.to.equal(b)
      expect(shortenIdentifier(`ix_${'x'.repeat(70)}_a`, limit)).to.equal(a)
      expect(shortenIdentifier('x'.repeat(100), null)).to.have.length(100)
    })

    it('counts bytes where the database does, never cutting a character in two', () => {
      const shortened = shortenIdentifier(`ix_${'é'.repeat(40)}`, {length: 63, unit: 'bytes'})
      expect(Buffer.byteLength(shortened)).to.be.at.most(63)
      expect(shortened).to.match(/^ix_é+_[0-9a-f]{4}$/)
    })
  })

  describe('applyNamingConvention', () => {
    const posts = (extra: Partial<TableSchema> = {}) => table('posts', [id(), varchar('slug'), varchar('userId')], {
      uniqueConstraints: [{columns: ['slug']}, {name: 'posts_slug_kept', columns: ['slug', 'userId']}],
      indexes: [index('posts_user_id', ['userId']), index('', ['slug'], {unique: true}), index('by_slug', ['slug'])],
      foreignKeys: [fk('userId', 'users'), fk('userId', 'users', {name: 'posts_author'})],
      ...extra,
    })

    it('names what the model leaves unnamed and keeps what it names', () => {
      const named = applyNamingConvention(posts(), CONVENTION, NO_LIMIT)
      expect(named.uniqueConstraints).to.deep.equal([{columns: ['slug'], name: 'uq_posts_slug'}, {name: 'posts_slug_kept', columns: ['slug', 'userId']}])
      expect(named.indexes.map((item) => item.name)).to.deep.equal(['ix_posts_userId', 'ix_posts_slug', 'by_slug'])
      expect(named.foreignKeys.map((item) => item.name)).to.deep.equal(['fk_posts_userId_users', 'posts_author'])
      expect(named.primaryKey).to.deep.equal({columns: ['id'], name: 'pk_posts'})
    })

    it('uses uniqueIndex for unique indexes when given, and leaves kinds without a template alone', () => {
      const named = applyNamingConvention(posts(), {uniqueIndex: 'ux_{table}_{columns}'}, NO_LIMIT)
      expect(named.indexes.map((item) => item.name)).to.deep.equal(['posts_user_id', 'ux_posts_slug', 'by_slug'])
      expect(named.uniqueConstraints[0].name).to.equal(undefined)
      expect(named.foreignKeys[0].name).to.equal(undefined)
      expect(named.primaryKey?.name).to.equal(undefined)
    })

    it('names no primary key where the database does not keep its name, and cuts names to the limit', () => {
      const long = `${'t'.repeat(60)}`
      const named = applyNamingConvention(table(long, [id(), varchar('userId')], {foreignKeys: [fk('userId', 'users')]}), CONVENTION,
        {primaryKeyNames: false, identifierLimit: {length: 64, unit: 'characters'}})
      expect(named.primaryKey).to.deep.equal({columns: ['id']})
      expect(named.foreignKeys[0].name).to.have.length(64).and.match(/^fk_t+_[0-9a-f]{4}$/)
    })

    it('leaves its input unchanged', () => {
      const input = posts()
      const copy = structuredClone(input)
      applyNamingConvention(input, CONVENTION, NO_LIMIT)
      expect(input).to.deep.equal(copy)
    })
  })

  describe('describeModels with a naming convention', () => {
    const models = (dialect: string) => {
      const sequelize = new Sequelize({dialect: dialect as 'sqlite', logging: false})
      sequelize.define('User', {email: {type: DataTypes.STRING, unique: true}, code: {type: DataTypes.STRING, unique: 'users_code_kept'}},
        {tableName: 'users', timestamps: false, indexes: [{fields: ['code']}]})
      sequelize.define('Post', {userId: {type: DataTypes.INTEGER, references: {model: 'users', key: 'id'}}}, {tableName: 'posts', timestamps: false})
      return describeModels(sequelize, dialectOf(sequelize), {namingConvention: CONVENTION})
    }

    it('keeps unique names on PostgreSQL (sync() would drop them) and names the primary key', () => {
      const users = models('postgres').tables.get('users')!
      expect(users.uniqueConstraints).to.deep.equal([{name: 'uq_users_email', columns: ['email']}, {name: 'users_code_kept', columns: ['code']}])
      expect(users.indexes.map((item) => item.name)).to.deep.equal(['ix_users_code'])
      expect(users.primaryKey).to.deep.equal({name: 'pk_users', columns: ['id']})
      expect(models('postgres').tables.get('posts')!.foreignKeys[0].name).to.equal('fk_posts_userId_users')
    })

    it('turns named uniques into unique indexes of those names on MariaDB, without a primary key name', () => {
      const users = models('mariadb').tables.get('users')!
      expect(users.indexes.map((item) => [item.name, item.unique])).to.deep.equal([['uq_users_email', true], ['users_code_kept', true], ['ix_users_code', false]])
      expect(users.primaryKey).to.deep.equal({columns: ['id']})
    })

    it('names no primary key on SQLite', () => {
      expect(models('sqlite').tables.get('users')!.primaryKey).to.deep.equal({columns: ['id']})
    })
  })

  describe('rendering', () => {
    it('adds a primary key named by the convention right after createTable, where names are kept', () => {
      const users = table('users', [id()], {primaryKey: {name: 'pk_users', columns: ['id']}})
      expect(renderOps([{kind: 'createTable', table: users}], {dialect: postgres}).up.split('\n')).to.deep.equal([
        "  await queryInterface.createTable('users', {",
        '    id: { type: DataTypes.INTEGER, allowNull: false, autoIncrement: true },',
        '  })',
        "  await queryInterface.addConstraint('users', {",
        "    type: 'primary key',",
        "    name: 'pk_users',",
        "    fields: ['id'],",
        '  })',
      ])
      const usual = table('users', [id()], {primaryKey: {name: 'users_pkey', columns: ['id']}})
      expect(renderOps([{kind: 'createTable', table: usual}], {dialect: postgres}).up).to.include('primaryKey: true').and.not.include('addConstraint')
      expect(renderOps([{kind: 'createTable', table: users}], {dialect: sqlite}).up).to.include('primaryKey: true').and.not.include('addConstraint')
    })
  })
})

// Round trips ----------------------------------------------------------------------------------

/** `users` with an unnamed unique column and an index Sequelize names; `posts` with an FK. */
function named(extra: {posts?: boolean; explicitIndex?: boolean} = {}): ModelSet {
  return (sequelize) => {
    sequelize.define('User', {
      name: DataTypes.STRING(100),
      email: {type: DataTypes.STRING(100), unique: true},
    }, {
      tableName: 'users', timestamps: false,
      indexes: [{fields: ['name']}, ...(extra.explicitIndex ? [{name: 'users_by_email_name', fields: ['email', 'name']}] : [])],
    })
    if (extra.posts === false) return
    sequelize.define('Post', {
      title: DataTypes.STRING(100),
      userId: {type: DataTypes.INTEGER, references: {model: 'users', key: 'id'}, onDelete: 'CASCADE'},
    }, {tableName: 'posts', timestamps: false})
  }
}

/** The names the database reports, per table and kind. */
async function liveNames(sequelize: Sequelize): Promise<Record<string, Record<string, Array<string | undefined>>>> {
  const schema: SchemaDescription = await introspectDatabase(sequelize, dialectOf(sequelize), {versionTable: {tableName: 'SequelizeMeta', columnName: 'name'}})
  const result: Record<string, Record<string, Array<string | undefined>>> = {}
  for (const [key, table] of schema.tables) {
    result[key] = {
      primaryKey: [table.primaryKey?.name],
      indexes: table.indexes.map((item) => item.name).sort(),
      uniques: table.uniqueConstraints.map((item) => item.name).sort(),
      foreignKeys: table.foreignKeys.map((item) => item.name).sort(),
    }
  }
  return result
}

async function mariadbForeignKeyNames(sequelize: Sequelize): Promise<string[]> {
  const rows = await sequelize.query<{name: string}>(
    "SELECT CONSTRAINT_NAME AS name FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_TYPE = 'FOREIGN KEY'",
    {type: QueryTypes.SELECT})
  return rows.map((row) => row.name).sort()
}

/** What each dialect reports once the convention's objects exist. */
function expectedNames(dialect: TestDialect, explicitIndex: boolean): Record<string, Record<string, Array<string | undefined>>> {
  const explicit = explicitIndex ? ['users_by_email_name'] : []
  switch (dialect) {
    case 'postgres': return {
      users: {primaryKey: ['pk_users'], indexes: ['ix_users_name', ...explicit].sort(), uniques: ['uq_users_email'], foreignKeys: []},
      posts: {primaryKey: ['pk_posts'], indexes: [], uniques: [], foreignKeys: ['fk_posts_userId_users']},
    }
    case 'mariadb': return {
      // A unique constraint is a unique index here; the primary key is always PRIMARY (not reported).
      users: {primaryKey: [undefined], indexes: ['ix_users_name', 'uq_users_email', ...explicit].sort(), uniques: [], foreignKeys: []},
      posts: {primaryKey: [undefined], indexes: [], uniques: [], foreignKeys: ['fk_posts_userId_users']},
    }
    case 'sqlite': return {
      // SQLite reports no names for primary keys and unique constraints; foreign key names are read
      // from the CREATE TABLE.
      users: {primaryKey: [undefined], indexes: ['ix_users_name', ...explicit].sort(), uniques: [undefined], foreignKeys: []},
      posts: {primaryKey: [undefined], indexes: [], uniques: [], foreignKeys: ['fk_posts_userId_users']},
    }
  }
}

forEachDialect('naming convention round trip', (dialect) => {
  let bench: RoundTripBench | undefined

  before(async () => {
    bench = await RoundTripBench.open(dialect)
  })

  after(async () => {
    await bench?.close()
  })

  async function expectConventionNames(explicitIndex: boolean): Promise<void> {
    await withModels(bench!.database, undefined, async (sequelize) => {
      expect(await liveNames(sequelize)).to.deep.equal(expectedNames(dialect, explicitIndex))
      if (dialect === 'mariadb') expect(await mariadbForeignKeyNames(sequelize)).to.deep.equal(['fk_posts_userId_users'])
    })
  }

  it('creates new tables with the convention\'s names; an explicitly named index keeps its name', async () => {
    const result = await bench!.run({after: named({explicitIndex: true}), settings: {namingConvention: CONVENTION}, namesDiffer: true})
    expect(result.source).to.include("name: 'fk_posts_userId_users'").and.include("name: 'users_by_email_name'")
    await expectConventionNames(true)
  })

  it('adds indexes and constraints to existing tables with the convention\'s names, and drops them again', async () => {
    const before: ModelSet = (sequelize) => {
      sequelize.define('User', {name: DataTypes.STRING(100), email: DataTypes.STRING(100)}, {tableName: 'users', timestamps: false})
      sequelize.define('Post', {title: DataTypes.STRING(100), userId: DataTypes.INTEGER}, {tableName: 'posts', timestamps: false})
    }
    const result = await bench!.run({before, after: named(), settings: {namingConvention: CONVENTION}, namesDiffer: true})
    expect(result.changes).to.have.length.of.at.least(3)
    expect(result.source).to.include("addIndex('users', { name: 'ix_users_name'").and.include("removeConstraint('posts', 'fk_posts_userId_users')")
    // The harness has downgraded and upgraded again: the names are the convention's once more.
    await expectConventionNames(false)
  })

  it('cuts names longer than the database allows the same way on both sides', async () => {
    const table = 'orders_placed_by_customers_of_a_shop_with_a_long_name'
    const limit = {sqlite: Infinity, postgres: 63, mariadb: 64}[dialect]
    const after: ModelSet = (sequelize) => {
      named({posts: false})(sequelize, dialect)
      sequelize.define('Order', {
        customerAccountId: {type: DataTypes.INTEGER, unique: true, references: {model: 'users', key: 'id'}},
        placedAt: DataTypes.DATE,
      }, {tableName: table, timestamps: false, indexes: [{fields: ['placedAt']}]})
    }
    // Sequelize's own index name (`…_placed_at`, 63 characters) still fits, so sync() can make the
    // reference schema; the convention's names do not. `db check` finding nothing is the point.
    await bench!.run({after, settings: {namingConvention: CONVENTION}, namesDiffer: true})
    await withModels(bench!.database, undefined, async (sequelize) => {
      const names = Object.values((await liveNames(sequelize))[table]).flat().filter((name): name is string => name !== undefined)
      expect(names.some((name) => name.startsWith('ix_orders_placed'))).to.equal(true)
      for (const name of names) expect(Buffer.byteLength(name), name).to.be.at.most(limit)
      if (dialect !== 'sqlite') expect(names.some((name) => /_[0-9a-f]{4}$/.test(name)), names.join()).to.equal(true)
    })
  })
})
