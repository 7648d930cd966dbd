/**
 * SQLite table rebuilds: revisions run for real through the Migrator change a parent table, a
 * child table and their constraints, and everything a user would check survives: rows, indexes,
 * composite UNIQUE constraints, foreign keys with their actions, the AUTOINCREMENT counter; each
 * downgrade gives the schema back.
 */
import {expect} from 'chai'
import {DataTypes, QueryTypes, type Sequelize} from 'sequelize'

import {dialectOf} from '../../src/dialects'
import {safeQueryInterface} from '../../src/dialects/sqlite/rebuild'
import {parseColumn, parseCreateTable} from '../../src/dialects/sqlite/table-definition'
import {mergeColumn, withoutColumn, withoutConstraint} from '../../src/dialects/sqlite/table-edits'
import {Migrator} from '../../src/runtime/migrator'
import {testEnvironment} from '../../src/services/walk-versions'
import {createScratchDatabase, type ScratchDatabase} from '../support/databases'
import {createProject, type Project} from '../support/project'

const BASE = 'a0a0a0a00000'
const CHANGE_PARENT = 'b1b1b1b10001'
const CHANGE_CHILD = 'b2b2b2b20002'
const RENAME = 'b3b3b3b30003'
const REMOVE_COLUMN = 'b4b4b4b40004'
const ADD_CONSTRAINTS = 'b5b5b5b50005'
const REMOVE_CONSTRAINTS = 'b6b6b6b60006'
const DANGLING = 'b7b7b7b70007'
const VERSION_TABLE = 'SequelizeMeta'

const CREATE_SCHEMA = `
  await queryInterface.createTable('authors', {
    id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true},
    name: {type: DataTypes.STRING, allowNull: false},
    email: {type: DataTypes.STRING, defaultValue: 'nobody@example.com'},
    code: {type: DataTypes.STRING(8), unique: true},
    country: {type: DataTypes.STRING(2)},
    city: {type: DataTypes.STRING(100)},
    nickname: {type: DataTypes.STRING(50)},
  }, {uniqueKeys: {authors_place: {fields: ['country', 'city'], customIndex: true}}})
  await queryInterface.addConstraint('authors', {type: 'unique', name: 'authors_name_email_uk', fields: ['name', 'email']})
  await queryInterface.addIndex('authors', ['name'], {name: 'authors_name'})
  await queryInterface.addIndex('authors', ['email'], {name: 'authors_email', unique: true})
  await sequelize.query('CREATE INDEX authors_nickname ON authors (nickname) WHERE nickname IS NOT NULL')
  await queryInterface.addIndex('authors', ['country', {name: 'name', order: 'DESC'}], {name: 'authors_country_name'})
  await queryInterface.createTable('books', {
    id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true},
    authorId: {type: DataTypes.INTEGER, allowNull: false, references: {model: 'authors', key: 'id'}, onDelete: 'CASCADE', onUpdate: 'CASCADE'},
    title: {type: DataTypes.STRING, allowNull: false},
    pages: {type: DataTypes.INTEGER, defaultValue: 100},
  })
  await queryInterface.addIndex('books', ['authorId', 'title'], {name: 'books_author_title', unique: true})
`

