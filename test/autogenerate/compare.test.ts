import {expect} from 'chai'
import {applyOps} from '../../src/autogenerate/apply'
import type {CompareOptions} from '../../src/autogenerate/compare'
import {dialectNamed} from '../../src/dialects'
import {describeOp, type RecreateEnumTypeOp, reverseOp} from '../../src/autogenerate/ops'
import {SchemaDescription} from '../../src/schema/schema'
import {AutogenerateError} from '../../src/errors'
import {column, compareOn, fk, id, index, normalize, schema, table, varchar} from './builders'
import {PAIRS} from './pairs'

/** The differences as `db check` would list them. */
function lines(from: SchemaDescription, to: SchemaDescription, options?: CompareOptions): string[] {
  return compareOn(from, to, options).ops.map(describeOp)
}

/** Changes every object and list reachable from `value` in place. */
function scribble(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) scribble(item)
    value.push('scribbled')
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) scribble(item)
    ;(value as Record<string, unknown>).scribbled = true
  }
}

describe('compareSchemas', () => {
  describe('round trips over hand-made schema pairs', () => {
    for (const pair of PAIRS) {
      for (const [name, from, to] of [[`${pair.name}`, pair.from, pair.to], [`${pair.name}, reversed`, pair.to, pair.from]] as const) {
        it(`${name}: the operations lead from one schema to the other and back`, () => {
          const {ops} = compareOn(from, to)
          expect(ops).to.not.be.empty
          const upgraded = applyOps(from, ops)
          expect(normalize(upgraded)).to.deep.equal(normalize(to))
          expect(compareOn(upgraded, to).ops, 'a second comparison finds nothing').to.deep.equal([])

          const down = [...ops].reverse().map((op) => reverseOp(op, dialectNamed(to.dialect)))
          expect(normalize(applyOps(to, down))).to.deep.equal(normalize(from))
        })
      }
    }

    it('returns operations that share nothing with the descriptions compared', () => {
      for (const pair of PAIRS) {
        for (const [from, to] of [[pair.from, pair.to], [pair.to, pair.from]]) {
          const [fromBefore, toBefore] = [structuredClone(from), structuredClone(to)]
          const {ops} = compareOn(from, to)
          expect(from, 'compare leaves the database side as it was').to.deep.equal(fromBefore)
          expect(to, 'compare leaves the model side as it was').to.deep.equal(toBefore)
          scribble(ops)
          expect(from, 'changing the operations leaves the database side alone').to.deep.equal(fromBefore)
          expect(to, 'changing the operations leaves the model side alone').to.deep.equal(toBefore)
        }
      }
    })

    it('finds nothing between a schema and itself', () => {
      for (const pair of PAIRS) {
        expect(compareOn(pair.from, pair.from).ops).to.deep.equal([])
        expect(compareOn(pair.to, structuredClone(pair.to)).ops).to.deep.equal([])
      }
    })
  })

  describe('detection', () => {
    const base = () => table('users', [id(), varchar('name', 100, {nullable: false})])

    it('sees added, dropped and altered columns', () => {
      const to = base()
      to.columns[1] = varchar('name', 200)
      to.columns.push(column('age', 'integer'))
      const from = base()
      from.columns.push(column('legacy', 'text'))
      expect(lines(schema('postgres', [from]), schema('postgres', [to]))).to.deep.equal([
        'add column users.age',
        'alter column users.name: type VARCHAR(100) -> VARCHAR(200), NOT NULL -> nullable',
        'remove column users.legacy',
      ])
    })

    it('sees changed defaults, comments and autoIncrement', () => {
      const from = table('t', [column('a', 'integer', {default: {kind: 'literal', value: 1}}), column('b', 'text', {comment: 'x'}), column('c', 'integer')])
      const to = table('t', [column('a', 'integer', {default: {kind: 'literal', value: 2}}), column('b', 'text'), column('c', 'integer', {autoIncrement: true})])
      expect(lines(schema('postgres', [from]), schema('postgres', [to]))).to.deep.equal([
        'alter column t.a: default 1 -> 2',
        'alter column t.b: comment',
        'alter column t.c: add autoIncrement',
      ])
      expect(lines(schema('sqlite', [from]), schema('sqlite', [to])), 'SQLite stores no comments').to.have.length(2)
    })

    it('compares canonical type fields and never the raw spelling', () => {
      const from = table('t', [column('a', {kind: 'string', length: 20, raw: 'character varying(20)'}), column('b', {kind: 'string', raw: 'VARCHAR(255)'})])
      const to = table('t', [column('a', {kind: 'string', length: 20, raw: 'VARCHAR(20)'}), column('b', {kind: 'string', length: 255})])
      expect(lines(schema('postgres', [from]), schema('postgres', [to]))).to.deep.equal([])
      const zoned = table('t', [column('a', {kind: 'date', withTimezone: true})])
      expect(lines(schema('postgres', [table('t', [column('a', 'date')])]), schema('postgres', [zoned]))).to.deep.equal(['alter column t.a: type TIMESTAMP -> TIMESTAMP WITH TIME ZONE'])
    })

    it('sees index, unique, foreign key, primary key and table comment changes', () => {
      const from = table('t', [id(), column('a', 'integer'), column('b', 'integer')], {
        indexes: [index('t_a', ['a']), index('t_b', ['b'])],
        uniqueConstraints: [{name: 't_a_key', columns: ['a']}],
        foreignKeys: [fk('a', 'other', {name: 't_a_fk'})],
      })
      const to = table('t', [id(), column('a', 'integer'), column('b', 'integer')], {
        primaryKey: {columns: ['id', 'a']},
        indexes: [index('t_a', ['a'], {columns: [{name: 'a', order: 'DESC'}]}), index('t_ab', ['a', 'b'])],
        uniqueConstraints: [{name: 't_b_key', columns: ['b']}],
        foreignKeys: [fk('a', 'other', {name: 't_a_fk', onDelete: 'SET NULL'})],
        comment: 'hello',
      })
      const other = table('other', [id()])
      expect(lines(schema('postgres', [from, other]), schema('postgres', [to, other]))).to.deep.equal([
        'remove index t_a on t',
        'remove index t_b on t',
        'remove unique constraint t_a_key on t (a)',
        'change primary key of t: (id) -> (id, a)',
        'change comment of table t',
        'add unique constraint t_b_key on t (b)',
        'add index t_a on t (a)',
        'add index t_ab on t (a, b)',
        'change foreign key t (a) -> other (id): ON DELETE NO ACTION -> SET NULL',
      ])
    })

    it('changes the actions of a foreign key in one operation that says what changed, and reverses it', () => {
      const other = table('other', [id()])
      const from = table('t', [id(), column('a', 'integer')], {foreignKeys: [fk('a', 'other', {name: 't_a_fkey', onDelete: 'CASCADE'})]})
      const to = table('t', [id(), column('a', 'integer')], {foreignKeys: [fk('a', 'other', {onDelete: 'SET NULL', onUpdate: 'CASCADE'})]})
      const {ops} = compareOn(schema('postgres', [from, other]), schema('postgres', [to, other]))
      expect(ops.map(describeOp)).to.deep.equal(['change foreign key t (a) -> other (id): ON DELETE CASCADE -> SET NULL, ON UPDATE NO ACTION -> CASCADE'])
      expect(describeOp(reverseOp(ops[0], dialectNamed('postgres')))).to.equal('change foreign key t (a) -> other (id): ON DELETE SET NULL -> CASCADE, ON UPDATE CASCADE -> NO ACTION')
    })

    it('drops a foreign key before its column changes and adds it after, actions changed or not', () => {
      const other = table('other', [id()])
      const from = table('t', [id(), column('a', 'integer')], {foreignKeys: [fk('a', 'other', {onDelete: 'CASCADE'})]})
      const to = table('t', [id(), column('a', 'bigint')], {foreignKeys: [fk('a', 'other')]})
      expect(lines(schema('postgres', [from, other]), schema('postgres', [to, other]))).to.deep.equal([
        'remove foreign key t (a) -> other (id)', 'alter column t.a: type INTEGER -> BIGINT', 'add foreign key t (a) -> other (id)',
      ])
    })

    it('does not compare the order of primary key columns', () => {
      const from = table('t', [column('a', 'integer'), column('b', 'integer')], {primaryKey: {columns: ['a', 'b']}})
      const to = table('t', [column('a', 'integer'), column('b', 'integer')], {primaryKey: {columns: ['b', 'a']}})
      expect(lines(schema('postgres', [from]), schema('postgres', [to]))).to.deep.equal([])
      expect(lines(schema('postgres', [from]), schema('postgres', [{...to, primaryKey: {columns: ['b']}}]))).to.deep.equal(['change primary key of t: (a, b) -> (b)'])
    })

    it('matches constraints whose name only one side knows by their columns', () => {
      const from = table('t', [id(), column('a', 'integer')], {uniqueConstraints: [{name: 't_a_key', columns: ['a']}], foreignKeys: [fk('a', 't', {name: 't_a_fkey'})]})
      const to = table('t', [id(), column('a', 'integer')], {uniqueConstraints: [{columns: ['a']}], foreignKeys: [fk('a', 't')]})
      expect(lines(schema('postgres', [from]), schema('postgres', [to]))).to.deep.equal([])
    })

    it('ignores index predicates and methods where the dialect has none', () => {
      const from = table('t', [column('a', 'integer')], {indexes: [index('t_a', ['a'])]})
      const to = table('t', [column('a', 'integer')], {indexes: [index('t_a', ['a'], {using: 'hash', where: 'a > 0'})]})
      expect(lines(schema('mariadb', [from]), schema('mariadb', [to]))).to.deep.equal([])
      expect(lines(schema('postgres', [from]), schema('postgres', [to]))).to.deep.equal(['remove index t_a on t', 'add index t_a on t (a)'])
    })
  })

  describe('order', () => {
    it('creates parents before children and drops children before parents', () => {
      const parent = table('a_parent', [id()])
      const child = table('b_child', [id(), column('pId', 'integer'), column('gId', 'integer')], {foreignKeys: [fk('pId', 'a_parent'), fk('gId', 'c_grand')]})
      const grand = table('c_grand', [id(), column('pId', 'integer')], {foreignKeys: [fk('pId', 'a_parent')]})
      const full = schema('postgres', [child, grand, parent])
      expect(lines(schema('postgres', []), full)).to.deep.equal(['add table a_parent', 'add table c_grand', 'add table b_child'])
      expect(lines(full, schema('postgres', []))).to.deep.equal(['remove table b_child', 'remove table c_grand', 'remove table a_parent'])
    })

    it('breaks a foreign key cycle: creates without the closing key, adds it last; drops it first', () => {
      const a = table('a', [id(), column('bId', 'integer')], {foreignKeys: [fk('bId', 'b')]})
      const b = table('b', [id(), column('aId', 'integer')], {foreignKeys: [fk('aId', 'a')]})
      const both = schema('postgres', [a, b])
      const created = compareOn(schema('postgres', []), both).ops
      expect(created.map(describeOp)).to.deep.equal(['add table a', 'add table b', 'add foreign key a (bId) -> b (id)'])
      expect(created[0]).to.deep.include({kind: 'createTable'})
      expect(created[0].kind === 'createTable' && created[0].table.foreignKeys).to.deep.equal([])
      expect(lines(both, schema('postgres', []))).to.deep.equal(['remove foreign key b (aId) -> a (id)', 'remove table a', 'remove table b'])
    })

    it('keeps a self-reference inside CREATE TABLE', () => {
      const tree = table('tree', [id(), column('parentId', 'integer')], {foreignKeys: [fk('parentId', 'tree')]})
      expect(lines(schema('postgres', []), schema('postgres', [tree]))).to.deep.equal(['add table tree'])
    })

    it('adds a unique on an existing table before a new table references it', () => {
      const from = table('users', [id(), varchar('email')])
      const to = table('users', [id(), varchar('email')], {uniqueConstraints: [{columns: ['email']}]})
      const invites = table('invites', [id(), varchar('email')], {foreignKeys: [fk('email', 'users', {referencedColumns: ['email']})]})
      expect(lines(schema('postgres', [from]), schema('postgres', [to, invites]))).to.deep.equal(['add unique constraint on users (email)', 'add table invites'])
    })

    it('creates enum types before the tables that use them and drops them after', () => {
      const status = column('status', {kind: 'enum', enumName: 'enum_t_status', values: ['a']})
      const withEnum = schema('postgres', [table('t', [id(), status])], [{name: 'enum_t_status', values: ['a']}])
      expect(lines(schema('postgres', []), withEnum)).to.deep.equal(["add enum type enum_t_status ('a')", 'add table t'])
      expect(lines(withEnum, schema('postgres', []))).to.deep.equal(['remove table t', 'remove enum type enum_t_status'])
    })
  })

  describe('PostgreSQL enum types', () => {
    const typed = (values: string[]) => schema('postgres',
      [table('t', [column('s', {kind: 'enum', enumName: 'e', values})])], [{name: 'e', values}])

    it('adds inserted and appended values one by one, in place', () => {
      const {ops} = compareOn(typed(['b', 'd']), typed(['a', 'b', 'c', 'd', 'e']))
      expect(ops.map((op) => op.kind === 'addEnumValue' && [op.value, op.index])).to.deep.equal([['a', 0], ['c', 2], ['e', 4]])
    })

    it('finds no difference in the order of the values; adds a new one before the next value the type has', () => {
      expect(compareOn(typed(['a', 'b', 'c']), typed(['c', 'a', 'b'])).ops).to.deep.equal([])
      const {ops} = compareOn(typed(['a', 'b', 'c']), typed(['c', 'x', 'a', 'b', 'y']))
      expect(ops.map((op) => op.kind === 'addEnumValue' && [op.value, op.index])).to.deep.equal([['x', 0], ['y', 4]])
      const inline = (values: string[]) => schema('mariadb', [table('t', [column('s', {kind: 'enum', values})])])
      expect(compareOn(inline(['a', 'b']), inline(['b', 'a'])).ops).to.deep.equal([])
    })

    it('recreates the type, with a warning, only when values disappear', () => {
      const {ops} = compareOn(typed(['a', 'b']), typed(['b']))
      expect(ops.map(describeOp)).to.deep.equal(["recreate enum type e: ('a', 'b') -> ('b')"])
      expect(ops[0].warnings).to.include("removes 'a' from e: fails if a row holds one of them")
      expect((ops[0] as RecreateEnumTypeOp).columns.map(({definition: _definition, ...ref}) => ref)).to.deep.equal([{table: 't', column: 's', array: false}])
      expect((ops[0] as RecreateEnumTypeOp).columns[0].definition, 'the column, for the databases that change it instead').to.include({name: 's'})
    })

    it('knows the enum types columns name even when the description lists none', () => {
      const bare = (values: string[]) => schema('postgres', [table('t', [column('s', {kind: 'enum', enumName: 'e', values})])])
      expect(lines(typed(['a']), bare(['a']))).to.deep.equal([])
      expect(lines(typed(['a']), bare(['a', 'b']))).to.deep.equal(["add value 'b' to enum type e"])
    })

    it('treats inline enum values as the column type elsewhere', () => {
      const inline = (values: string[]) => schema('mariadb', [table('t', [column('s', {kind: 'enum', values})])])
      expect(lines(inline(['a', 'b']), inline(['a']))).to.deep.equal(["alter column t.s: type ENUM('a', 'b') -> ENUM('a')"])
    })
  })

  describe('options', () => {
    const db = schema('postgres', [
      table('users', [id(), varchar('name', 100)]),
      table('audit_log', [id()]),
      table('sequelize_meta', [varchar('name')]),
    ])
    const models = schema('postgres', [table('users', [id(), varchar('name', 200), column('age', 'integer')], {indexes: [index('users_age', ['age'])]})])

    it('never compares the version table', () => {
      expect(lines(db, models, {versionTable: 'sequelize_meta'})).to.not.include('remove table sequelize_meta')
    })

    it('filters tables by include and exclude globs', () => {
      const options = {versionTable: 'sequelize_meta'}
      expect(lines(db, models, {...options, exclude: ['audit_*']})).to.not.include('remove table audit_log')
      expect(lines(db, models, {...options, include: ['audit_?og']})).to.deep.equal(['remove table audit_log'])
      expect(lines(db, models, {...options, include: ['{audit,x}_l[aeiou]g']})).to.deep.equal(['remove table audit_log'])
    })

    it('filters any object with a predicate', () => {
      const result = lines(db, models, {
        versionTable: 'sequelize_meta',
        include: (object) => object.type === 'table' ? object.name === 'users' : object.name !== 'age' && object.name !== 'users_age',
      })
      expect(result).to.deep.equal(['alter column users.name: type VARCHAR(100) -> VARCHAR(200)'])
      const excluded = lines(db, models, {versionTable: 'sequelize_meta', exclude: (object) => object.type === 'index' || object.table === 'audit_log'})
      expect(excluded).to.deep.equal(['add column users.age', 'alter column users.name: type VARCHAR(100) -> VARCHAR(200)'])
    })

    it('skips types or defaults when asked, keeping the database value in changeColumn', () => {
      const from = schema('postgres', [table('t', [varchar('a', 10, {default: {kind: 'literal', value: 'x'}})])])
      const to = schema('postgres', [table('t', [varchar('a', 20, {nullable: false, default: {kind: 'literal', value: 'y'}})])])
      const {ops} = compareOn(from, to, {compareTypes: false, compareDefaults: false})
      expect(ops.map(describeOp)).to.deep.equal(['alter column t.a: nullable -> NOT NULL'])
      expect(ops[0]).to.deep.include({to: varchar('a', 10, {nullable: false, default: {kind: 'literal', value: 'x'}})})
      expect(lines(from, to, {compareTypes: false})).to.deep.equal(["alter column t.a: nullable -> NOT NULL, default 'x' -> 'y'"])
    })

    it('lets a comparator decide, falling back to the built-in comparison on undefined', () => {
      const from = schema('postgres', [table('t', [varchar('a', 10), varchar('b', 10)])])
      const to = schema('postgres', [table('t', [varchar('a', 20), varchar('b', 20)])])
      const seen: string[] = []
      const result = lines(from, to, {
        compareTypes: (db, model) => {
          seen.push(`${db.name}:${String(db.type.length)}->${String(model.type.length)}`)
          return db.name === 'a' ? false : undefined
        },
      })
      expect(result).to.deep.equal(['alter column t.b: type VARCHAR(10) -> VARCHAR(20)'])
      expect(seen).to.include('a:10->20')
      expect(lines(from, to, {compareDefaults: () => true})).to.have.length(2)
    })
  })

  describe('renames', () => {
    const db = schema('postgres', [
      table('users', [id(), varchar('fullname', 100)], {indexes: [index('users_fullname', ['fullname'])]}),
      table('posts', [id(), column('userId', 'integer')], {foreignKeys: [fk('userId', 'users', {name: 'posts_user_fk'})]}),
    ])
    const models = schema('postgres', [
      table('people', [id(), varchar('name', 100)], {indexes: [index('users_fullname', ['name'])]}),
      table('posts', [id(), column('userId', 'integer')], {foreignKeys: [fk('userId', 'people', {name: 'posts_user_fk'})]}),
    ])

    it('turns the drop and add a --rename names into renames that keep the data', () => {
      const renames = [{table: 'users', to: 'people'}, {table: 'users', column: 'fullname', to: 'name'}]
      const {ops} = compareOn(db, models, {renames})
      expect(ops.map(describeOp)).to.deep.equal(['rename table users to people', 'rename column people.fullname to name'])
      expect(normalize(applyOps(db, ops))).to.deep.equal(normalize(models))
      const byNewName = compareOn(db, models, {renames: [{table: 'users', to: 'people'}, {table: 'people', column: 'fullname', to: 'name'}]})
      expect(byNewName.ops).to.deep.equal(ops)
    })

    it('proposes renames for a drop and an add with the same definition', () => {
      const tags = schema('postgres', [table('tags', [id(), varchar('label')])])
      const labels = schema('postgres', [table('labels', [id(), varchar('label')])])
      const {ops, proposedRenames} = compareOn(tags, labels)
      expect(ops.map(describeOp)).to.deep.equal(['remove table tags', 'add table labels'])
      expect(proposedRenames).to.deep.equal([{
        table: 'tags', to: 'labels',
        hint: 'looks like a rename of table tags to labels: pass --rename tags=labels to keep the data',
      }])
      const columnOnly = compareOn(db, models, {renames: [{table: 'users', to: 'people'}]})
      expect(columnOnly.proposedRenames).to.deep.equal([{
        table: 'people', column: 'fullname', to: 'name',
        hint: 'looks like a rename of column people.fullname to name: pass --rename people.fullname=name to keep the data',
      }])
    })

    it('proposes nothing when the match is ambiguous or the definitions differ', () => {
      const from = schema('postgres', [table('t', [varchar('a'), varchar('b')])])
      const ambiguous = schema('postgres', [table('t', [varchar('c'), varchar('d')])])
      expect(compareOn(from, ambiguous).proposedRenames).to.deep.equal([])
      const different = schema('postgres', [table('t', [varchar('a'), column('c', 'integer')])])
      expect(compareOn(from, different).proposedRenames).to.deep.equal([])
    })

    it('refuses a rename that names nothing dropped or added', () => {
      const attempt = (table: string, to: string, columnName?: string) => () =>
        compareOn(db, models, {renames: [{table: 'users', to: 'people'}, {table, to, ...(columnName ? {column: columnName} : {})}]})
      expect(attempt('users', 'name', 'nope')).to.throw(AutogenerateError, '--rename users.nope=name: the database has no column users.nope')
      expect(attempt('people', 'nope', 'fullname')).to.throw(AutogenerateError, 'the models define no column people.nope')
      expect(() => compareOn(db, models, {renames: [{table: 'posts', to: 'people'}]})).to.throw(AutogenerateError, 'the models still define table posts')
      expect(() => compareOn(db, models, {renames: [{table: 'ghost', to: 'people'}]})).to.throw(AutogenerateError, 'the database has no table ghost')
      try {
        compareOn(db, models, {renames: [{table: 'users', to: 'nobody'}]})
        expect.fail('no error')
      } catch (error) {
        expect(error).to.have.property('code', 'RENAME_NOT_APPLICABLE')
      }
    })
  })
})
