import 'reflect-metadata'
import {expect} from 'chai'
import {DataTypes, fn, literal, type ModelAttributeColumnOptions, type ModelStatic, type Sequelize as PlainSequelize} from 'sequelize'
import {BelongsTo, Column, DataType, Default, ForeignKey, HasMany, Model, Sequelize, Table} from 'sequelize-typescript'
import {describeModels} from '../../src/autogenerate/from-models'
import type {SchemaDescription, TableSchema} from '../../src/schema/schema'
import {dialectOf} from '../../src/dialects'
import {createScratchDatabase, forEachDialect, type ScratchDatabase, type TestDialect} from '../support/databases'

const VERSION_TABLE = 'sequelize_migrate'

/** A sequelize-typescript instance on the scratch database (the support helper opens plain ones). */
function connect(db: ScratchDatabase): Sequelize {
  if (db.dialect === 'sqlite') return new Sequelize({dialect: 'sqlite', storage: db.url.replace(/^sqlite:/, ''), logging: false})
  return new Sequelize(db.url, {logging: false})
}

/**
 * Registers a broad set of models: sequelize-typescript classes (created per call, so each
 * instance gets fresh ones) and `sequelize.define` models, with what each dialect supports.
 */
function defineModels(sequelize: Sequelize, dialect: TestDialect): void {
  const postgres = dialect === 'postgres'
  // SQLite cannot call NOW() in a DEFAULT; it needs an expression in parentheses.
  const now = dialect === 'sqlite' ? literal("(datetime('now'))") : fn('NOW')

  @Table({
    tableName: 'customers', paranoid: true, comment: 'people who buy',
    indexes: [
      {fields: ['lastName', {name: 'firstName', order: 'DESC'}]},
      {unique: true, fields: ['country', 'email'], name: 'customers_country_email'},
      ...(dialect === 'mariadb' ? [] : [{name: 'customers_alive', fields: ['email'], where: {deletedAt: null}}]),
      ...(postgres ? [{name: 'customers_vip', fields: ['status'], where: {status: 'vip'}}] : []),
    ],
  })
  class Customer extends Model {
    @Column({type: DataType.STRING(100), allowNull: false, unique: true, comment: 'login name'}) email!: string
    @Column(DataType.CHAR(2)) country!: string
    @Column({type: DataType.STRING, unique: 'customers_full_name'}) firstName!: string
    @Column({type: DataType.STRING, unique: 'customers_full_name'}) lastName!: string
    @Default(true) @Column({type: DataType.BOOLEAN, allowNull: false}) active!: boolean
    @Column({type: DataType.ENUM('new', 'vip', 'banned'), defaultValue: 'new'}) status!: string
    @Column({type: DataType.UUID, defaultValue: DataType.UUIDV4}) publicId!: string
    @Column(DataType.DATEONLY) birthday!: string
    @Column nickname!: string
    @Column visits!: number
    @Column newsletter!: boolean
    @Column lastSeen!: Date
    @HasMany(() => Order) orders!: Order[]
  }

  // The index covers the foreign key: InnoDB then drops the index it made for the key.
  @Table({tableName: 'orders', underscored: true, indexes: [{fields: ['customer_id', 'placed_at']}]})
  class Order extends Model {
    @ForeignKey(() => Customer) @Column({type: DataType.INTEGER, allowNull: false}) customerId!: number
    @BelongsTo(() => Customer, {onDelete: 'CASCADE', onUpdate: 'CASCADE'}) customer!: Customer
    @Column({type: DataType.DECIMAL(10, 2), defaultValue: 0}) total!: string
    @Column({type: DataType.FLOAT, defaultValue: 1.5}) weight!: number
    @Column(DataType.DOUBLE) ratio!: number
    @Column(DataType.BIGINT) reference!: string
    @Column(DataType.TEXT) note!: string
    @Column(DataType.JSON) meta!: object
    @Column(DataType.BLOB) receipt!: Buffer
    @Column(DataType.TIME) deliveryWindow!: string
    @Column({type: DataType.DATE, defaultValue: now}) placedAt!: Date
    @Column({type: DataType.DATE, defaultValue: DataType.NOW}) confirmedAt!: Date
    @Column({type: DataType.DATE, defaultValue: literal('CURRENT_TIMESTAMP')}) updatedStamp!: Date
    @Column({type: DataType.INTEGER, defaultValue: -1}) priority!: number
    @Column({type: DataType.STRING(20), defaultValue: "it's new"}) label!: string
  }

  sequelize.addModels([Customer, Order])

  const Product = sequelize.define('Product', {
    id: {type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4},
    sku: {type: DataTypes.STRING(32), allowNull: false, unique: true},
    serial: {type: DataTypes.INTEGER, autoIncrement: true, unique: true},
    name: {type: DataTypes.STRING, allowNull: false, defaultValue: 'unnamed'},
    price: DataTypes.DECIMAL(10, 2),
    available: {type: DataTypes.BOOLEAN, defaultValue: false},
    kind: {type: DataTypes.ENUM('digital', 'physical'), allowNull: false, defaultValue: 'physical'},
    ...(postgres
      ? {
        attributes: {type: DataTypes.JSONB, defaultValue: {}},
        keywords: DataTypes.ARRAY(DataTypes.STRING),
        flags: DataTypes.ARRAY(DataTypes.ENUM('new', 'sale')),
      }
      : {}),
  }, {
    tableName: 'products', timestamps: false, comment: 'what we sell',
    indexes: [
      {fields: ['name', {name: 'price', order: 'DESC'}]},
      {unique: true, fields: ['sku', 'name'], name: 'products_sku_name_unique'},
      ...(postgres ? [{fields: ['attributes'], using: 'GIN'}] : []),
    ],
  })
  const Tag = sequelize.define('Tag', {
    ...(postgres ? {id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, autoIncrementIdentity: true}} : {}),
    label: {type: DataTypes.STRING(40), allowNull: false},
  }, {
    tableName: 'tags', timestamps: false, ...(postgres ? {schema: 'catalog'} : {}),
  })
  Product.belongsToMany(Tag, {through: 'product_tags'})
  Tag.belongsToMany(Product, {through: 'product_tags'})

  sequelize.define('Review', {
    productId: {
      type: DataTypes.UUID, references: {model: 'products', key: 'id'}, onDelete: 'SET NULL', onUpdate: 'CASCADE',
    },
    orderId: {type: DataTypes.INTEGER, references: {model: 'orders', key: 'id'}, onDelete: 'RESTRICT'},
    stars: {type: DataTypes.INTEGER, allowNull: false, defaultValue: 5, comment: 'one to five'},
    body: DataTypes.TEXT,
    source: {type: DataTypes.STRING(40), defaultValue: 'C:\\reviews\\new'},
  }, {tableName: 'reviews', underscored: true})

  sequelize.define('AuditLog', {
    id: {type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true},
    message: DataTypes.STRING(500),
    at: {type: DataTypes.DATE, allowNull: false, defaultValue: now},
    day: {type: DataTypes.DATEONLY, defaultValue: '2020-01-31'},
    source: {type: DataTypes.STRING(30), defaultValue: null, unique: {name: 'audit_logs_source_level', msg: 'taken'}},
    level: {type: DataTypes.SMALLINT, defaultValue: 3, unique: {name: 'audit_logs_source_level', msg: 'taken'}},
    ...(postgres ? {
      token: {type: DataTypes.UUID, defaultValue: fn('gen_random_uuid')},
      // `index: true` on JSONB (a GIN index) is in Sequelize but not in its typings.
      settings: {type: DataTypes.JSONB, index: true} as unknown as ModelAttributeColumnOptions,
    } : {}),
    ...(dialect === 'mariadb' ? {
      token: {type: DataTypes.UUID, defaultValue: fn('UUID')},
      code: DataTypes.STRING(16).BINARY,
      summary: DataTypes.TEXT('medium'),
      attachment: DataTypes.BLOB('long'),
      hits: DataTypes.INTEGER.UNSIGNED,
      loggedAt: DataTypes.DATE(3),
      ratio: DataTypes.FLOAT(8),
      exact: DataTypes.DECIMAL,
    } : {}),
  }, {tableName: 'audit_logs', timestamps: false})
}

