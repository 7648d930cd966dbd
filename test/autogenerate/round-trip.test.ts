/**
 * Every autogenerate feature, end to end on each database that supports it: models A → revision
 * → upgrade; models B → revision → upgrade gives what `sync()` gives for B and `db check` finds
 * nothing; downgrade gives A's schema back; upgrading again works.
 */
import 'reflect-metadata'
import {expect} from 'chai'
import {DataTypes, fn, literal, type ModelAttributes, QueryTypes} from 'sequelize'
import {Column, DataType, Default, Model, type Sequelize, Table} from 'sequelize-typescript'

import {createScratchDatabase, type ScratchDatabase} from '../support/databases'
import {MigrationsFolder, type ModelSet, type RoundTripCase, roundTripSuite, type Scenario} from './support'

const timestamps = {timestamps: false}

/** `users (id, name)` plus what `extra` adds. */
function users(extra: ModelAttributes = {}, options: object = {}): ModelSet {
  return (sequelize) => {
    sequelize.define('User', {name: DataTypes.STRING(100), ...extra}, {tableName: 'users', ...timestamps, ...options})
  }
}

/** Both sets, in order. */
function both(...sets: ModelSet[]): ModelSet {
  return (sequelize, dialect) => sets.forEach((set) => set(sequelize, dialect))
}

function posts(extra: ModelAttributes = {}, options: object = {}): ModelSet {
  return (sequelize) => {
    sequelize.define('Post', {
      title: {type: DataTypes.STRING(200), allowNull: false},
      userId: {type: DataTypes.INTEGER, references: {model: 'users', key: 'id'}, onDelete: 'CASCADE'},
      ...extra,
    }, {tableName: 'posts', ...timestamps, ...options})
  }
}

async function count(sequelize: Sequelize, table: string): Promise<number> {
  const [row] = await sequelize.query<{n: number | string}>(`SELECT COUNT(*) AS n FROM ${sequelize.getQueryInterface().quoteIdentifier(table)}`, {type: QueryTypes.SELECT})
  return Number(row.n)
}

async function rows(sequelize: Sequelize, sql: string): Promise<Array<Record<string, unknown>>> {
  return sequelize.query(sql, {type: QueryTypes.SELECT})
}

/** Every type the dialect has, each with what sync() writes for it: upgrade and `db check` must agree. */
const allTypes: ModelSet = (sequelize, dialect) => {
  @Table({tableName: 'samples', timestamps: true})
  class Sample extends Model {
    @Column(DataType.STRING) string!: string
    @Column(DataType.STRING(20)) short!: string
    @Column(DataType.CHAR(3)) code!: string
    @Column(DataType.TEXT) text!: string
    @Column(DataType.INTEGER) integer!: number
    @Column(DataType.BIGINT) big!: string
    @Column(DataType.SMALLINT) small!: number
    @Column(DataType.FLOAT) float!: number
    @Column(DataType.DOUBLE) double!: number
    @Column(DataType.REAL) real!: number
    @Column(DataType.DECIMAL(10, 2)) decimal!: string
    @Column(DataType.BOOLEAN) flag!: boolean
    @Column(DataType.DATE) date!: Date
    @Column(DataType.DATE(3)) precise!: Date
    @Column(DataType.DATEONLY) day!: string
    @Column(DataType.TIME) time!: string
    @Column(DataType.JSON) json!: object
    @Column(DataType.BLOB) blob!: Buffer
    @Column({type: DataType.UUID, defaultValue: DataType.UUIDV4}) uuid!: string
    @Column(DataType.ENUM('a', 'b')) choice!: string
    @Column nickname!: string
    @Column visits!: number
    @Column seen!: Date
    @Default(false) @Column(DataType.BOOLEAN) active!: boolean
  }
  sequelize.addModels([Sample])
  sequelize.define('Counter', {
    id: {type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true},
    code: {type: DataTypes.STRING(20), unique: true},
  }, {tableName: 'counters', ...timestamps})
  if (dialect === 'postgres') {
    sequelize.define('PgOnly', {
      doc: DataTypes.JSONB,
      tags: DataTypes.ARRAY(DataTypes.STRING),
      moods: DataTypes.ARRAY(DataTypes.ENUM('happy', 'sad')),
      address: DataTypes.INET,
      cidr: DataTypes.CIDR,
      mac: DataTypes.MACADDR,
      search: DataTypes.TSVECTOR,
      stamp: 'TIMESTAMP WITHOUT TIME ZONE',
      at: DataTypes.DATE(6),
      id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, autoIncrementIdentity: true},
      serial: {type: DataTypes.BIGINT, unique: true},
    }, {tableName: 'pg_only', ...timestamps})
  }
  if (dialect === 'mariadb') {
    sequelize.define('MariaOnly', {
      hits: DataTypes.INTEGER.UNSIGNED,
      tiny: DataTypes.TINYINT,
      medium: DataTypes.MEDIUMINT,
      summary: DataTypes.TEXT('medium'),
      attachment: DataTypes.BLOB('long'),
      binary: DataTypes.STRING(16).BINARY,
      ratio: DataTypes.FLOAT(8),
      exact: DataTypes.DECIMAL,
      at: DataTypes.DATE(6),
    }, {tableName: 'maria_only', ...timestamps})
  }
}

