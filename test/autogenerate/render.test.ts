import {expect} from 'chai'
import {DataTypes} from 'sequelize'
import * as ts from 'typescript'
import {dialectNamed} from '../../src/dialects'
import {postgres} from '../../src/dialects/postgres'
import {Op, withWarnings} from '../../src/autogenerate/ops'
import {renderOps} from '../../src/autogenerate/render'
import {jsSql, jsString, renderDefault, renderType, sqlName, sqlString} from '../../src/autogenerate/render-values'
import {ColumnType} from '../../src/schema/schema'
import {column, compareOn, fk, id, index, schema, table, varchar} from './builders'
import {PAIRS} from './pairs'

/** `lines` joined as a rendered body: two spaces before every non-empty line. */
function body(...lines: string[]): string {
  return lines.map((line) => (line === '' ? '' : `  ${line}`)).join('\n')
}

function up(ops: Op[], dialect = 'postgres'): string {
  return renderOps(ops.map((op) => withWarnings(op, dialectNamed(dialect))), {dialect: dialectNamed(dialect)}).up
}

/** Transpiles a rendered body inside `async function up(ctx)`; returns its syntax errors and the JS. */
function compile(code: string): {errors: string[]; js: string} {
  const source = `module.exports = async function up({queryInterface, sequelize, DataTypes}: any) {\n${code}\n}\n`
  const output = ts.transpileModule(source, {reportDiagnostics: true, compilerOptions: {module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022}})
  const errors = (output.diagnostics ?? []).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
  return {errors, js: output.outputText}
}

type Call = [string, ...unknown[]]

/** Runs a rendered body against a context (of `dialect`) that records calls, with Sequelize's real DataTypes. */
async function run(code: string, dialect = 'postgres'): Promise<Call[]> {
  const {errors, js} = compile(code)
  expect(errors, code).to.deep.equal([])
  const module = {exports: undefined as unknown as (ctx: unknown) => Promise<void>}
  new Function('module', js)(module)
  const calls: Call[] = []
  // The foreign keys a revision looks up by their columns: none here.
  const queryInterface = new Proxy({}, {
    get: (_target, method: string) => async (...args: unknown[]) => {
      calls.push([method, ...args])
      return method === 'getForeignKeyReferencesForTable' ? [] : undefined
    },
  })
  const sequelize = {
    query: async (sql: string) => { calls.push(['query', sql]) },
    fn: (name: string, ...args: unknown[]) => ({fn: name, args}),
    literal: (sql: string) => ({literal: sql}),
    getDialect: () => dialect,
  }
  await module.exports({queryInterface, sequelize, DataTypes, transaction: null})
  return calls
}