const REVISIONS = [
  {revision: BASE, message: 'create authors and books', up: CREATE_SCHEMA, down: `  await queryInterface.dropTable('books')\n  await queryInterface.dropTable('authors')`},
  {
    revision: CHANGE_PARENT, message: 'widen authors name',
    up: `  await queryInterface.changeColumn('authors', 'name', {type: DataTypes.STRING(500), allowNull: false})`,
    down: `  await queryInterface.changeColumn('authors', 'name', {type: DataTypes.STRING, allowNull: false})`,
  },
  {
    revision: CHANGE_CHILD, message: 'books pages default',
    up: `  await queryInterface.changeColumn('books', 'pages', {type: DataTypes.INTEGER, allowNull: false, defaultValue: 1})`,
    down: `  await queryInterface.changeColumn('books', 'pages', {type: DataTypes.INTEGER, defaultValue: 100})`,
  },
  {
    revision: RENAME, message: 'rename columns',
    up: `  await queryInterface.renameColumn('authors', 'name', 'fullName')\n  await queryInterface.renameColumn('books', 'authorId', 'writerId')`,
    down: `  await queryInterface.renameColumn('books', 'writerId', 'authorId')\n  await queryInterface.renameColumn('authors', 'fullName', 'name')`,
  },
  {
    revision: REMOVE_COLUMN, message: 'remove authors nickname',
    up: `  await queryInterface.removeColumn({tableName: 'authors'}, 'nickname')`,
    down: `  await queryInterface.addColumn('authors', 'nickname', {type: DataTypes.STRING(50)})\n  await sequelize.query('CREATE INDEX authors_nickname ON authors (nickname) WHERE nickname IS NOT NULL')`,
  },
  {
    revision: ADD_CONSTRAINTS, message: 'add constraints',
    up: `
  await queryInterface.addConstraint('books', {type: 'unique', name: 'books_title_pages_uk', fields: ['title', 'pages']})
  await queryInterface.addConstraint('books', {type: 'check', name: 'books_pages_ck', fields: ['pages'], where: {pages: {[sequelize.constructor.Op.gt]: 0}}})
  await queryInterface.addConstraint('authors', {type: 'foreign key', fields: ['code'], references: {table: 'codes', field: 'code'}, onDelete: 'SET NULL'})`,
    down: `
  await queryInterface.removeConstraint('authors', 'authors_code_codes_fk')
  await queryInterface.removeConstraint('books', 'books_pages_ck')
  await queryInterface.removeConstraint('books', 'books_title_pages_uk')`,
  },
  {
    revision: REMOVE_CONSTRAINTS, message: 'remove constraints',
    up: `
  await queryInterface.removeConstraint('authors', 'authors_name_email_uk')
  await queryInterface.removeConstraint('authors', 'authors_country_city_uk')
  await queryInterface.removeConstraint('authors', 'authors_code_uk')`,
    down: `
  await queryInterface.addConstraint('authors', {type: 'unique', fields: ['code']})
  await queryInterface.addConstraint('authors', {type: 'unique', fields: ['country', 'city']})
  await queryInterface.addConstraint('authors', {type: 'unique', name: 'authors_name_email_uk', fields: ['name', 'email']})`,
  },
  {
    revision: DANGLING, message: 'leave a dangling book',
    up: `
  await queryInterface.changeColumn('authors', 'city', {type: DataTypes.STRING(200)})
  await sequelize.query("INSERT INTO books (authorId, title) VALUES (999, 'orphan')")`,
    down: '',
  },
].map((spec, index) => ({...spec, downRevision: index === 0 ? null : BASE}))

interface MasterRow {
  type: string
  name: string
  sql: string
}