forEachDialect('introspect matches describeModels after sync()', (dialect) => {
  let db: ScratchDatabase | undefined
  let sequelize: Sequelize | undefined

  before(async function () {
    db = await createScratchDatabase(dialect)
    sequelize = connect(db)
    if (dialect === 'postgres') await sequelize.createSchema('catalog', {})
    defineModels(sequelize, dialect)
    await sequelize.sync()
    await sequelize.getQueryInterface().createTable(VERSION_TABLE, {version_num: {type: DataTypes.STRING(32), primaryKey: true}})
  })

  after(async () => {
    await sequelize?.close()
    await db?.drop()
  })

  it('reads back exactly what describeModels says sync() creates', async () => {
    const expected = describeModels(sequelize!, dialectOf(sequelize!))
    const actual = await dialectOf(sequelize!).introspect(sequelize!, {versionTable: VERSION_TABLE, schemas: ['public', 'catalog']})
    assertSameSchema(actual, expected)
  })

  it('notices a difference (the comparison is not vacuous)', async () => {
    const expected = describeModels(sequelize!, dialectOf(sequelize!))
    const actual = await dialectOf(sequelize!).introspect(sequelize!, {versionTable: VERSION_TABLE, schemas: ['public', 'catalog']})
    actual.tables.get('orders')!.columns.find((column) => column.name === 'priority')!.default = {kind: 'literal', value: 2}
    expect(() => assertSameSchema(actual, expected)).to.throw('tables.orders.columns[priority].default.value: got 2, expected -1')
  })

  it('leaves out the version table', async () => {
    const actual = await dialectOf(sequelize!).introspect(sequelize!, {versionTable: VERSION_TABLE, schemas: ['public', 'catalog']})
    expect([...actual.tables.keys()]).not.to.include(VERSION_TABLE)
    expect(actual.tables.size).to.equal(describeModels(sequelize!, dialectOf(sequelize!)).tables.size)
  })
})