describe('renderOps', () => {
  describe('statements', () => {
    it('renders createTable with keys, comment, uniques, indexes and named foreign keys', () => {
      const orders = table('orders', [
        id(),
        column('userId', 'integer', {nullable: false}),
        column('total', {kind: 'decimal', precision: 10, scale: 2}, {default: {kind: 'literal', value: 0}, comment: 'in cents'}),
        column('createdAt', {kind: 'date', precision: 3, withTimezone: true}, {nullable: false, default: {kind: 'now'}}),
      ], {
        comment: 'Orders',
        foreignKeys: [fk('userId', 'users', {onDelete: 'CASCADE'})],
        uniqueConstraints: [{name: 'orders_user_total_key', columns: ['userId', 'total']}],
        indexes: [index('orders_created', ['createdAt'], {columns: [{name: 'createdAt', order: 'DESC'}]})],
      })
      expect(up([{kind: 'createTable', table: orders}])).to.equal(body(
        "await queryInterface.createTable('orders', {",
        '  id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, autoIncrement: true },',
        '  userId: { type: DataTypes.INTEGER, allowNull: false },',
        "  total: { type: DataTypes.DECIMAL(10, 2), allowNull: true, defaultValue: 0, comment: 'in cents' },",
        "  createdAt: { type: DataTypes.DATE(3), allowNull: false, defaultValue: sequelize.literal('CURRENT_TIMESTAMP') },",
        "}, { comment: 'Orders' })",
        "await queryInterface.addConstraint('orders', {",
        "  type: 'unique',",
        "  name: 'orders_user_total_key',",
        "  fields: ['userId', 'total'],",
        '})',
        "await queryInterface.addIndex('orders', {",
        "  name: 'orders_created',",
        "  fields: [{ name: 'createdAt', order: 'DESC' }],",
        '})',
        "await queryInterface.addConstraint('orders', {",
        "  type: 'foreign key',",
        "  name: 'orders_userId_users_fk',",
        "  fields: ['userId'],",
        "  references: { table: 'users', field: 'id' },",
        "  onDelete: 'CASCADE',",
        '})',
      ))
    })

    it('renders column, index and constraint changes as QueryInterface calls', () => {
      const ops: Op[] = [
        {kind: 'addColumn', table: 'users', column: column('uuid', 'uuid', {nullable: false, default: {kind: 'function', name: 'gen_random_uuid', args: []}})},
        {kind: 'alterColumn', table: 'users', from: varchar('name', 100), to: varchar('name', 200)},
        {kind: 'renameColumn', table: 'users', from: 'fullname', to: 'name'},
        {kind: 'renameTable', schema: 'shop', from: 'orders', to: 'purchases'},
        {kind: 'createIndex', table: 'users', index: index('users_active', ['email'], {unique: true, where: '"deletedAt" IS NULL'})},
        {kind: 'dropIndex', table: 'users', index: index('users_old', ['email'])},
        {kind: 'dropForeignKey', table: 'posts', foreignKey: fk('userId', 'users', {name: 'posts_userId_users_fk'})},
        {kind: 'dropUniqueConstraint', table: 'users', constraint: {columns: ['email']}},
      ]
      expect(up(ops)).to.equal(body(
        "await queryInterface.addColumn('users', 'uuid', { type: DataTypes.UUID, allowNull: false, defaultValue: sequelize.fn('gen_random_uuid') })",
        "await queryInterface.changeColumn('users', 'name', { type: DataTypes.STRING(200), allowNull: true })",
        "await queryInterface.renameColumn('users', 'fullname', 'name')",
        "await queryInterface.renameTable({ tableName: 'orders', schema: 'shop' }, 'purchases')",
        '',
        "await queryInterface.addIndex('users', {",
        "  name: 'users_active',",
        "  fields: ['email'],",
        '  unique: true,',
        `  where: sequelize.literal('"deletedAt" IS NULL'),`,
        '})',
        '',
        "await queryInterface.removeIndex('users', 'users_old')",
        "await queryInterface.removeConstraint('posts', 'posts_userId_users_fk')",
        "await queryInterface.removeConstraint('users', 'users_email_uk')",
      ))
    })

    it('leaves out what the dialect cannot store', () => {
      const ops: Op[] = [
        {kind: 'createIndex', table: 't', index: index('t_a', ['a'], {using: 'gin', where: 'a > 0'})},
        {kind: 'addColumn', table: 't', column: column('b', 'text', {comment: 'note'})},
      ]
      expect(up(ops, 'mariadb')).to.equal(body(
        "await queryInterface.addIndex('t', { name: 't_a', fields: ['a'] })",
        "await queryInterface.addColumn('t', 'b', { type: DataTypes.TEXT, allowNull: true, comment: 'note' })",
      ))
      expect(up(ops, 'sqlite')).to.equal(body(
        "await queryInterface.addIndex('t', {",
        "  name: 't_a',",
        "  fields: ['a'],",
        "  where: sequelize.literal('a > 0'),",
        '})',
        '',
        "await queryInterface.addColumn('t', 'b', { type: DataTypes.TEXT, allowNull: true })",
      ))
    })

    it('keeps autoIncrement in changeColumn only where the dialect needs it repeated', () => {
      const op: Op = {kind: 'alterColumn', table: 't', from: column('id', 'integer', {nullable: false, autoIncrement: true}), to: column('id', 'bigint', {nullable: false, autoIncrement: true})}
      expect(up([op], 'postgres')).to.equal(body("await queryInterface.changeColumn('t', 'id', { type: DataTypes.BIGINT, allowNull: false })"))
      expect(up([op], 'mariadb')).to.equal(body("await queryInterface.changeColumn('t', 'id', { type: DataTypes.BIGINT, allowNull: false, autoIncrement: true })"))
    })

    it('renders table comments in each dialect\'s syntax', () => {
      const op: Op = {kind: 'setTableComment', table: 'users', from: 'old', to: "it's new"}
      expect(up([op], 'postgres')).to.equal(body("await sequelize.query(`COMMENT ON TABLE \"users\" IS 'it''s new'`)"))
      expect(up([op], 'mariadb')).to.equal(body('await sequelize.query("ALTER TABLE `users` COMMENT = \'it\'\'s new\'")'))
    })

    it('works around what QueryInterface gets wrong per dialect', () => {
      const tickets = table('tickets', [id(), column('state', {kind: 'enum', enumName: 'enum_tickets_state', values: ['a']})])
      expect(up([{kind: 'dropTable', table: tickets}])).to.equal(body(
        '// WARNING: drops table tickets and all its rows',
        "// {}: Sequelize's PostgreSQL dropTable reads its options when a model with ENUM columns uses the table",
        "await queryInterface.dropTable('tickets', {})",
      ))
      const uncomment: Op = {kind: 'alterColumn', table: 't', from: column('a', 'text', {comment: 'old'}), to: column('a', 'text')}
      expect(up([uncomment])).to.equal(body(
        "await queryInterface.changeColumn('t', 'a', { type: DataTypes.TEXT, allowNull: true })",
        'await sequelize.query(`COMMENT ON COLUMN "t"."a" IS NULL`)',
      ))
      expect(up([uncomment], 'mariadb')).to.equal(body("await queryInterface.changeColumn('t', 'a', { type: DataTypes.TEXT, allowNull: true })"))
      const primaryKey: Op = {kind: 'alterPrimaryKey', table: 't', from: {columns: ['a']}, to: {columns: ['a', 'b']}}
      expect(up([primaryKey], 'mariadb')).to.include("await queryInterface.addConstraint('t', { type: 'primary key', fields: ['a', 'b'] })")
      const foreignKey = {...fk('userId', 'users'), index: 'userId'}
      expect(up([{kind: 'addForeignKey', table: 'posts', foreignKey}, {kind: 'dropForeignKey', table: 'posts', foreignKey: {...foreignKey, name: 'posts_userId_users_fk'}}], 'mariadb')).to.equal(body(
        "if (sequelize.getDialect() === 'mariadb') await queryInterface.addIndex('posts', { name: 'userId', fields: ['userId'] })",
        "await queryInterface.addConstraint('posts', {",
        "  type: 'foreign key',",
        "  name: 'posts_userId_users_fk',",
        "  fields: ['userId'],",
        "  references: { table: 'users', field: 'id' },",
        '})',
        '',
        "await queryInterface.removeConstraint('posts', 'posts_userId_users_fk')",
        "if (sequelize.getDialect() === 'mariadb') await queryInterface.removeIndex('posts', 'userId')",
      ))
    })

    it('removes a foreign key the database named by looking it up where the revision runs, one a revision created by its name', async () => {
      const chosen: Op = {kind: 'dropForeignKey', table: 'posts', foreignKey: fk('userId', 'users', {name: 'posts_userId_fkey'})}
      const code = up([chosen])
      expect(code).to.include("getForeignKeyReferencesForTable('posts')").and.include("key?.constraintName ?? 'posts_userId_users_fk'")
      expect(await run(code)).to.deep.equal([['getForeignKeyReferencesForTable', 'posts'], ['removeConstraint', 'posts', 'posts_userId_users_fk']])
      const created: Op = {kind: 'addForeignKey', table: 'posts', foreignKey: fk('userId', 'users')}
      expect(renderOps([created], {dialect: postgres}).down).to.equal(body("await queryInterface.removeConstraint('posts', 'posts_userId_users_fk')"))
    })

    it("adds MariaDB's unique index for an unnamed unique constraint as a constraint, and removes it as one", () => {
      const unique = {...index('email', ['email'], {unique: true}), chosenName: true as const}
      const ops: Op[] = [
        {kind: 'createIndex', table: 'users', index: unique},
        {kind: 'dropIndex', table: 'users', index: index('users_code_uk', ['code'], {unique: true})},
        {kind: 'dropIndex', table: 'users', index: index('users_name', ['name'], {unique: true})},
      ]
      const rendered = renderOps(ops, {dialect: dialectNamed('mariadb')})
      expect(rendered.up).to.equal(body(
        "await queryInterface.addConstraint('users', { type: 'unique', fields: ['email'] })",
        "await queryInterface.removeConstraint('users', 'users_code_uk')",
        "await queryInterface.removeIndex('users', 'users_name')",
      ))
      expect(rendered.down.split('\n').at(-1)).to.equal("  await queryInterface.removeConstraint('users', 'users_email_uk')")
    })

    it('renders a revision every target database runs: guarded statements of their own, the portable ones for the others', async () => {
      const targets = ['postgres', 'mariadb', 'mysql', 'sqlite'].map(dialectNamed)
      const state = (values: string[]) => column('state', {kind: 'enum', values}, {nullable: false, default: {kind: 'literal', value: 'a'}})
      // Generated on MariaDB: PostgreSQL adds the value to the type the column has there.
      const inline: Op = {kind: 'alterColumn', table: 't', from: state(['a', 'c']), to: state(['a', 'b', 'c'])}
      const onMariadb = renderOps([inline], {dialect: dialectNamed('mariadb'), targets}).up
      expect(onMariadb).to.equal(body(
        "if (sequelize.getDialect() === 'postgres') await sequelize.query(`ALTER TYPE \"enum_t_state\" ADD VALUE IF NOT EXISTS 'b' BEFORE 'c'`)",
        "await queryInterface.changeColumn('t', 'state', { type: DataTypes.ENUM('a', 'b', 'c'), allowNull: false, defaultValue: 'a' })",
      ))
      // Generated on SQLite, where the column is TEXT: PostgreSQL adds every value its type lacks, if it has the type.
      const fromText: Op = {kind: 'alterColumn', table: 't', from: column('state', 'text', {nullable: false, default: {kind: 'literal', value: 'a'}}), to: state(['a', 'b'])}
      expect(renderOps([fromText], {dialect: dialectNamed('sqlite'), targets}).up).to.include(
        "if (sequelize.getDialect() === 'postgres') await sequelize.query(`DO $$ BEGIN IF to_regtype('\"enum_t_state\"') IS NOT NULL THEN " +
        "ALTER TYPE \"enum_t_state\" ADD VALUE IF NOT EXISTS 'a'; ALTER TYPE \"enum_t_state\" ADD VALUE IF NOT EXISTS 'b'; END IF; END $$`)")
      // A new inline value the revision makes the default: PostgreSQL must run it outside a transaction.
      const newDefault: Op = {kind: 'alterColumn', table: 't', from: state(['a']), to: {...state(['a', 'b']), default: {kind: 'literal', value: 'b'}}}
      expect(postgres.nonTransactionalReason!([newDefault])).to.match(/cannot use a new enum value/)
      expect(postgres.nonTransactionalReason!([inline])).to.equal(undefined)
      // Generated on PostgreSQL: the others change each column using the type.
      const definition = column('state', {kind: 'enum', enumName: 'enum_t_state', values: ['a', 'c']}, {nullable: false, default: {kind: 'literal', value: 'a'}})
      const added: Op = {kind: 'addEnumValue', enum: {name: 'enum_t_state', values: ['a', 'c']}, value: 'b', index: 1, columns: [{table: 't', column: 'state', array: false, definition}]}
      const onPostgres = renderOps([added], {dialect: postgres, targets}).up
      expect(await run(onPostgres, 'postgres')).to.deep.equal([['query', "ALTER TYPE \"enum_t_state\" ADD VALUE IF NOT EXISTS 'b' BEFORE 'c'"]])
      const elsewhere = await run(onPostgres, 'mariadb')
      expect(elsewhere.map((call) => call[0])).to.deep.equal(['changeColumn'])
      expect((elsewhere[0][3] as {type: {values: string[]}}).type.values).to.deep.equal(['a', 'b', 'c'])
      // A foreign key dropped where InnoDB's index was not known: MariaDB drops the index named after the key.
      const dropped: Op = {kind: 'dropForeignKey', table: 'posts', foreignKey: fk('userId', 'users', {name: 'posts_userId_users_fk'})}
      expect(renderOps([dropped], {dialect: postgres, targets}).up).to.equal(body(
        "await queryInterface.removeConstraint('posts', 'posts_userId_users_fk')",
        "if (sequelize.getDialect() === 'mariadb') await sequelize.query('ALTER TABLE `posts` DROP INDEX IF EXISTS `posts_userId_users_fk`')",
      ))
      // One sync() created: InnoDB named its index after the column (or after the key, if down added it again).
      const chosen: Op = {kind: 'dropForeignKey', table: 'posts', foreignKey: fk('userId', 'users', {name: 'posts_userId_fkey'})}
      expect(renderOps([chosen], {dialect: postgres, targets}).up.split('\n').at(-1)).to.equal(
        "  if (sequelize.getDialect() === 'mariadb') await sequelize.query('ALTER TABLE `posts` DROP INDEX IF EXISTS `userId`, DROP INDEX IF EXISTS `posts_userId_fkey`')")
    })

    it('renders PostgreSQL enum types as SQL, explaining ADD VALUE and recreation', () => {
      const ops: Op[] = [
        {kind: 'createEnumType', enum: {name: 'enum_t_s', schema: 'shop', values: ['a', "b'c"]}},
        {kind: 'addEnumValue', enum: {name: 'enum_t_s', values: ['a', 'c']}, value: 'b', index: 1, columns: []},
        {kind: 'recreateEnumType', name: 'e', fromValues: ['a', 'b'], toValues: ['b'], columns: [{table: 't', column: 's', array: false, default: {kind: 'literal', value: 'b'}}]},
      ]
      expect(up(ops)).to.equal(body(
        "if (sequelize.getDialect() === 'postgres') await sequelize.query(`CREATE TYPE \"shop\".\"enum_t_s\" AS ENUM ('a', 'b''c')`)",
        '',
        "// PostgreSQL 12 or later: ADD VALUE runs in the revision's transaction; the value is usable once it commits",
        "if (sequelize.getDialect() === 'postgres') await sequelize.query(`ALTER TYPE \"enum_t_s\" ADD VALUE IF NOT EXISTS 'b' BEFORE 'c'`)",
        '',
        '// WARNING: PostgreSQL cannot remove or reorder enum values: type e is recreated and every column using it is converted',
        "// WARNING: removes 'a' from e: fails if a row holds one of them",
        "if (sequelize.getDialect() === 'postgres') {",
        '  await sequelize.query(`ALTER TYPE "e" RENAME TO "e_old"`)',
        "  await sequelize.query(`CREATE TYPE \"e\" AS ENUM ('b')`)",
        '  await sequelize.query(`ALTER TABLE "t" ALTER COLUMN "s" DROP DEFAULT`)',
        '  await sequelize.query(`ALTER TABLE "t" ALTER COLUMN "s" TYPE "e" USING "s"::text::"e"`)',
        "  await sequelize.query(`ALTER TABLE \"t\" ALTER COLUMN \"s\" SET DEFAULT 'b'`)",
        '  await sequelize.query(`DROP TYPE "e_old"`)',
        '}',
      ))
    })

    it('leaves an enum type a DataTypes.ENUM column creates to Sequelize, and guards the SQL only PostgreSQL runs', async () => {
      const state = {name: 'state', type: {kind: 'enum' as const, enumName: 'enum_tickets_state', values: ['open', 'closed']}, nullable: true, autoIncrement: false}
      const ops: Op[] = [
        {kind: 'createEnumType', enum: {name: 'enum_tickets_state', values: ['open', 'closed']}},
        {kind: 'createTable', table: table('tickets', [id(), state])},
      ]
      const rendered = renderOps(ops, {dialect: postgres})
      expect(rendered.up).not.to.include('CREATE TYPE')
      expect(rendered.up).to.include("state: { type: DataTypes.ENUM('open', 'closed'), allowNull: true }")
      expect(rendered.down).to.include("if (sequelize.getDialect() === 'postgres') await sequelize.query(`DROP TYPE IF EXISTS \"enum_tickets_state\"`)")
      expect((await run(rendered.down, 'sqlite')).map(([method]) => method)).to.deep.equal(['dropTable'])
    })

    it('writes warnings and rename proposals as comments above the operation', () => {
      const db = schema('postgres', [table('users', [id(), varchar('fullname')])])
      const models = schema('postgres', [table('users', [id(), varchar('name')])])
      const {ops, proposedRenames} = compareOn(db, models)
      expect(renderOps(ops, {dialect: postgres, proposedRenames}).up).to.equal(body(
        "await queryInterface.addColumn('users', 'name', { type: DataTypes.STRING, allowNull: true })",
        '',
        '// NOTE: looks like a rename of column users.fullname to name: pass --rename users.fullname=name to keep the data',
        '// WARNING: drops column users.fullname and its data',
        "await queryInterface.removeColumn('users', 'fullname')",
      ))
    })

    it('renders down as the reverse operations, last first', () => {
      const ops: Op[] = [
        {kind: 'createTable', table: table('tags', [id()])},
        {kind: 'addColumn', table: 'posts', column: column('tagId', 'integer')},
        {kind: 'addForeignKey', table: 'posts', foreignKey: fk('tagId', 'tags', {name: 'posts_tag_fk'})},
      ]
      const rendered = renderOps(ops, {dialect: postgres})
      expect(rendered.down).to.equal(body(
        "await queryInterface.removeConstraint('posts', 'posts_tag_fk')",
        '',
        '// WARNING: drops column posts.tagId and its data',
        "await queryInterface.removeColumn('posts', 'tagId')",
        '',
        '// WARNING: drops table tags and all its rows',
        "await queryInterface.dropTable('tags')",
      ))
      expect(rendered.context).to.deep.equal({up: ['queryInterface', 'DataTypes'], down: ['queryInterface']})
    })

    it('renders nothing for no operations', () => {
      expect(renderOps([], {dialect: postgres})).to.deep.equal({up: '', down: '', context: {up: [], down: []}})
    })
  })

  describe('values', () => {
    it('renders every type kind as Sequelize code', () => {
      const postgresDialect = dialectNamed('postgres')
      const cases: Array<[ColumnType, string]> = [
        [{kind: 'string'}, 'DataTypes.STRING'],
        [{kind: 'string', length: 255}, 'DataTypes.STRING'],
        [{kind: 'string', length: 100, binary: true}, 'DataTypes.STRING(100).BINARY'],
        [{kind: 'char', length: 2}, 'DataTypes.CHAR(2)'],
        [{kind: 'text', length: 'medium'}, "DataTypes.TEXT('medium')"],
        [{kind: 'integer', unsigned: true, zerofill: true}, 'DataTypes.INTEGER.UNSIGNED.ZEROFILL'],
        [{kind: 'bigint'}, 'DataTypes.BIGINT'],
        [{kind: 'decimal', precision: 10, scale: 2}, 'DataTypes.DECIMAL(10, 2)'],
        [{kind: 'double'}, 'DataTypes.DOUBLE'],
        [{kind: 'date', precision: 3, withTimezone: true}, 'DataTypes.DATE(3)'],
        [{kind: 'date', precision: 3}, "'TIMESTAMP(3) WITHOUT TIME ZONE'"],
        [{kind: 'date', withTimezone: false}, "'TIMESTAMP WITHOUT TIME ZONE'"],
        [{kind: 'dateonly'}, 'DataTypes.DATEONLY'],
        [{kind: 'enum', values: ['a', "it's"]}, `DataTypes.ENUM('a', "it's")`],
        [{kind: 'array', element: {kind: 'integer'}}, 'DataTypes.ARRAY(DataTypes.INTEGER)'],
        [{kind: 'jsonb'}, 'DataTypes.JSONB'],
        [{kind: 'uuid'}, 'DataTypes.UUID'],
        [{kind: 'blob', length: 'tiny'}, "DataTypes.BLOB('tiny')"],
        [{kind: 'other', raw: 'MONEY'}, "'MONEY'"],
      ]
      for (const [type, code] of cases) expect(renderType(type, postgresDialect), JSON.stringify(type)).to.equal(code)
      expect(renderType({kind: 'date', withTimezone: false}, dialectNamed('mariadb'))).to.equal('DataTypes.DATE')
    })

    it('renders defaults; now follows the column precision where the dialect needs it', () => {
      const date: ColumnType = {kind: 'date', precision: 3}
      expect(renderDefault({kind: 'now'}, date, dialectNamed('mariadb'))).to.equal("sequelize.literal('CURRENT_TIMESTAMP(3)')")
      expect(renderDefault({kind: 'now'}, date, dialectNamed('sqlite'))).to.equal("sequelize.literal('CURRENT_TIMESTAMP')")
      expect(renderDefault({kind: 'literal', value: true}, {kind: 'boolean'}, dialectNamed('postgres'))).to.equal('true')
      expect(renderDefault({kind: 'function', name: 'nextval', args: ["'seq'::regclass"]}, {kind: 'integer'}, dialectNamed('postgres')))
        .to.equal(`sequelize.fn('nextval', sequelize.literal("'seq'::regclass"))`)
      expect(renderDefault({kind: 'sql', sql: "lower('X')"}, {kind: 'text'}, dialectNamed('postgres'))).to.equal(`sequelize.literal("lower('X')")`)
    })

    it('renders a JSON default as the value it holds, never as its JSON text', () => {
      const json: ColumnType = {kind: 'jsonb'}
      const postgresDialect = dialectNamed('postgres')
      expect(renderDefault({kind: 'literal', value: '{"sort":{"field":"title"},"tags":["a",1,null]}'}, json, postgresDialect))
        .to.equal("{ sort: { field: 'title' }, tags: ['a', 1, null] }")
      expect(renderDefault({kind: 'literal', value: '[]'}, {kind: 'json'}, postgresDialect)).to.equal('[]')
      expect(renderDefault({kind: 'literal', value: '"plain"'}, json, postgresDialect)).to.equal("'plain'")
      const odd = '{"__proto__":{"x":1},"a b":"it\'s"}'
      const code = renderDefault({kind: 'literal', value: odd}, json, postgresDialect)
      expect(JSON.stringify(new Function(`return ${code}`)())).to.equal(odd)
    })

    it('escapes JavaScript strings so they evaluate back to the original', () => {
      const tricky = ["it's", 'say "hi"', `both ' and "`, 'back\\slash', 'line\nbreak\r\ttab', '${not} `a template`', '\u2028sep\u0000nul']
      for (const value of tricky) {
        expect(new Function(`return ${jsString(value)}`)(), JSON.stringify(value)).to.equal(value)
        expect(new Function(`return ${jsSql(value)}`)(), JSON.stringify(value)).to.equal(value)
      }
      expect(jsSql(`SELECT 'a' FROM "t"`)).to.equal("`SELECT 'a' FROM \"t\"`")
    })

    it('quotes SQL identifiers and strings for the dialect', () => {
      expect(sqlName(dialectNamed('postgres'), 'we"ird', 'shop')).to.equal('"shop"."we""ird"')
      expect(sqlName(dialectNamed('mariadb'), 'we`ird')).to.equal('`we``ird`')
      expect(sqlString(dialectNamed('postgres'), "a'b\\c")).to.equal("'a''b\\c'")
      expect(sqlString(dialectNamed('mariadb'), "a'b\\c")).to.equal("'a''b\\\\c'")
    })

    it('keeps names, comments and defaults with quotes and line breaks intact in running code', async () => {
      const weird = table("it's \"odd\"", [
        column('na\\me', {kind: 'string', length: 10}, {comment: 'line one\nline "two"', default: {kind: 'literal', value: "O'Brien\\"}}),
        column('ok', 'boolean'),
      ], {comment: "table's\ncomment"})
      const code = up([{kind: 'createTable', table: weird}, {kind: 'dropColumn', table: weird.name, column: weird.columns[1]}])
      const calls = await run(code)
      expect(calls[0][0]).to.equal('createTable')
      expect(calls[0][1]).to.equal(weird.name)
      const columns = calls[0][2] as Record<string, {comment: string; defaultValue: string}>
      expect(Object.keys(columns)).to.deep.equal(['na\\me', 'ok'])
      expect(columns['na\\me']).to.deep.include({comment: 'line one\nline "two"', defaultValue: "O'Brien\\"})
      expect(calls[0][3]).to.deep.equal({comment: "table's\ncomment"})
      expect(calls[1]).to.deep.equal(['removeColumn', weird.name, 'ok'])
    })
  })

  describe('rendered revisions of the schema pairs', () => {
    for (const pair of PAIRS) {
      for (const [name, from, to] of [[pair.name, pair.from, pair.to], [`${pair.name}, reversed`, pair.to, pair.from]] as const) {
        it(`${name}: up and down parse and run against a recording context`, async () => {
          const {ops, proposedRenames} = compareOn(from, to)
          const rendered = renderOps(ops, {dialect: dialectNamed(to.dialect), proposedRenames})
          const upCalls = await run(rendered.up)
          const downCalls = await run(rendered.down)
          expect(upCalls.length).to.be.greaterThan(0)
          expect(downCalls.length).to.be.greaterThan(0)
          expect(renderOps(ops, {dialect: dialectNamed(to.dialect), proposedRenames}), 'deterministic').to.deep.equal(rendered)
        })
      }
    }

    it('creates the tables of a foreign key cycle, then closes the cycle', async () => {
      const cycle = PAIRS.find((pair) => pair.name === 'foreign key cycle')!
      const {ops} = compareOn(cycle.from, cycle.to)
      const calls = await run(renderOps(ops, {dialect: postgres}).up)
      expect(calls.map((call) => `${call[0]} ${String(call[1])}`)).to.deep.equal(['createTable a', 'createTable b', 'addConstraint b', 'createTable c', 'addConstraint c', 'addConstraint c', 'addConstraint a'])
      expect(calls[6][2]).to.deep.equal({type: 'foreign key', name: 'a_bId_b_fk', fields: ['bId'], references: {table: 'b', field: 'id'}})
    })
  })
})