const scenarios: Scenario[] = [
  {
    title: 'creates tables parents first and drops them children first',
    build: () => ({
      before: users(),
      after: both(users(), posts(), (sequelize) => {
        sequelize.define('Comment', {
          postId: {type: DataTypes.INTEGER, allowNull: false, references: {model: 'posts', key: 'id'}},
          body: DataTypes.TEXT,
        }, {tableName: 'comments', ...timestamps})
      }),
    }),
    expect: ({changes}) => expect(changes).to.deep.equal(['add table posts', 'add table comments']),
  },
  {
    title: 'drops tables children first (and the downgrade recreates them)',
    build: () => ({
      before: both(users(), posts()),
      after: users(),
    }),
    expect: ({changes, source}) => {
      expect(changes).to.deep.equal(['remove table posts'])
      expect(source).to.include('// WARNING: drops table posts and all its rows')
    },
  },
  {
    title: 'every data type round-trips without a false difference',
    build: () => ({after: allTypes}),
  },
  {
    title: 'adds and drops columns, keeping the rows',
    build: () => ({
      before: users({age: DataTypes.INTEGER, legacy: DataTypes.STRING}),
      after: users({
        age: DataTypes.INTEGER,
        email: {type: DataTypes.STRING, allowNull: false, defaultValue: ''},
        bio: DataTypes.TEXT,
      }),
      seed: (sequelize) => sequelize.models.User.bulkCreate([{name: 'ada', age: 36, legacy: 'x'}, {name: 'bob', age: 7}]),
      verify: async (sequelize) => {
        expect(await rows(sequelize, 'SELECT name, age, email FROM users ORDER BY name')).to.deep.equal([
          {name: 'ada', age: 36, email: ''}, {name: 'bob', age: 7, email: ''},
        ])
      },
    }),
    expect: ({changes, source}) => {
      expect(changes).to.deep.equal(['add column users.email', 'add column users.bio', 'remove column users.legacy'])
      expect(source).to.include('// WARNING: drops column users.legacy and its data')
    },
  },
  {
    title: 'changes types (length, precision, scale, integer size), keeping the rows',
    build: () => ({
      before: users({price: DataTypes.DECIMAL(10, 2), hits: DataTypes.INTEGER, ratio: DataTypes.FLOAT, seen: DataTypes.DATE}),
      after: users({price: DataTypes.DECIMAL(12, 4), hits: DataTypes.BIGINT, ratio: DataTypes.DOUBLE, seen: DataTypes.DATE(3)}, {}),
      seed: (sequelize) => sequelize.models.User.bulkCreate([{name: 'ada', price: '12.50', hits: 3}]),
      verify: async (sequelize) => {
        const [row] = await rows(sequelize, 'SELECT name, price, hits FROM users')
        expect(row.name).to.equal('ada')
        expect(Number(row.price)).to.equal(12.5)
        expect(Number(row.hits)).to.equal(3)
      },
    }),
  },
  {
    title: 'widens and narrows string lengths',
    build: () => ({
      before: users({code: DataTypes.STRING(10)}),
      after: (sequelize) => {
        sequelize.define('User', {name: DataTypes.STRING(200), code: DataTypes.STRING(5)}, {tableName: 'users', ...timestamps})
      },
      seed: (sequelize) => sequelize.models.User.create({name: 'a'.repeat(100), code: 'abc'}),
      verify: async (sequelize) => {
        expect(await rows(sequelize, 'SELECT name, code FROM users')).to.deep.equal([{name: 'a'.repeat(100), code: 'abc'}])
      },
    }),
    expect: ({changes, source}) => {
      expect(changes).to.deep.equal(['alter column users.name: type VARCHAR(100) -> VARCHAR(200)', 'alter column users.code: type VARCHAR(10) -> VARCHAR(5)'])
      expect(source).to.include('narrows users.code from VARCHAR(10) to VARCHAR(5)')
    },
  },
  {
    title: 'changes a PostgreSQL timestamp between with and without time zone',
    dialects: ['postgres'],
    build: () => ({
      before: users({at: DataTypes.DATE}),
      after: users({at: 'TIMESTAMP WITHOUT TIME ZONE'}),
    }),
    expect: ({changes}) => expect(changes).to.deep.equal(['alter column users.at: type TIMESTAMP WITH TIME ZONE -> TIMESTAMP']),
  },
  {
    title: 'changes nullability',
    build: () => ({
      before: users({bio: {type: DataTypes.STRING, allowNull: false, defaultValue: ''}}),
      after: (sequelize) => {
        sequelize.define('User', {name: {type: DataTypes.STRING(100), allowNull: false}, bio: DataTypes.STRING}, {tableName: 'users', ...timestamps})
      },
      seed: (sequelize) => sequelize.models.User.create({name: 'ada'}),
      verify: async (sequelize) => expect(await count(sequelize, 'users')).to.equal(1),
    }),
    expect: ({changes, source}) => {
      expect(changes).to.deep.equal(['alter column users.name: nullable -> NOT NULL', "alter column users.bio: NOT NULL -> nullable, default '' -> none"])
      expect(source).to.include('sets users.name NOT NULL: fails if a row holds NULL')
    },
  },
  {
    title: 'adds, changes and drops server defaults (literals, booleans, now, functions; UUIDV4 is not one)',
    build: (dialect) => ({
      before: users({
        status: {type: DataTypes.STRING, defaultValue: 'new'},
        stars: DataTypes.INTEGER,
        active: {type: DataTypes.BOOLEAN, defaultValue: true},
        at: DataTypes.DATE,
        token: {type: DataTypes.UUID, defaultValue: DataTypes.UUIDV4},
      }),
      after: users({
        status: {type: DataTypes.STRING, defaultValue: "it's new"},
        stars: {type: DataTypes.INTEGER, defaultValue: 5},
        active: {type: DataTypes.BOOLEAN, defaultValue: false},
        at: {type: DataTypes.DATE, defaultValue: literal('CURRENT_TIMESTAMP')},
        token: {type: DataTypes.UUID, defaultValue: DataTypes.UUIDV4},
        ...(dialect === 'postgres' ? {ref: {type: DataTypes.UUID, defaultValue: fn('gen_random_uuid')}} : {}),
        ...(dialect === 'mariadb' ? {ref: {type: DataTypes.UUID, defaultValue: fn('UUID')}} : {}),
      }),
    }),
    expect: ({changes}, dialect) => {
      expect(changes).to.include.members([
        "alter column users.status: default 'new' -> 'it's new'",
        'alter column users.stars: default none -> 5',
        'alter column users.active: default true -> false',
        'alter column users.at: default none -> now',
      ])
      expect(changes.some((change) => change.includes('token'))).to.equal(false)
      if (dialect !== 'sqlite') expect(changes).to.include('add column users.ref')
    },
  },
  {
    title: 'changes a primary key',
    build: () => ({
      before: (sequelize) => {
        sequelize.define('Membership', {
          userId: {type: DataTypes.INTEGER, primaryKey: true},
          groupId: {type: DataTypes.INTEGER, allowNull: false},
        }, {tableName: 'memberships', ...timestamps})
      },
      after: (sequelize) => {
        sequelize.define('Membership', {
          userId: {type: DataTypes.INTEGER, primaryKey: true},
          groupId: {type: DataTypes.INTEGER, primaryKey: true},
        }, {tableName: 'memberships', ...timestamps})
      },
    }),
    expect: ({changes}, dialect) => expect(changes).to.deep.equal([
      // On SQLite a single INTEGER primary key is the rowid, which numbers itself.
      ...(dialect === 'sqlite' ? ['alter column memberships.userId: drop autoIncrement'] : []),
      'change primary key of memberships: (userId) -> (userId, groupId)',
    ]),
  },
  {
    title: 'adds unique columns and named composite uniques',
    build: () => ({
      before: users({email: DataTypes.STRING, org: DataTypes.STRING(50)}),
      after: users({
        email: {type: DataTypes.STRING, unique: true},
        org: {type: DataTypes.STRING(50), unique: 'users_name_org'},
        name: {type: DataTypes.STRING(100), unique: 'users_name_org'},
      }),
      seed: (sequelize) => sequelize.models.User.bulkCreate([{name: 'ada', email: 'a@x', org: 'x'}, {name: 'bob', email: 'b@x', org: 'x'}]),
      verify: async (sequelize) => expect(await count(sequelize, 'users')).to.equal(2),
    }),
  },
  {
    title: 'adds and drops indexes (name, columns, order, unique)',
    build: () => ({
      before: users({email: DataTypes.STRING, org: DataTypes.STRING(50)}, {indexes: [{name: 'users_org', fields: ['org']}]}),
      after: users({email: DataTypes.STRING, org: DataTypes.STRING(50)}, {
        indexes: [
          {name: 'users_org_name', fields: ['org', {name: 'name', order: 'DESC'}]},
          {name: 'users_email', unique: true, fields: ['email']},
          {fields: ['name']},
        ],
      }),
    }),
    expect: ({changes}) => expect(changes).to.deep.equal([
      'remove index users_org on users',
      'add index users_org_name on users (org, name)',
      'add unique index users_email on users (email)',
      'add index users_name on users (name)',
    ]),
  },
  {
    title: 'adds partial indexes',
    dialects: ['postgres', 'sqlite'],
    build: () => ({
      before: users({email: DataTypes.STRING, deletedAt: DataTypes.DATE}),
      after: users({email: DataTypes.STRING, deletedAt: DataTypes.DATE}, {
        indexes: [{name: 'users_live_email', unique: true, fields: ['email'], where: {deletedAt: null}}],
      }),
    }),
  },
  {
    title: 'changes an index method',
    dialects: ['postgres'],
    build: () => ({
      before: users({doc: DataTypes.JSONB}),
      after: users({doc: DataTypes.JSONB}, {indexes: [{name: 'users_doc', fields: ['doc'], using: 'GIN'}]}),
    }),
  },
  {
    title: 'adds foreign keys and changes their actions',
    build: () => ({
      before: both(users(), posts({authorId: DataTypes.INTEGER})),
      after: both(users(), posts({
        userId: {type: DataTypes.INTEGER, references: {model: 'users', key: 'id'}, onDelete: 'SET NULL', onUpdate: 'CASCADE'},
        authorId: {type: DataTypes.INTEGER, references: {model: 'users', key: 'id'}},
      })),
      seed: async (sequelize) => {
        await sequelize.models.User.create({name: 'ada'})
        await sequelize.models.Post.create({title: 'hello', userId: 1, authorId: 1})
      },
      verify: async (sequelize) => expect(await count(sequelize, 'posts')).to.equal(1),
    }),
  },
  {
    title: 'removes a foreign key, keeping the column and its rows',
    build: () => ({
      before: both(users(), posts()),
      after: both(users(), posts({userId: DataTypes.INTEGER})),
      seed: async (sequelize) => {
        await sequelize.models.User.create({name: 'ada'})
        await sequelize.models.Post.create({title: 'hello', userId: 1})
      },
      verify: async (sequelize) => expect(await count(sequelize, 'posts')).to.equal(1),
    }),
    expect: ({changes}) => expect(changes).to.deep.equal(['remove foreign key posts (userId) -> users (id)']),
  },
  {
    title: 'adds, changes and drops table and column comments',
    dialects: ['postgres', 'mariadb'],
    build: () => ({
      before: users({email: {type: DataTypes.STRING, comment: 'old'}, org: {type: DataTypes.STRING, comment: 'gone'}}, {comment: 'people'}),
      after: users({email: {type: DataTypes.STRING, comment: "login, it's unique"}, org: DataTypes.STRING, age: {type: DataTypes.INTEGER, comment: 'years'}}),
    }),
  },
  {
    title: 'creates a PostgreSQL enum type with its table and drops it with the table',
    dialects: ['postgres'],
    build: () => ({
      before: users(),
      after: both(users(), (sequelize) => {
        sequelize.define('Ticket', {state: {type: DataTypes.ENUM('open', 'closed'), allowNull: false, defaultValue: 'open'}}, {tableName: 'tickets', ...timestamps})
      }),
    }),
    expect: ({changes}) => expect(changes).to.deep.equal(["add enum type enum_tickets_state ('open', 'closed')", 'add table tickets']),
  },
  {
    title: "adds a value to a PostgreSQL enum type inside the revision's transaction",
    dialects: ['postgres'],
    build: () => ({
      before: users({state: {type: DataTypes.ENUM('open', 'closed'), defaultValue: 'open'}}),
      after: users({state: {type: DataTypes.ENUM('open', 'pending', 'closed'), defaultValue: 'open'}}),
      seed: (sequelize) => sequelize.models.User.create({name: 'ada', state: 'closed'}),
      verify: async (sequelize) => expect(await rows(sequelize, 'SELECT state FROM users')).to.deep.equal([{state: 'closed'}]),
    }),
    expect: ({changes, source}) => {
      expect(changes).to.deep.equal(["add value 'pending' to enum type enum_users_state"])
      expect(source).to.include("ADD VALUE IF NOT EXISTS 'pending' BEFORE 'closed'")
      expect(source).not.to.include('transactional')
    },
  },
  {
    title: 'adds a PostgreSQL enum value that the same revision uses as a default outside a transaction',
    dialects: ['postgres'],
    build: () => ({
      before: users({state: {type: DataTypes.ENUM('open', 'closed'), defaultValue: 'open'}}),
      after: users({state: {type: DataTypes.ENUM('new', 'open', 'closed'), defaultValue: 'new'}}),
    }),
    expect: ({changes, source}) => {
      expect(changes).to.deep.equal(["add value 'new' to enum type enum_users_state", "alter column users.state: default 'open' -> 'new'"])
      expect(source).to.include('export const transactional = false')
    },
  },
  {
    title: 'removes a value from a PostgreSQL enum type by recreating it',
    dialects: ['postgres'],
    build: () => ({
      before: users({state: {type: DataTypes.ENUM('open', 'pending', 'closed'), defaultValue: 'open'}}),
      after: users({state: {type: DataTypes.ENUM('open', 'closed'), defaultValue: 'open'}}),
    }),
  },
  {
    title: 'changes the values of an inline enum column',
    dialects: ['mariadb'],
    build: () => ({
      before: users({state: {type: DataTypes.ENUM('open', 'closed'), defaultValue: 'open'}}),
      after: users({state: {type: DataTypes.ENUM('open', 'pending', 'closed'), defaultValue: 'open'}}),
      seed: (sequelize) => sequelize.models.User.create({name: 'ada', state: 'closed'}),
      verify: async (sequelize) => expect(await rows(sequelize, 'SELECT state FROM users')).to.deep.equal([{state: 'closed'}]),
    }),
  },
  {
    title: 'turns on timestamps, paranoid and underscored',
    build: () => ({
      before: (sequelize) => {
        sequelize.define('Thing', {name: DataTypes.STRING}, {tableName: 'things', timestamps: false})
      },
      after: (sequelize) => {
        sequelize.define('Thing', {name: DataTypes.STRING, ownerName: DataTypes.STRING}, {tableName: 'things', paranoid: true, underscored: true})
      },
    }),
    expect: ({changes}) => expect(changes).to.deep.equal([
      'add column things.owner_name', 'add column things.created_at', 'add column things.updated_at', 'add column things.deleted_at',
    ]),
  },
  {
    title: 'creates tables in a PostgreSQL schema',
    dialects: ['postgres'],
    build: () => ({
      schemas: ['shop'],
      before: users(),
      after: both(users(), (sequelize) => {
        const Order = sequelize.define('Order', {
          total: DataTypes.DECIMAL(10, 2),
          // A bare table name would resolve in the referencing table's schema.
          userId: {type: DataTypes.INTEGER, references: {model: {tableName: 'users', schema: 'public'}, key: 'id'}},
          state: DataTypes.ENUM('new', 'paid'),
        }, {tableName: 'orders', schema: 'shop', ...timestamps, indexes: [{name: 'orders_total', fields: ['total']}]})
        sequelize.define('Line', {
          orderId: {type: DataTypes.INTEGER, references: {model: Order, key: 'id'}, onDelete: 'CASCADE'},
        }, {tableName: 'lines', schema: 'shop', ...timestamps})
      }),
    }),
    expect: ({changes}) => expect(changes).to.deep.equal(["add enum type shop.enum_orders_state ('new', 'paid')", 'add table shop.orders', 'add table shop.lines']),
  },
  {
    title: 'renames a column with --rename table.old=new, keeping its data',
    build: () => ({
      before: users({fullname: DataTypes.STRING}),
      after: users({displayName: DataTypes.STRING}),
      renames: ['users.fullname=displayName'],
      seed: (sequelize) => sequelize.models.User.create({name: 'ada', fullname: 'Ada Lovelace'}),
      verify: async (sequelize) => expect(await rows(sequelize, 'SELECT name, "displayName" FROM users'.replace(/"/g, sequelize.getDialect() === 'mariadb' ? '`' : '"'))).to.deep.equal([{name: 'ada', displayName: 'Ada Lovelace'}]),
    }),
    expect: ({changes}) => expect(changes).to.deep.equal(['rename column users.fullname to displayName']),
  },
  {
    title: 'renames a table with --rename old=new, keeping its rows and the keys pointing at it',
    build: () => ({
      before: both(users(), posts()),
      after: both((sequelize) => {
        sequelize.define('User', {name: DataTypes.STRING(100)}, {tableName: 'people', ...timestamps})
      }, posts({userId: {type: DataTypes.INTEGER, references: {model: 'people', key: 'id'}, onDelete: 'CASCADE'}})),
      renames: ['users=people'],
      seed: async (sequelize) => {
        await sequelize.models.User.create({name: 'ada'})
        await sequelize.models.Post.create({title: 'hello', userId: 1})
      },
      verify: async (sequelize) => {
        expect(await count(sequelize, 'people')).to.equal(1)
        expect(await count(sequelize, 'posts')).to.equal(1)
      },
    }),
    expect: ({changes}) => expect(changes).to.deep.equal(['rename table users to people']),
  },
  {
    title: 'proposes a rename in a comment when --rename is not given',
    build: () => ({
      before: users({fullname: DataTypes.STRING}),
      after: users({displayName: DataTypes.STRING}),
    }),
    expect: ({source}) => expect(source).to.include('pass --rename users.fullname=displayName to keep the data'),
  },
  {
    title: 'alters a column of a table with rows, indexes and children (SQLite rebuilds it)',
    build: () => ({
      before: both(users({email: DataTypes.STRING(50)}, {indexes: [{name: 'users_email', fields: ['email']}]}), posts()),
      after: both(
        users({email: {type: DataTypes.STRING(120), allowNull: false, defaultValue: ''}}, {indexes: [{name: 'users_email', fields: ['email']}]}),
        posts(),
      ),
      seed: async (sequelize) => {
        await sequelize.models.User.bulkCreate([{name: 'ada', email: 'a@x'}, {name: 'bob', email: 'b@x'}])
        await sequelize.models.Post.bulkCreate([{title: 'one', userId: 1}, {title: 'two', userId: 2}])
      },
      verify: async (sequelize) => {
        expect(await count(sequelize, 'users')).to.equal(2)
        // ON DELETE CASCADE children survive the rebuild of their parent.
        expect(await count(sequelize, 'posts')).to.equal(2)
      },
    }),
  },
]

roundTripSuite('autogenerate round trip', scenarios)

describe('autogenerate settings of env [sqlite]', () => {
  let db: ScratchDatabase | undefined
  let folder: MigrationsFolder | undefined

  afterEach(async () => {
    folder?.dispose()
    await db?.drop()
  })

  /** Migrates and upgrades `before`, then returns what `db check` says about `after`. */
  async function differences(settings: RoundTripCase['settings'], before: ModelSet, after: ModelSet): Promise<string[]> {
    db = await createScratchDatabase('sqlite')
    folder = new MigrationsFolder(db, settings)
    folder.models = before
    await folder.migrate('first')
    await folder.upgrade()
    folder.models = after
    return folder.check()
  }

  const before = users({code: {type: DataTypes.STRING(10), defaultValue: 'a'}, note: DataTypes.STRING(10)})
  const after = users({code: {type: DataTypes.STRING(20), defaultValue: 'b'}, note: DataTypes.STRING(30)})

  it('compares types and defaults by default', async () => {
    expect(await differences({}, before, after)).to.deep.equal([
      "alter column users.code: type VARCHAR(10) -> VARCHAR(20), default 'a' -> 'b'",
      'alter column users.note: type VARCHAR(10) -> VARCHAR(30)',
    ])
  })

  it('compareTypes: false and compareDefaults: false turn each comparison off', async () => {
    expect(await differences({compareTypes: false}, before, after)).to.deep.equal(["alter column users.code: default 'a' -> 'b'"])
    folder!.dispose()
    await db!.drop()
    expect(await differences({compareDefaults: false}, before, after)).to.deep.equal([
      'alter column users.code: type VARCHAR(10) -> VARCHAR(20)', 'alter column users.note: type VARCHAR(10) -> VARCHAR(30)',
    ])
  })

  it('a comparator decides per column, undefined leaving it to the built-in comparison', async () => {
    const compareTypes = (database: {name: string}) => (database.name === 'note' ? false : undefined)
    expect(await differences({compareTypes}, before, after)).to.deep.equal([
      "alter column users.code: type VARCHAR(10) -> VARCHAR(20), default 'a' -> 'b'",
    ])
  })
})