forEachDialect('introspect query count', (dialect) => {
  let db: ScratchDatabase | undefined
  let sequelize: PlainSequelize | undefined

  before(async () => {
    db = await createScratchDatabase(dialect)
    sequelize = db.connect()
  })

  after(async () => {
    await sequelize?.close()
    await db?.drop()
  })

  async function countQueries(): Promise<number> {
    let count = 0
    await dialectOf(sequelize!).introspect(sequelize!, {versionTable: VERSION_TABLE, onQuery: () => { count += 1 }})
    return count
  }

  async function defineTables(from: number, to: number): Promise<void> {
    let previous: ModelStatic<never> | undefined
    for (let i = from; i < to; i++) {
      const model = sequelize!.define(`T${i}`, {
        name: {type: DataTypes.STRING, unique: true},
        ...(previous ? {parentId: {type: DataTypes.INTEGER, references: {model: previous.getTableName() as string}}} : {}),
      }, {tableName: `t${i}`, indexes: [{fields: ['createdAt']}]}) as ModelStatic<never>
      previous = model
    }
    await sequelize!.sync()
  }

  it('does not grow with the number of tables', async () => {
    await defineTables(0, 2)
    const forTwo = await countQueries()
    await defineTables(2, 50)
    const forFifty = await countQueries()
    expect(forTwo).to.be.greaterThan(0)
    expect(forFifty).to.equal(forTwo)
  })
})

/**
 * Asserts two descriptions are equal, reporting the first difference by path. Order does not
 * matter for tables, indexes, unique constraints and foreign keys; `raw` type spellings are
 * ignored; a constraint name the model side leaves to the database (`undefined`, or a unique
 * index's `chosenName`) is not compared; on SQLite an enum is the TEXT column sync() makes of it.
 */
function assertSameSchema(actual: SchemaDescription, expected: SchemaDescription): void {
  const left = comparable(actual, expected)
  const right = comparable(expected, expected)
  const difference = firstDifference(left, right, '')
  if (difference) expect.fail(`introspected schema differs from the models: ${difference}`)
  expect(left).to.deep.equal(right)
}

