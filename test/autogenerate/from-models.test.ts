import 'reflect-metadata'
import {expect} from 'chai'
import {DataTypes, fn, literal} from 'sequelize'
import {Column, DataType, Model, Sequelize, Table} from 'sequelize-typescript'
import {describeModels} from '../../src/autogenerate/from-models'
import type {ColumnSchema, TableSchema} from '../../src/schema/schema'
import {dialectNamed, dialectOf} from '../../src/dialects'
import {AutogenerateError, ConfigError} from '../../src/errors'

// describeModels never connects: these instances only lend their dialect and query generator.
function offline(dialect: 'sqlite' | 'postgres' | 'mariadb'): Sequelize {
  if (dialect === 'sqlite') return new Sequelize({dialect, storage: ':memory:', logging: false})
  return new Sequelize({dialect, host: '127.0.0.1', database: 'unused', username: 'nobody', logging: false})
}

function table(sequelize: Sequelize, key: string): TableSchema {
  const found = describeModels(sequelize, dialectOf(sequelize)).tables.get(key)
  if (!found) expect.fail(`no table ${key}`)
  return found
}

function column(found: TableSchema, name: string): ColumnSchema {
  const result = found.columns.find((candidate) => candidate.name === name)
  if (!result) expect.fail(`no column ${name} in ${found.name}`)
  return result
}

function thrown(run: () => unknown): AutogenerateError {
  try {
    run()
  } catch (error) {
    expect(error).to.be.instanceOf(AutogenerateError)
    return error as AutogenerateError
  }
  return expect.fail('expected an AutogenerateError')
}