/** The tables and indexes of the database, name → SQL with quotes and spacing normalized. */
async function schemaSql(sequelize: Sequelize): Promise<Record<string, string>> {
  const rows = await sequelize.query<MasterRow>(
    `SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name <> '${VERSION_TABLE}'`,
    {type: QueryTypes.SELECT})
  const normalize = (sql: string) => sql.replace(/[`"]/g, '').replace(/\s+/g, ' ').trim()
  return Object.fromEntries(rows.map((row) => [`${row.type} ${row.name}`, normalize(row.sql)]).sort(([a], [b]) => a.localeCompare(b)))
}

async function indexesOf(sequelize: Sequelize, table: string): Promise<Record<string, string>> {
  const all = await schemaSql(sequelize)
  return Object.fromEntries(Object.entries(all).filter(([key, sql]) => key.startsWith('index ') && new RegExp(` ON ${table} `).test(sql)))
}

async function rows<T extends object>(sequelize: Sequelize, sql: string): Promise<T[]> {
  return sequelize.query<T>(sql, {type: QueryTypes.SELECT})
}

/** SQLite's message when it refuses a statement (`... constraint failed`), or undefined. */
async function rejection(sequelize: Sequelize, sql: string): Promise<string | undefined> {
  try {
    await sequelize.query(sql)
    return undefined
  } catch (error) {
    const {original, message} = error as Error & {original?: Error}
    return original?.message ?? message
  }
}

/** Runs `fn` in a transaction that enforces foreign keys, then rolls it back. */
async function rolledBack(sequelize: Sequelize, fn: () => Promise<void>): Promise<void> {
  const rollback = new Error('rollback')
  try {
    await sequelize.transaction(async () => {
      await fn()
      throw rollback
    })
  } catch (error) {
    if (error !== rollback) throw error
  }
}

describe('SQLite table rebuilds', function () {
  let db: ScratchDatabase
  let sequelize: Sequelize
  let project: Project
  let migrator: Migrator

  const counts = async () => ({
    authors: (await rows<{n: number}>(sequelize, 'SELECT count(*) AS n FROM authors'))[0].n,
    books: (await rows<{n: number}>(sequelize, 'SELECT count(*) AS n FROM books'))[0].n,
  })
  const sequence = async (table: string) => (await rows<{seq: number}>(sequelize, `SELECT seq FROM sqlite_sequence WHERE name = '${table}'`))[0]?.seq

  /** Upgrades `revision` alone, runs `check`, downgrades it, and checks schema and rows are back. */
  async function roundTrip(revision: string, check: () => Promise<void>, compare: 'sql' | 'introspect' = 'sql'): Promise<void> {
    const sqlBefore = await schemaSql(sequelize)
    const modelBefore = await dialectOf(sequelize).introspect(sequelize, {versionTable: VERSION_TABLE})
    const countsBefore = await counts()
    await migrator.step('upgrade', revision)
    expect(await counts(), 'rows after upgrade').to.deep.equal(countsBefore)
    await check()
    await migrator.step('downgrade', revision)
    if (compare === 'sql') expect(await schemaSql(sequelize), 'schema after downgrade').to.deep.equal(sqlBefore)
    expect(await dialectOf(sequelize).introspect(sequelize, {versionTable: VERSION_TABLE}), 'introspected schema after downgrade').to.deep.equal(modelBefore)
    expect(await counts(), 'rows after downgrade').to.deep.equal(countsBefore)
  }

  before(async () => {
    db = await createScratchDatabase('sqlite')
    sequelize = db.connect()
    project = createProject({databaseUrl: db.url})
    for (const spec of REVISIONS) project.writeRevision(spec)
    migrator = await Migrator.open(await testEnvironment({directory: project.directory, sequelize}))
    await migrator.step('upgrade', BASE)
    await sequelize.query('CREATE TABLE codes (code VARCHAR(8) PRIMARY KEY)')
    await sequelize.query(`INSERT INTO authors (name, email, code, country, city, nickname) VALUES
      ('Ann', 'ann@example.com', 'A1', 'US', 'Boston', 'annie'), ('Bob', 'bob@example.com', NULL, 'US', 'Denver', NULL),
      ('Cy', 'cy@example.com', 'C3', 'FR', 'Paris', 'cyc'), ('Di', 'di@example.com', NULL, 'FR', 'Lyon', NULL),
      ('Ed', 'ed@example.com', NULL, 'DE', 'Bonn', NULL)`)
    await sequelize.query(`INSERT INTO books (authorId, title) VALUES (1, 'One'), (1, 'Two'), (2, 'Three'), (3, 'Four'), (4, 'Five')`)
    // The counter stays ahead of the highest id: the next author is 6, not 5.
    await sequelize.query('DELETE FROM authors WHERE id = 5')
  })

  after(async () => {
    await migrator?.close()
    await sequelize?.close()
    await db?.drop()
    project?.dispose()
  })

  it('changeColumn on a parent table keeps every child row of ON DELETE CASCADE, indexes and constraints', async () => {
    const indexes = await indexesOf(sequelize, 'authors')
    const counter = await sequence('authors')
    await roundTrip(CHANGE_PARENT, async () => {
      expect((await schemaSql(sequelize))['table authors']).to.contain('name VARCHAR(500) NOT NULL')
      expect(await indexesOf(sequelize, 'authors'), 'indexes of authors').to.deep.equal(indexes)
      expect(Object.keys(indexes)).to.have.members(['index authors_name', 'index authors_email', 'index authors_nickname', 'index authors_country_name'])
      await rolledBack(sequelize, async () => {
        // Composite UNIQUE (country, city) stays composite: same country, other city is fine.
        await sequelize.query('INSERT INTO authors (name, email, country, city) VALUES (\'Flo\', \'flo@example.com\', \'US\', \'Austin\')')
        expect(await rejection(sequelize, 'INSERT INTO authors (name, country, city) VALUES (\'Gus\', \'US\', \'Boston\')')).to.match(/UNIQUE/)
        // So does the named one, (name, email).
        await sequelize.query('INSERT INTO authors (name, email) VALUES (\'Ann\', \'ann@example.org\')')
        expect(await rejection(sequelize, 'INSERT INTO authors (name, email) VALUES (\'Ann\', \'ann@example.com\')')).to.match(/UNIQUE/)
        // Single-column UNIQUE and the unique index.
        expect(await rejection(sequelize, 'INSERT INTO authors (name, code) VALUES (\'Hal\', \'A1\')')).to.match(/UNIQUE/)
        expect(await rejection(sequelize, 'INSERT INTO authors (name, email) VALUES (\'Ivy\', \'bob@example.com\')')).to.match(/UNIQUE/)
        // The column default, the primary key and the AUTOINCREMENT counter.
        await sequelize.query('INSERT INTO authors (name) VALUES (\'Jo\')')
        const [jo] = await rows<{id: number; email: string}>(sequelize, 'SELECT id, email FROM authors WHERE name = \'Jo\'')
        expect(jo).to.deep.equal({id: counter + 3, email: 'nobody@example.com'})
        // The children's foreign key to the rebuilt parent still works, cascade included.
        expect(await rejection(sequelize, 'INSERT INTO books (authorId, title) VALUES (999, \'Nope\')')).to.match(/FOREIGN KEY/)
        await sequelize.query('DELETE FROM authors WHERE id = 1')
        expect(await rows(sequelize, 'SELECT * FROM books WHERE authorId = 1')).to.have.length(0)
      })
    })
    expect(await sequence('authors')).to.equal(counter)
  })

  it('changeColumn on a child table keeps its foreign key with ON DELETE/ON UPDATE, its unique index and its counter', async () => {
    const foreignKeys = await rows(sequelize, 'SELECT * FROM pragma_foreign_key_list(\'books\')')
    const counter = await sequence('books')
    await roundTrip(CHANGE_CHILD, async () => {
      expect(await rows(sequelize, 'SELECT * FROM pragma_foreign_key_list(\'books\')')).to.deep.equal(foreignKeys)
      expect(foreignKeys).to.have.length(1).and.to.have.nested.property('[0].on_delete', 'CASCADE')
      expect(await indexesOf(sequelize, 'books')).to.have.keys(['index books_author_title'])
      expect(await rows(sequelize, 'SELECT DISTINCT pages FROM books')).to.deep.equal([{pages: 100}])
      expect(await sequence('books')).to.equal(counter)
      await rolledBack(sequelize, async () => {
        expect(await rejection(sequelize, 'INSERT INTO books (authorId, title) VALUES (999, \'Nope\')')).to.match(/FOREIGN KEY/)
        expect(await rejection(sequelize, 'INSERT INTO books (authorId, title) VALUES (1, \'One\')')).to.match(/UNIQUE/)
        await sequelize.query('INSERT INTO books (authorId, title) VALUES (2, \'Six\')')
        expect(await rows(sequelize, 'SELECT id, pages FROM books WHERE title = \'Six\'')).to.deep.equal([{id: counter + 1, pages: 1}])
        await sequelize.query('UPDATE authors SET id = 20 WHERE id = 2')
        expect(await rows(sequelize, 'SELECT title FROM books WHERE authorId = 20 ORDER BY title')).to.deep.equal([{title: 'Six'}, {title: 'Three'}])
      })
    })
  })

  it('renameColumn renames the column inside indexes and foreign keys', async () => {
    await roundTrip(RENAME, async () => {
      const schema = await schemaSql(sequelize)
      expect(schema['index authors_name']).to.equal('CREATE INDEX authors_name ON authors (fullName)')
      expect(schema['index authors_country_name']).to.equal('CREATE INDEX authors_country_name ON authors (country, fullName DESC)')
      expect(schema['table authors']).to.contain('UNIQUE (fullName, email)')
      expect(schema['index books_author_title']).to.equal('CREATE UNIQUE INDEX books_author_title ON books (writerId, title)')
      expect(await rows(sequelize, 'SELECT "from", "table", "to", on_delete FROM pragma_foreign_key_list(\'books\')'))
        .to.deep.equal([{from: 'writerId', table: 'authors', to: 'id', on_delete: 'CASCADE'}])
      expect(await rejection(sequelize, 'INSERT INTO books (writerId, title) VALUES (999, \'Nope\')')).to.match(/FOREIGN KEY/)
    })
  })

  it('removeColumn drops the indexes on that column only', async () => {
    const indexes = await indexesOf(sequelize, 'authors')
    await roundTrip(REMOVE_COLUMN, async () => {
      const {'index authors_nickname': removed, ...others} = indexes
      expect(removed).to.contain('WHERE nickname IS NOT NULL')
      expect(await indexesOf(sequelize, 'authors')).to.deep.equal(others)
      expect(await rows(sequelize, 'SELECT name FROM pragma_table_info(\'authors\') WHERE name = \'nickname\'')).to.have.length(0)
      expect(await rejection(sequelize, 'INSERT INTO authors (name, country, city) VALUES (\'Gus\', \'US\', \'Boston\')')).to.match(/UNIQUE/)
    }, 'introspect')
  })

  it('addConstraint adds UNIQUE, CHECK and FOREIGN KEY constraints and keeps the indexes', async () => {
    await sequelize.query('INSERT INTO codes (code) VALUES (\'A1\'), (\'C3\')')
    const indexes = {...await indexesOf(sequelize, 'authors'), ...await indexesOf(sequelize, 'books')}
    await roundTrip(ADD_CONSTRAINTS, async () => {
      expect({...await indexesOf(sequelize, 'authors'), ...await indexesOf(sequelize, 'books')}).to.deep.equal(indexes)
      const schema = await schemaSql(sequelize)
      expect(schema['table books']).to.contain('CONSTRAINT books_title_pages_uk UNIQUE (title, pages)').and.to.contain('CONSTRAINT books_pages_ck CHECK (pages > 0)')
      expect(schema['table authors']).to.contain('CONSTRAINT authors_code_codes_fk FOREIGN KEY (code) REFERENCES codes (code) ON DELETE SET NULL')
      await rolledBack(sequelize, async () => {
        expect(await rejection(sequelize, 'INSERT INTO books (authorId, title, pages) VALUES (2, \'Four\', 100)')).to.match(/UNIQUE/)
        expect(await rejection(sequelize, 'INSERT INTO books (authorId, title, pages) VALUES (2, \'Ten\', 0)')).to.match(/CHECK/)
        expect(await rejection(sequelize, 'INSERT INTO authors (name, code) VALUES (\'Kim\', \'ZZ\')')).to.match(/FOREIGN KEY/)
        await sequelize.query('DELETE FROM codes WHERE code = \'A1\'')
        expect(await rows(sequelize, 'SELECT code FROM authors WHERE id = 1')).to.deep.equal([{code: null}])
      })
    })
    await sequelize.query('DELETE FROM codes')
  })

  it('removeConstraint removes named and unnamed constraints by name and keeps the indexes', async () => {
    const indexes = await indexesOf(sequelize, 'authors')
    await roundTrip(REMOVE_CONSTRAINTS, async () => {
      expect(await indexesOf(sequelize, 'authors')).to.deep.equal(indexes)
      expect((await schemaSql(sequelize))['table authors']).not.to.match(/UNIQUE/)
      await rolledBack(sequelize, async () => {
        await sequelize.query('INSERT INTO authors (name, email, code, country, city) VALUES (\'Ann\', \'ann@example.org\', \'A1\', \'US\', \'Boston\')')
      })
    }, 'introspect')
  })

  it('a revision that leaves a row without its parent fails and changes nothing', async () => {
    const before = await schemaSql(sequelize)
    const books = await rows(sequelize, 'SELECT * FROM books ORDER BY id')
    let failure: (Error & {cause?: {code?: string}}) | undefined
    try {
      await migrator.step('upgrade', DANGLING)
    } catch (error) {
      failure = error as Error & {cause?: {code?: string}}
    }
    expect(failure?.message).to.match(/leave a dangling book.*would violate foreign keys.*rolled back/)
    expect(failure?.cause?.code).to.equal('FOREIGN_KEY_VIOLATION')
    expect(await schemaSql(sequelize)).to.deep.equal(before)
    expect(await rows(sequelize, 'SELECT * FROM books ORDER BY id')).to.deep.equal(books)
    expect(await migrator.applied()).not.to.include(DANGLING)
  })

  it('outside a revision\'s transaction, switches foreign keys off itself and back on', async () => {
    const queryInterface = safeQueryInterface(sequelize.getQueryInterface())
    const before = await schemaSql(sequelize)
    const countsBefore = await counts()
    await queryInterface.changeColumn('authors', 'name', {type: DataTypes.STRING(300), allowNull: false})
    expect(await counts()).to.deep.equal(countsBefore)
    expect(await rows(sequelize, 'PRAGMA foreign_keys')).to.deep.equal([{foreign_keys: 1}])
    await queryInterface.changeColumn('authors', 'name', {type: DataTypes.STRING, allowNull: false})
    expect(await schemaSql(sequelize)).to.deep.equal(before)

    let refused: (Error & {code?: string}) | undefined
    await sequelize.transaction(async () => {
      await queryInterface.changeColumn('authors', 'name', {type: DataTypes.STRING(300), allowNull: false}).catch((error) => {
        refused = error
      })
    })
    expect(refused?.code).to.equal('FOREIGN_KEYS_ENFORCED')
    expect(await schemaSql(sequelize)).to.deep.equal(before)
    expect(await counts()).to.deep.equal(countsBefore)
  })

  it('other methods are Sequelize\'s own', async () => {
    const original = sequelize.getQueryInterface()
    const wrapped = safeQueryInterface(original)
    expect(wrapped.sequelize).to.equal(sequelize)
    expect(await wrapped.showAllTables()).to.include.members(['authors', 'books'])
    expect(wrapped.changeColumn).not.to.equal(original.changeColumn)
  })
})

describe('SQLite CREATE TABLE editing', () => {
  const table = parseCreateTable(`CREATE TABLE "t" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    a VARCHAR(10) NOT NULL DEFAULT NULL COLLATE NOCASE CHECK (a <> ''), -- comment, with a comma
    [b] INT CONSTRAINT b_parent REFERENCES p (id) ON DELETE SET NULL ON UPDATE SET DEFAULT NOT DEFERRABLE NOT NULL,
    c TEXT GENERATED ALWAYS AS (a || 'x') STORED,
    CONSTRAINT "t_ab" UNIQUE (a, b), UNIQUE (b, c), CHECK (b > 0), FOREIGN KEY (a) REFERENCES q (name)
  ) WITHOUT ROWID`)

  it('reads columns, their constraints and the table constraints', () => {
    expect(table.options).to.equal(' WITHOUT ROWID')
    const [id, a, b, c, ...constraints] = table.items
    expect(id).to.include({kind: 'column', name: 'id', type: 'INTEGER'})
    expect(a.kind === 'column' && a.clauses.map((clause) => clause.text)).to.deep.equal(['NOT NULL', 'DEFAULT NULL', 'COLLATE NOCASE', 'CHECK (a <> \'\')'])
    expect(b.kind === 'column' && b.clauses).to.deep.equal([
      {kind: 'REFERENCES', name: 'b_parent', text: 'CONSTRAINT b_parent REFERENCES p (id) ON DELETE SET NULL ON UPDATE SET DEFAULT NOT DEFERRABLE', referencedTable: 'p'},
      {kind: 'NOT NULL', text: 'NOT NULL'},
    ])
    expect(c.kind === 'column' && c.clauses.map((clause) => clause.kind)).to.deep.equal(['GENERATED'])
    expect(constraints.map((item) => item.kind === 'constraint' && [item.type, item.name, item.columns])).to.deep.equal([
      ['UNIQUE', 't_ab', ['a', 'b']], ['UNIQUE', undefined, ['b', 'c']], ['CHECK', undefined, ['b']], ['FOREIGN KEY', undefined, ['a']],
    ])
  })

  it('removes a column with the table constraints that involve it', () => {
    const items = withoutColumn(table, 'B')?.items.map((item) => item.kind === 'column' ? item.name : item.text)
    expect(items).to.deep.equal(['id', 'a', 'c', 'FOREIGN KEY (a) REFERENCES q (name)'])
    expect(withoutColumn(table, 'nope')).to.equal(undefined)
  })

  it('finds constraints by their name or the name Sequelize would give them', () => {
    const remaining = (name: string) => withoutConstraint(table, 't', name)?.items.map((item) => item.text)
    expect(remaining('t_ab')).not.to.include('CONSTRAINT "t_ab" UNIQUE (a, b)')
    expect(remaining('t_b_c_uk')).not.to.include('UNIQUE (b, c)')
    expect(remaining('t_a_q_fk')).not.to.include('FOREIGN KEY (a) REFERENCES q (name)')
    expect(remaining('b_parent')).to.include('[b] INT NOT NULL')
    expect(remaining('t_pkey')).to.include('"id" INTEGER')
    expect(remaining('nope')).to.equal(undefined)
  })

  it('changes a column\'s type, nullability and default and keeps its other constraints', () => {
    const [, a, b] = table.items
    if (a.kind !== 'column' || b.kind !== 'column') throw new Error('columns expected')
    const fresh = parseColumn('`a` VARCHAR(20) DEFAULT \'x\'')
    expect(mergeColumn(a, fresh, new Set()).text).to.equal('a VARCHAR(20) DEFAULT \'x\' COLLATE NOCASE CHECK (a <> \'\')')
    expect(mergeColumn(b, parseColumn('`b` BIGINT'), new Set()).text).to.equal('[b] BIGINT CONSTRAINT b_parent REFERENCES p (id) ON DELETE SET NULL ON UPDATE SET DEFAULT NOT DEFERRABLE')
    expect(mergeColumn(b, parseColumn('`b` BIGINT'), new Set(['REFERENCES'])).text).to.equal('[b] BIGINT')
    const [id] = table.items
    if (id.kind !== 'column') throw new Error('column expected')
    expect(mergeColumn(id, parseColumn('`id` INTEGER NOT NULL'), new Set()).text).to.equal('"id" INTEGER PRIMARY KEY AUTOINCREMENT')
  })
})