function comparable(schema: SchemaDescription, reference: SchemaDescription): unknown {
  const tables: Record<string, unknown> = {}
  for (const [key, table] of [...schema.tables].sort(([a], [b]) => a.localeCompare(b))) {
    tables[key] = comparableTable(table, reference.tables.get(key), schema.dialect === 'sqlite')
  }
  const enums = Object.fromEntries([...schema.enums].sort(([a], [b]) => a.localeCompare(b)))
  return plain({dialect: schema.dialect, tables, enums})
}

function comparableTable(table: TableSchema, reference: TableSchema | undefined, enumsAsText: boolean): unknown {
  const columnsKey = (columns: string[]) => columns.join(',')
  const unique = table.uniqueConstraints.map((constraint) => {
    const match = reference?.uniqueConstraints.find((other) => columnsKey(other.columns) === columnsKey(constraint.columns))
    return match && match.name === undefined ? {columns: constraint.columns} : constraint
  })
  const foreignKeys = table.foreignKeys.map((key) => {
    const match = reference?.foreignKeys.find((other) => columnsKey(other.columns) === columnsKey(key.columns))
    if (!match || match.name !== undefined) return key
    const {name: _name, ...rest} = key
    return rest
  })
  const primaryKey = table.primaryKey && reference?.primaryKey?.name === undefined
    ? {columns: table.primaryKey.columns}
    : table.primaryKey
  const columns = table.columns.map((column) => (enumsAsText && column.type.kind === 'enum' ? {...column, type: {kind: 'text'}} : column))
  return {
    ...table,
    columns,
    primaryKey,
    uniqueConstraints: unique.sort((a, b) => columnsKey(a.columns).localeCompare(columnsKey(b.columns))),
    foreignKeys: foreignKeys.sort((a, b) => columnsKey(a.columns).localeCompare(columnsKey(b.columns))),
    indexes: [...table.indexes].sort((a, b) => a.name.localeCompare(b.name)),
  }
}

/** JSON-like copy without `undefined` members, `raw` type spellings and `chosenName` marks. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, item: unknown) => (key === 'raw' || key === 'chosenName' ? undefined : item)))
}

forEachDialect('introspect of expressions naming columns', () => {
  let db: ScratchDatabase | undefined
  let sequelize: PlainSequelize | undefined

  before(async () => {
    db = await createScratchDatabase('postgres')
    sequelize = db.connect()
    await sequelize.query(`CREATE TABLE "prices" ("id" SERIAL PRIMARY KEY, "net" INTEGER DEFAULT 2, "Gross" INTEGER GENERATED ALWAYS AS ("net" * 2) STORED, "label" TEXT DEFAULT 'x')`)
  })

  after(async () => {
    await sequelize?.close()
    await db?.drop()
  })

  // Defaults are read without their table, which only an expression naming a column needs.
  it('reads a generated column and the defaults beside it', async () => {
    const schema = await dialectOf(sequelize!).introspect(sequelize!, {versionTable: VERSION_TABLE})
    const columns = schema.tables.get('prices')!.columns
    expect(columns.map((column) => [column.name, column.default, column.autoIncrement])).to.deep.equal([
      ['id', undefined, true],
      ['net', {kind: 'literal', value: 2}, false],
      ['Gross', {kind: 'sql', sql: 'net * 2'}, false],
      ['label', {kind: 'literal', value: 'x'}, false],
    ])
  })
}, ['postgres'])

function firstDifference(actual: unknown, expected: unknown, path: string): string | undefined {
  if (Object.is(actual, expected)) return undefined
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) {
    return `${path || '(root)'}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`
  }
  if (Array.isArray(actual) !== Array.isArray(expected)) return `${path}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)])
  for (const key of keys) {
    const a = (actual as Record<string, unknown>)[key]
    const b = (expected as Record<string, unknown>)[key]
    const named = (b ?? a) as {name?: unknown} | undefined
    const label = Array.isArray(actual) ? `${path}[${typeof named?.name === 'string' ? named.name : key}]` : `${path}.${key}`
    if (a === undefined && b !== undefined) return `${label}: missing, expected ${JSON.stringify(b)}`
    if (b === undefined && a !== undefined) return `${label}: unexpected ${JSON.stringify(a)}`
    const difference = firstDifference(a, b, label)
    if (difference) return difference
  }
  return undefined
}
