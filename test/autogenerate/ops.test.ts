import {expect} from 'chai'
import {applyOps} from '../../src/autogenerate/apply'
import {
  describeOp, enumChangeOp, Op, reverseOp, withWarnings,
} from '../../src/autogenerate/ops'
import {mariadb} from '../../src/dialects/mariadb'
import {postgres} from '../../src/dialects/postgres'
import {sqlite} from '../../src/dialects/sqlite'
import {column, fk, id, index, normalize, schema, table, varchar} from './builders'

const users = table('users', [id(), varchar('name', 100)], {comment: 'people'})

/** One operation of every kind, with the warnings compare would give them on PostgreSQL. */
const EVERY_KIND: Op[] = ([
  {kind: 'createTable', table: users},
  {kind: 'dropTable', table: users},
  {kind: 'renameTable', from: 'users', to: 'people'},
  {kind: 'renameTable', schema: 'shop', from: 'a', to: 'b'},
  {kind: 'addColumn', table: 'users', column: varchar('email')},
  {kind: 'addColumn', table: 'users', column: column('age', 'integer', {nullable: false})},
  {kind: 'dropColumn', table: 'users', schema: 'shop', column: varchar('email')},
  {kind: 'alterColumn', table: 'users', from: varchar('name', 100), to: varchar('name', 50, {nullable: false})},
  {kind: 'alterColumn', table: 'users', from: column('n', 'text'), to: column('n', 'integer')},
  {kind: 'renameColumn', table: 'users', from: 'fullname', to: 'name'},
  {kind: 'createIndex', table: 'users', index: index('users_name', ['name'], {unique: true})},
  {kind: 'dropIndex', table: 'users', index: index('users_name', ['name'])},
  {kind: 'addUniqueConstraint', table: 'users', constraint: {name: 'users_email_key', columns: ['email']}},
  {kind: 'dropUniqueConstraint', table: 'users', constraint: {columns: ['email']}},
  {kind: 'addForeignKey', table: 'posts', foreignKey: fk('userId', 'users', {onDelete: 'CASCADE'})},
  {kind: 'dropForeignKey', table: 'posts', foreignKey: fk('userId', 'users', {name: 'posts_user_fk'})},
  {kind: 'alterPrimaryKey', table: 'lines', from: {columns: ['a']}, to: {columns: ['a', 'b']}},
  {kind: 'alterPrimaryKey', table: 'lines', to: {name: 'lines_pkey', columns: ['a']}},
  {kind: 'setTableComment', table: 'users', from: 'old', to: 'new'},
  {kind: 'setTableComment', table: 'users', to: 'new'},
  {kind: 'createEnumType', enum: {name: 'enum_users_status', values: ['a', 'b']}},
  {kind: 'dropEnumType', enum: {name: 'enum_x', schema: 'shop', values: ['a']}},
  {kind: 'addEnumValue', enum: {name: 'enum_users_status', values: ['a', 'c']}, value: 'b', index: 1, columns: [{table: 'users', column: 'status', array: false}]},
  {kind: 'recreateEnumType', name: 'enum_users_status', fromValues: ['a', 'b', 'c'], toValues: ['c', 'a'], columns: []},
] as Op[]).map((op) => withWarnings(op, postgres))