describe('describeModels', () => {
  describe('errors', () => {
    it('names the model and attribute whose type cannot be used', () => {
      @Table({tableName: 'orders'})
      class Order extends Model {
        @Column(DataType.ABSTRACT) total!: number
      }
      const sequelize = offline('sqlite')
      sequelize.addModels([Order])
      const error = thrown(() => describeModels(sequelize, dialectOf(sequelize)))
      expect(error.code).to.equal('TYPE_NOT_INFERRED')
      expect(error.message).to.equal(
        'Model Order, attribute total: the column type could not be inferred; give @Column an explicit type')
    })

    it('refuses an attribute whose type is not a data type', () => {
      const sequelize = offline('sqlite')
      sequelize.define('Invoice', {amount: {type: {} as never}})
      expect(thrown(() => describeModels(sequelize, dialectOf(sequelize))).code).to.equal('TYPE_NOT_INFERRED')
    })

    it('refuses a data type the database has no column type for, naming model and attribute', () => {
      for (const dialect of ['sqlite', 'postgres', 'mariadb'] as const) {
        const sequelize = offline(dialect)
        sequelize.define('Invoice', {amount: DataTypes.NUMBER}, {tableName: 'invoices'})
        const error = thrown(() => describeModels(sequelize, dialectOf(sequelize)))
        expect(error.code).to.equal('TYPE_NOT_SUPPORTED')
        expect(error.message).to.equal('Model Invoice, attribute amount: DataTypes.NUMBER is not a column type; use a concrete one (INTEGER, BIGINT, DECIMAL, DOUBLE, ...)')
      }
      const cases: Array<['sqlite' | 'postgres' | 'mariadb', unknown, string]> = [
        ['mariadb', DataTypes.JSONB, 'JSONB'],
        ['mariadb', DataTypes.ARRAY(DataTypes.STRING), 'ARRAY'],
        ['postgres', DataTypes.TINYINT, 'TINYINT'],
        ['postgres', DataTypes.ARRAY(DataTypes.NUMBER), 'NUMBER'],
        ['sqlite', DataTypes.ARRAY(DataTypes.INTEGER), 'ARRAY'],
      ]
      for (const [dialect, type, key] of cases) {
        const sequelize = offline(dialect)
        sequelize.define('Invoice', {lines: {type: type as never}}, {tableName: 'invoices'})
        expect(thrown(() => describeModels(sequelize, dialectOf(sequelize))).message, `${key} on ${dialect}`).to.match(new RegExp(`^Model Invoice, attribute lines: DataTypes.${key} `))
      }
    })

    it('refuses two models on one table that disagree on a column, naming the table, both models and the attribute', () => {
      const sequelize = offline('postgres')
      sequelize.define('Document', {title: {type: DataTypes.STRING(200), allowNull: false}}, {tableName: 'documents'})
      sequelize.define('Template', {title: DataTypes.STRING(100)}, {tableName: 'documents'})
      const error = thrown(() => describeModels(sequelize, dialectOf(sequelize)))
      expect(error.code).to.equal('MODELS_DISAGREE')
      expect(error.message).to.equal('Models Document and Template both map to table documents but disagree on attribute title: ' +
        'VARCHAR(200) NOT NULL in Document, VARCHAR(100) in Template; make them agree, or leave one model out of autogenerate ' +
        "with autogenerate: {excludeModels: ['Template']}")
    })

    it('names both attributes when two models map different attributes to one column, and disagreeing keys and indexes', () => {
      const sequelize = offline('sqlite')
      sequelize.define('Document', {title: DataTypes.STRING}, {tableName: 'documents', timestamps: false})
      sequelize.define('Template', {heading: {type: DataTypes.TEXT, field: 'title'}}, {tableName: 'documents', timestamps: false})
      expect(thrown(() => describeModels(sequelize, dialectOf(sequelize))).message).to.contain('disagree on attributes Document.title and Template.heading (column title): VARCHAR(255) in Document, TEXT in Template')

      const keys = offline('sqlite')
      keys.define('User', {}, {tableName: 'users'})
      keys.define('Post', {userId: {type: DataTypes.INTEGER, references: {model: 'users'}, onDelete: 'CASCADE'}}, {tableName: 'posts', timestamps: false})
      keys.define('Draft', {userId: {type: DataTypes.INTEGER, references: {model: 'users'}}}, {tableName: 'posts', timestamps: false})
      expect(thrown(() => describeModels(keys, dialectOf(keys))).message).to.contain('disagree on the foreign key of attribute userId: -> users (id) ON DELETE CASCADE in Post, -> users (id) in Draft')

      const indexes = offline('mariadb')
      indexes.define('A', {x: DataTypes.INTEGER}, {tableName: 't', indexes: [{name: 't_x', fields: ['x']}]})
      indexes.define('B', {x: DataTypes.INTEGER}, {tableName: 't', indexes: [{name: 't_x', unique: true, fields: ['x']}]})
      expect(thrown(() => describeModels(indexes, dialectOf(indexes))).message).to.contain('disagree on index t_x: (x) in A, UNIQUE (x) in B')
    })

    it('refuses excludeModels naming a model the instance does not register', () => {
      const sequelize = offline('sqlite')
      sequelize.define('Document', {}, {tableName: 'documents'})
      try {
        describeModels(sequelize, dialectOf(sequelize), {excludeModels: ['Tempalte']})
        expect.fail('expected a ConfigError')
      } catch (error) {
        expect(error).to.be.instanceOf(ConfigError)
        expect((error as ConfigError).message).to.equal("autogenerate.excludeModels names Tempalte, which env's Sequelize instance does not register; use names as in sequelize.models (Document)")
      }
    })

    it('refuses a foreign key to a table no model defines', () => {
      const sequelize = offline('mariadb')
      sequelize.define('Payment', {accountId: {type: DataTypes.INTEGER, references: {model: 'accounts', key: 'id'}}})
      const error = thrown(() => describeModels(sequelize, dialectOf(sequelize)))
      expect(error.code).to.equal('UNKNOWN_REFERENCE')
      expect(error.message).to.contain('Model Payment, attribute accountId').and.to.contain('accounts')
    })

    it('refuses a dialect sequelize-migrate does not know', () => {
      expect(() => dialectNamed('db2')).to.throw(ConfigError, 'does not support the db2 dialect').with.property('code', 'UNSUPPORTED_DIALECT')
    })
  })

  describe('several models on one table', () => {
    it('describe the union of their columns, indexes and keys when they agree', () => {
      const sequelize = offline('postgres')
      sequelize.define('User', {}, {tableName: 'users', timestamps: false})
      sequelize.define('Document', {
        title: {type: DataTypes.STRING(200), allowNull: false},
        body: DataTypes.TEXT,
        ownerId: {type: DataTypes.INTEGER, references: {model: 'users'}},
      }, {tableName: 'documents', indexes: [{name: 'documents_title', fields: ['title']}]})
      sequelize.define('Template', {
        title: {type: DataTypes.STRING(200), allowNull: false, comment: 'shown in the picker'},
        isTemplate: {type: DataTypes.BOOLEAN, defaultValue: true},
      }, {tableName: 'documents', indexes: [{name: 'documents_title', fields: ['title']}, {name: 'documents_is_template', fields: ['isTemplate']}]})
      const found = table(sequelize, 'documents')
      expect(found.columns.map((item) => item.name)).to.deep.equal(['id', 'title', 'body', 'ownerId', 'createdAt', 'updatedAt', 'isTemplate'])
      expect(column(found, 'title').comment).to.equal('shown in the picker')
      expect(found.indexes.map((index) => index.name)).to.deep.equal(['documents_title', 'documents_is_template'])
      expect(found.foreignKeys).to.have.length(1)
      expect(found.primaryKey).to.deep.equal({columns: ['id']})
    })

    it('leave out the models excludeModels names, and a table only they define', () => {
      const sequelize = offline('sqlite')
      sequelize.define('Document', {title: DataTypes.STRING(200)}, {tableName: 'documents'})
      sequelize.define('Template', {title: DataTypes.STRING(100)}, {tableName: 'documents'})
      sequelize.define('Preview', {}, {tableName: 'previews'})
      const described = describeModels(sequelize, dialectOf(sequelize), {excludeModels: ['Template', 'Preview']})
      expect([...described.tables.keys()]).to.deep.equal(['documents'])
      expect(column(described.tables.get('documents')!, 'title').type).to.include({kind: 'string', length: 200})
    })
  })

  describe('what sync() creates', () => {
    it('names indexes like Sequelize: table and fields, underscored', () => {
      const sequelize = offline('postgres')
      sequelize.define('User', {firstName: DataTypes.STRING, lastName: DataTypes.STRING}, {
        indexes: [{fields: ['firstName', {name: 'lastName', order: 'DESC'}]}, {name: 'by_last', fields: ['lastName']}],
      })
      expect(table(sequelize, 'Users').indexes).to.deep.equal([
        {name: 'users_first_name_last_name', columns: [{name: 'firstName'}, {name: 'lastName', order: 'DESC'}], unique: false},
        {name: 'by_last', columns: [{name: 'lastName'}], unique: false},
      ])
    })

    it('adds the timestamp and paranoid columns, underscored when asked', () => {
      const sequelize = offline('sqlite')
      sequelize.define('Note', {body: DataTypes.TEXT}, {paranoid: true, underscored: true})
      const found = table(sequelize, 'notes')
      expect(found.columns.map((item) => item.name)).to.deep.equal(['id', 'body', 'created_at', 'updated_at', 'deleted_at'])
      expect(column(found, 'deleted_at').nullable).to.equal(true)
      expect(column(found, 'created_at').nullable).to.equal(false)
    })

    it('keeps server defaults only', () => {
      const sequelize = offline('postgres')
      sequelize.define('Event', {
        at: {type: DataTypes.DATE, defaultValue: fn('NOW')},
        seen: {type: DataTypes.DATE, defaultValue: DataTypes.NOW},
        token: {type: DataTypes.UUID, defaultValue: DataTypes.UUIDV4},
        code: {type: DataTypes.STRING, defaultValue: () => 'computed'},
        stamp: {type: DataTypes.DATE, defaultValue: literal('CURRENT_TIMESTAMP')},
        open: {type: DataTypes.BOOLEAN, defaultValue: false},
        price: {type: DataTypes.DECIMAL(10, 2), defaultValue: '9.90'},
        data: {type: DataTypes.JSONB, defaultValue: {b: 1, a: [true]}},
        list: {type: DataTypes.JSON, defaultValue: []},
        label: {type: DataTypes.JSONB, defaultValue: '{"a":1}'},
      }, {timestamps: false})
      const found = table(sequelize, 'Events')
      const defaults = Object.fromEntries(found.columns.map((item) => [item.name, item.default]))
      expect(defaults).to.deep.equal({
        id: undefined,
        at: {kind: 'now'},
        seen: undefined,
        token: undefined,
        code: undefined,
        stamp: {kind: 'now'},
        open: {kind: 'literal', value: false},
        price: {kind: 'literal', value: 9.9},
        data: {kind: 'literal', value: '{"a":[true],"b":1}'},
        list: {kind: 'literal', value: '[]'},
        // A string is stored as a JSON string, whatever it looks like.
        label: {kind: 'literal', value: '"{\\"a\\":1}"'},
      })
    })

    it('names PostgreSQL enum types after table and column, schema-qualified outside public', () => {
      const sequelize = offline('postgres')
      sequelize.define('Item', {kind: DataTypes.ENUM('a', 'b')}, {tableName: 'items', schema: 'shop', timestamps: false})
      sequelize.define('Order', {state: DataTypes.ENUM('open', 'closed')}, {tableName: 'orders', timestamps: false})
      const description = describeModels(sequelize, dialectOf(sequelize))
      expect(column(description.tables.get('shop.items')!, 'kind').type)
        .to.include({kind: 'enum', enumName: 'shop.enum_items_kind'})
      expect([...description.enums.values()]).to.deep.equal([
        {name: 'enum_items_kind', schema: 'shop', values: ['a', 'b']},
        {name: 'enum_orders_state', values: ['open', 'closed']},
      ])
    })

    it('makes unique columns and unique keys named unique indexes on MariaDB', () => {
      const sequelize = offline('mariadb')
      sequelize.define('Account', {
        email: {type: DataTypes.STRING, unique: true},
        first: {type: DataTypes.STRING, unique: 'full_name'},
        last: {type: DataTypes.STRING, unique: 'full_name'},
      }, {tableName: 'accounts', timestamps: false})
      const found = table(sequelize, 'accounts')
      expect(found.uniqueConstraints).to.deep.equal([])
      expect(found.indexes).to.deep.equal([
        {name: 'email', columns: [{name: 'email'}], unique: true, chosenName: true},
        {name: 'full_name', columns: [{name: 'first'}, {name: 'last'}], unique: true},
      ])
    })

    it('leaves unique constraint names to PostgreSQL and SQLite', () => {
      for (const dialect of ['postgres', 'sqlite'] as const) {
        const sequelize = offline(dialect)
        sequelize.define('Account', {
          email: {type: DataTypes.STRING, unique: true},
          first: {type: DataTypes.STRING, unique: 'full_name'},
          last: {type: DataTypes.STRING, unique: 'full_name'},
        }, {tableName: 'accounts', timestamps: false})
        expect(table(sequelize, 'accounts').uniqueConstraints).to.deep.equal([
          {columns: ['email']}, {columns: ['first', 'last']},
        ])
      }
    })

    it('turns a single integer primary key into the SQLite rowid', () => {
      const sequelize = offline('sqlite')
      sequelize.define('Log', {id: {type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true}}, {timestamps: false})
      expect(column(table(sequelize, 'Logs'), 'id')).to.deep.equal({
        name: 'id', type: {kind: 'integer', raw: 'INTEGER'}, nullable: false, autoIncrement: true,
      })
    })

    it('drops comments, partial predicates and index methods the dialect cannot keep', () => {
      const sequelize = offline('mariadb')
      sequelize.define('Doc', {body: {type: DataTypes.STRING, comment: 'kept'}}, {
        comment: 'docs', timestamps: false, indexes: [{fields: ['body'], where: {body: 'x'}, using: 'HASH'}],
      })
      const found = table(sequelize, 'Docs')
      expect(found.comment).to.equal('docs')
      expect(column(found, 'body').comment).to.equal('kept')
      expect(found.indexes).to.deep.equal([{name: 'docs_body', columns: [{name: 'body'}], unique: false}])

      const lite = offline('sqlite')
      lite.define('Doc', {body: {type: DataTypes.STRING, comment: 'dropped'}}, {comment: 'docs', timestamps: false})
      const liteTable = table(lite, 'Docs')
      expect(liteTable.comment).to.equal(undefined)
      expect(column(liteTable, 'body').comment).to.equal(undefined)
    })

    it('resolves foreign keys to the referenced table and schema with normalized actions', () => {
      const sequelize = offline('postgres')
      const Shelf = sequelize.define('Shelf', {}, {tableName: 'shelves', schema: 'store', timestamps: false})
      const Book = sequelize.define('Book', {}, {tableName: 'books', schema: 'store', timestamps: false})
      Book.belongsTo(Shelf, {onDelete: 'cascade'})
      expect(table(sequelize, 'store.books').foreignKeys).to.deep.equal([{
        columns: ['ShelfId'], referencedTable: 'shelves', referencedSchema: 'store', referencedColumns: ['id'],
        onDelete: 'CASCADE', onUpdate: 'CASCADE',
      }])
    })
  })
})