describe('autogenerate ops', () => {
  describe('reverseOp', () => {
    it('gives back the original operation when applied twice, for every kind', () => {
      for (const op of EVERY_KIND) {
        expect(reverseOp(reverseOp(op, postgres), postgres), describeOp(op)).to.deep.equal(op)
      }
    })

    it('turns creations into drops that carry what is needed to undo them', () => {
      expect(reverseOp({kind: 'createTable', table: users}, postgres)).to.deep.equal({kind: 'dropTable', table: users, warnings: ['drops table users and all its rows']})
      expect(reverseOp({kind: 'addColumn', table: 'users', column: varchar('email')}, postgres)).to.deep.include({kind: 'dropColumn', column: varchar('email')})
      expect(reverseOp({kind: 'alterPrimaryKey', table: 't', to: {columns: ['a']}}, postgres)).to.deep.equal({kind: 'alterPrimaryKey', table: 't', from: {columns: ['a']}})
    })

    it('reverses an added enum value by recreating the type without it', () => {
      const op = EVERY_KIND.find((candidate) => candidate.kind === 'addEnumValue')!
      const reverse = reverseOp(op, postgres)
      expect(reverse).to.deep.include({kind: 'recreateEnumType', fromValues: ['a', 'b', 'c'], toValues: ['a', 'c']})
      expect(reverse.warnings).to.include("removes 'b' from enum_users_status: fails if a row holds one of them")
    })

    it('recomputes warnings for the direction the reverse runs in', () => {
      const widen = withWarnings<Op>({kind: 'alterColumn', table: 'users', from: varchar('name', 100), to: varchar('name', 200)}, postgres)
      expect(widen.warnings).to.equal(undefined)
      expect(reverseOp(widen, postgres).warnings).to.deep.equal(['narrows users.name from VARCHAR(200) to VARCHAR(100): values that do not fit fail or are truncated'])
    })
  })

  describe('enumChangeOp', () => {
    it('adds one inserted value and recreates the type for anything else', () => {
      const type = {name: 'e', values: ['a', 'c']}
      expect(enumChangeOp(type, ['a', 'b', 'c'], [])).to.deep.include({kind: 'addEnumValue', value: 'b', index: 1})
      expect(enumChangeOp(type, ['a', 'c', 'd'], [])).to.deep.include({kind: 'addEnumValue', value: 'd', index: 2})
      expect(enumChangeOp(type, ['x', 'a', 'c'], [])).to.deep.include({kind: 'addEnumValue', value: 'x', index: 0})
      expect(enumChangeOp(type, ['c', 'a'], []).kind).to.equal('recreateEnumType')
      expect(enumChangeOp(type, ['a', 'b', 'c', 'd'], []).kind).to.equal('recreateEnumType')
    })
  })

  describe('warnings', () => {
    const warningsOf = (op: Op, dialect = postgres) => withWarnings(op, dialect).warnings ?? []

    it('flags data loss, NOT NULL and narrowing', () => {
      expect(warningsOf({kind: 'dropColumn', table: 'users', column: varchar('bio')})).to.deep.equal(['drops column users.bio and its data'])
      expect(warningsOf({kind: 'addColumn', table: 'users', column: column('age', 'integer', {nullable: false})})[0]).to.match(/^adds NOT NULL column users.age without a default/)
      expect(warningsOf({kind: 'addColumn', table: 'users', column: column('age', 'integer', {nullable: false, default: {kind: 'literal', value: 0}})})).to.deep.equal([])
      expect(warningsOf({kind: 'alterColumn', table: 'users', from: varchar('name'), to: varchar('name', 255, {nullable: false})})).to.deep.equal(['sets users.name NOT NULL: fails if a row holds NULL; backfill first'])
      expect(warningsOf({kind: 'alterColumn', table: 't', from: column('n', 'bigint'), to: column('n', 'integer')})[0]).to.match(/^narrows t.n from BIGINT to INTEGER/)
      expect(warningsOf({kind: 'alterColumn', table: 't', from: column('n', 'text'), to: varchar('n', 10)})[0]).to.match(/^narrows t.n from TEXT to VARCHAR\(10\)/)
      expect(warningsOf({kind: 'alterColumn', table: 't', from: column('n', 'integer'), to: column('n', 'bigint')})).to.deep.equal([])
    })

    it('warns of a USING cast only where the dialect needs one', () => {
      const op: Op = {kind: 'alterColumn', table: 't', from: column('n', 'text'), to: column('n', 'integer')}
      expect(warningsOf(op, postgres).some((warning) => warning.includes('USING'))).to.equal(true)
      expect(warningsOf(op, mariadb).some((warning) => warning.includes('USING'))).to.equal(false)
      const toText: Op = {kind: 'alterColumn', table: 't', from: column('n', 'integer'), to: column('n', 'text')}
      expect(warningsOf(toText, postgres)).to.deep.equal([])
    })

    it('says SQLite rebuilds the table for in-place changes', () => {
      const op: Op = {kind: 'alterColumn', table: 't', from: varchar('n', 10), to: varchar('n', 20)}
      expect(warningsOf(op, sqlite)).to.deep.equal(['SQLite cannot change t in place: Sequelize rebuilds the table and copies its rows'])
      expect(warningsOf(op, postgres)).to.deep.equal([])
    })
  })

  describe('describeOp', () => {
    it('gives one line a user can read per operation', () => {
      expect(EVERY_KIND.map(describeOp)).to.deep.equal([
        'add table users',
        'remove table users',
        'rename table users to people',
        'rename table shop.a to b',
        'add column users.email',
        'add column users.age',
        'remove column shop.users.email',
        'alter column users.name: type VARCHAR(100) -> VARCHAR(50), nullable -> NOT NULL',
        'alter column users.n: type TEXT -> INTEGER',
        'rename column users.fullname to name',
        'add unique index users_name on users (name)',
        'remove index users_name on users',
        'add unique constraint users_email_key on users (email)',
        'remove unique constraint on users (email)',
        'add foreign key posts (userId) -> users (id)',
        'remove foreign key posts (userId) -> users (id)',
        'change primary key of lines: (a) -> (a, b)',
        'change primary key of lines: none -> (a)',
        'change comment of table users',
        'change comment of table users',
        "add enum type enum_users_status ('a', 'b')",
        'remove enum type shop.enum_x',
        "add value 'b' to enum type enum_users_status",
        "recreate enum type enum_users_status: ('a', 'b', 'c') -> ('c', 'a')",
      ])
    })
  })

  describe('applyOps', () => {
    it('renames a column in the keys, indexes and foreign keys that use it', () => {
      const before = schema('postgres', [
        table('users', [id(), varchar('mail')], {indexes: [index('users_mail', ['mail'])], uniqueConstraints: [{columns: ['mail']}]}),
        table('invites', [id(), varchar('mail')], {foreignKeys: [fk('mail', 'users', {referencedColumns: ['mail']})]}),
      ])
      const after = applyOps(before, [{kind: 'renameColumn', table: 'users', from: 'mail', to: 'email'}])
      const renamed = after.tables.get('users')!
      expect(renamed.indexes[0].columns).to.deep.equal([{name: 'email'}])
      expect(renamed.uniqueConstraints[0].columns).to.deep.equal(['email'])
      expect(after.tables.get('invites')!.foreignKeys[0].referencedColumns).to.deep.equal(['email'])
      expect(before.tables.get('users')!.columns[1].name, 'the input is left untouched').to.equal('mail')
    })

    it('points foreign keys at the new name of a renamed table', () => {
      const before = schema('postgres', [table('users', [id()]), table('posts', [id(), column('userId', 'integer')], {foreignKeys: [fk('userId', 'users')]})])
      const after = applyOps(before, [{kind: 'renameTable', from: 'users', to: 'people'}])
      expect([...after.tables.keys()].sort()).to.deep.equal(['people', 'posts'])
      expect(after.tables.get('posts')!.foreignKeys[0].referencedTable).to.equal('people')
    })

    it('updates the columns using an enum type when values change', () => {
      const status = column('status', {kind: 'enum', enumName: 'e', values: ['a']})
      const before = schema('postgres', [table('t', [status])], [{name: 'e', values: ['a']}])
      const after = applyOps(before, [{kind: 'addEnumValue', enum: {name: 'e', values: ['a']}, value: 'b', index: 1, columns: []}])
      expect(normalize(after)).to.deep.equal(normalize(schema('postgres', [table('t', [{...status, type: {...status.type, values: ['a', 'b']}}])], [{name: 'e', values: ['a', 'b']}])))
    })

    it('refuses an operation on something that is not there', () => {
      const empty = schema('postgres', [])
      expect(() => applyOps(empty, [{kind: 'dropColumn', table: 'users', column: varchar('x')}])).to.throw('cannot apply dropColumn: no table users')
      expect(() => applyOps(schema('postgres', [users]), [{kind: 'createTable', table: users}])).to.throw(/table users exists/)
    })
  })
})
