/**
 * Generates the upgrade benchmark's project: a migrations folder with one base revision creating a
 * shared table and a chain of N revisions, each creating a six-column table (one column a foreign
 * key to the shared table) plus an index, and `floor.sql`, the DDL Sequelize issues for the same
 * revisions on PostgreSQL with one transaction per revision.
 *
 * The project lives under the repository (bench/.work/) so `require('sequelize')` and
 * `require('sequelize-migrate')` (a self-reference to this package) resolve from its env.js.
 *
 * Usage: node bench/generate.js [directory] [revisions]
 */
'use strict'
const {mkdirSync, rmSync, writeFileSync} = require('node:fs')
const {join, resolve} = require('node:path')

/** Default folder of generated benchmark projects (gitignored). */
const WORK_DIR = join(__dirname, '.work')

const CREATE_DATE = '2026-11-21 05:30:00'

/** Twelve hex digits, the revision id of the n-th revision (0 is the base). */
function revisionId(n) {
  return n.toString(16).padStart(12, '0')
}

/** Name of the table the n-th chained revision creates (n ≥ 1). */
function tableName(n) {
  return `t${String(n).padStart(4, '0')}`
}

const SHARED_TABLE = 'shared'

// One list feeds both the revision source and the SQL, so the two cannot drift apart. The SQL is
// what Sequelize 6's PostgreSQL query generator emits for the `ts` attribute (checked by logging).
// `py` is the same column for Alembic (SQLAlchemy emits the same DDL: SERIAL, VARCHAR(100), ...).
const SHARED_COLUMNS = [
  {name: 'id', ts: '{type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true}', sql: '"id"  SERIAL ', py: "sa.Column('id', sa.Integer, primary_key=True)"},
  {name: 'name', ts: '{type: DataTypes.STRING(100), allowNull: false}', sql: '"name" VARCHAR(100) NOT NULL', py: "sa.Column('name', sa.String(100), nullable=False)"},
]

const TABLE_COLUMNS = [
  {name: 'id', ts: '{type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true}', sql: '"id"  SERIAL ', py: "sa.Column('id', sa.Integer, primary_key=True)"},
  {name: 'name', ts: '{type: DataTypes.STRING(100), allowNull: false}', sql: '"name" VARCHAR(100) NOT NULL', py: "sa.Column('name', sa.String(100), nullable=False)"},
  {name: 'quantity', ts: '{type: DataTypes.INTEGER, allowNull: false, defaultValue: 0}', sql: '"quantity" INTEGER NOT NULL DEFAULT 0', py: "sa.Column('quantity', sa.Integer, nullable=False, server_default='0')"},
  {name: 'price', ts: '{type: DataTypes.DECIMAL(10, 2)}', sql: '"price" DECIMAL(10,2)', py: "sa.Column('price', sa.Numeric(10, 2))"},
  {name: 'created_at', ts: '{type: DataTypes.DATE, allowNull: false}', sql: '"created_at" TIMESTAMP WITH TIME ZONE NOT NULL', py: "sa.Column('created_at', sa.DateTime(timezone=True), nullable=False)"},
  {
    name: 'shared_id',
    ts: `{type: DataTypes.INTEGER, allowNull: false, references: {model: '${SHARED_TABLE}', key: 'id'}, onDelete: 'CASCADE'}`,
    sql: `"shared_id" INTEGER NOT NULL REFERENCES "${SHARED_TABLE}" ("id") ON DELETE CASCADE`,
    py: `sa.Column('shared_id', sa.Integer, sa.ForeignKey('${SHARED_TABLE}.id', ondelete='CASCADE'), nullable=False)`,
  },
]

function createTableSql(table, columns) {
  return `CREATE TABLE IF NOT EXISTS "${table}" (${columns.map((c) => c.sql).join(', ')}, PRIMARY KEY ("id"));`
}

function createTableTs(table, columns) {
  const attributes = columns.map((c) => `    ${c.name}: ${c.ts},`).join('\n')
  return `  await queryInterface.createTable('${table}', {\n${attributes}\n  })`
}

function revisionSource({message, revision, downRevision, upBody, table}) {
  return `/**
 * ${message}
 *
 * Revision ID: ${revision}
 * Revises:${downRevision === null ? '' : ` ${downRevision}`}
 * Create Date: ${CREATE_DATE}
 */
import type {MigrationContext} from 'sequelize-migrate'

export const revision = '${revision}'
export const downRevision: string | string[] | null = ${downRevision === null ? 'null' : `'${downRevision}'`}

export async function up({queryInterface, DataTypes}: MigrationContext): Promise<void> {
${upBody}
}

export async function down({queryInterface}: MigrationContext): Promise<void> {
  await queryInterface.dropTable('${table}')
}
`
}

// The same revisions for the peers: umzug 3 (context {queryInterface, DataTypes}, its
// SequelizeStorage) and sequelize-cli (up(queryInterface, Sequelize)). Both record file names in
// SequelizeMeta, so one stamped database serves both.
function peerSource(kind, upBody, table) {
  const [params, prelude] = kind === 'umzug'
    ? ['{context: {queryInterface, DataTypes}}', '']
    : ['queryInterface, Sequelize', '  const DataTypes = Sequelize\n']
  return `'use strict'
module.exports = {
  async up(${params}) {
${prelude}${upBody}
  },
  async down(${kind === 'umzug' ? '{context: {queryInterface}}' : 'queryInterface'}) {
    await queryInterface.dropTable('${table}')
  },
}
`
}

const UMZUG_RUNNER = `'use strict'
// umzug 3 as its README sets it up: glob of migrations, SequelizeStorage. \`node umzug.js up\`
const {join} = require('node:path')
const {DataTypes, Sequelize} = require('sequelize')
const {SequelizeStorage, Umzug} = require('umzug')

const sequelize = new Sequelize(process.env.DATABASE_URL, {logging: false})
const umzug = new Umzug({
  migrations: {glob: join(__dirname, 'umzug', '*.js').replace(/\\\\/g, '/')},
  context: {queryInterface: sequelize.getQueryInterface(), DataTypes},
  storage: new SequelizeStorage({sequelize}),
  logger: undefined,
})
umzug.up().then(() => sequelize.close(), (error) => {
  console.error(error)
  process.exitCode = 1
  return sequelize.close()
})
`

// The least a tool that hands revisions Sequelize's QueryInterface can do, as a reference: one
// connection, each of umzug's modules run in its own managed transaction (its queries join it
// through a CLS namespace on AsyncLocalStorage, as sequelize-migrate's do), nothing recorded, no
// lock, no checks. What sequelize-migrate adds to it is its own overhead; what it adds to the psql
// floor is Sequelize's.
const QUERY_INTERFACE_RUNNER = `'use strict'
const {AsyncLocalStorage} = require('node:async_hooks')
const {readdirSync} = require('node:fs')
const {join} = require('node:path')
const {DataTypes, Sequelize} = require('sequelize')

const storage = new AsyncLocalStorage()
Sequelize.useCLS({
  run: (fn) => {
    const context = new Map(storage.getStore())
    return storage.run(context, () => fn(context))
  },
  bind: (fn) => AsyncLocalStorage.bind(fn),
  get: (key) => storage.getStore()?.get(key),
  set: (key, value) => storage.getStore()?.set(key, value),
})
const sequelize = new Sequelize(process.env.DATABASE_URL, {logging: false})
const queryInterface = sequelize.getQueryInterface()
const folder = join(__dirname, 'umzug')

async function upgrade() {
  for (const file of readdirSync(folder).sort()) {
    const migration = require(join(folder, file))
    await sequelize.transaction(() => migration.up({context: {queryInterface, DataTypes}}))
  }
}

upgrade().then(() => sequelize.close(), (error) => {
  console.error(error)
  process.exitCode = 1
  return sequelize.close()
})
`

// Alembic's project for the same history: its ini, an env.py running one transaction per revision
// (as the floor and sequelize-migrate do) on DATABASE_URL, and one module per revision.
const ALEMBIC_INI = `[alembic]
script_location = %(here)s/alembic
`

const ALEMBIC_ENV = `import os

from alembic import context
from sqlalchemy import create_engine, pool

url = os.environ['DATABASE_URL'].replace('postgres://', 'postgresql://', 1)
engine = create_engine(url, poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
`

function alembicSource({revision, downRevision, table, columns, index}) {
  return `"""create table ${table}

Revision ID: ${revision}
Revises:${downRevision === null ? '' : ` ${downRevision}`}
Create Date: ${CREATE_DATE}
"""
from alembic import op
import sqlalchemy as sa

revision = '${revision}'
down_revision = ${downRevision === null ? 'None' : `'${downRevision}'`}
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        '${table}',
${columns.map((c) => `        ${c.py},`).join('\n')}
    )
${index ? `    op.create_index('${table}_name', '${table}', ['name'])\n` : ''}

def downgrade():
    op.drop_table('${table}')
`
}

const ENV_SOURCE = `const {Sequelize} = require('sequelize')
const {defineConfig} = require('sequelize-migrate')

module.exports = defineConfig({sequelize: () => new Sequelize(process.env.DATABASE_URL, {logging: false})})
`

/**
 * Writes the project into `directory` (emptied first).
 *
 * @returns the paths and ids the benchmark needs: `migrations`, `floorSql`, `head` (last id),
 * `tables` (every table the revisions create), `ids` (every revision id), and the peers' copies:
 * `umzugRunner`, `queryInterfaceRunner` (no tool around Sequelize's QueryInterface: the reference), `cliMigrations`,
 * `peerNames` (the file names umzug and sequelize-cli record),
 * `alembicIni` (Alembic's project; it records only the head).
 */
function generateProject(directory = join(WORK_DIR, 'upgrade'), revisions = 500) {
  const root = resolve(directory)
  const migrations = join(root, 'migrations')
  const versions = join(migrations, 'versions')
  rmSync(root, {recursive: true, force: true})
  mkdirSync(versions, {recursive: true})
  writeFileSync(join(migrations, 'env.js'), ENV_SOURCE)
  const peerFolders = {umzug: join(root, 'umzug'), cli: join(root, 'sequelize-cli'), alembic: join(root, 'alembic')}
  for (const folder of Object.values(peerFolders)) mkdirSync(folder, {recursive: true})
  mkdirSync(join(peerFolders.alembic, 'versions'))
  writeFileSync(join(root, 'alembic.ini'), ALEMBIC_INI)
  writeFileSync(join(peerFolders.alembic, 'env.py'), ALEMBIC_ENV)
  const writeAlembic = (name, options) => writeFileSync(join(peerFolders.alembic, 'versions', `${name}.py`), alembicSource(options))
  writeFileSync(join(root, 'umzug.js'), UMZUG_RUNNER)
  writeFileSync(join(root, 'query-interface.js'), QUERY_INTERFACE_RUNNER)
  const peerNames = []
  const writePeers = (name, upBody, table) => {
    writeFileSync(join(peerFolders.umzug, `${name}.js`), peerSource('umzug', upBody, table))
    writeFileSync(join(peerFolders.cli, `${name}.js`), peerSource('cli', upBody, table))
    peerNames.push(`${name}.js`)
  }

  const sql = []
  const tables = [SHARED_TABLE]
  const base = revisionId(0)
  writeFileSync(
    join(versions, `${base}_create_shared_table.ts`),
    revisionSource({
      message: `create table ${SHARED_TABLE}`,
      revision: base,
      downRevision: null,
      upBody: createTableTs(SHARED_TABLE, SHARED_COLUMNS),
      table: SHARED_TABLE,
    }),
  )
  writePeers(`${base}_create_shared_table`, createTableTs(SHARED_TABLE, SHARED_COLUMNS), SHARED_TABLE)
  writeAlembic(`${base}_create_shared_table`, {revision: base, downRevision: null, table: SHARED_TABLE, columns: SHARED_COLUMNS, index: false})
  sql.push('BEGIN;', createTableSql(SHARED_TABLE, SHARED_COLUMNS), 'COMMIT;')

  for (let n = 1; n <= revisions; n++) {
    const table = tableName(n)
    const revision = revisionId(n)
    const upBody = `${createTableTs(table, TABLE_COLUMNS)}\n  await queryInterface.addIndex('${table}', ['name'])`
    writeFileSync(
      join(versions, `${revision}_create_table_${table}.ts`),
      revisionSource({message: `create table ${table}`, revision, downRevision: revisionId(n - 1), upBody, table}),
    )
    writePeers(`${revision}_create_table_${table}`, upBody, table)
    writeAlembic(`${revision}_create_table_${table}`, {revision, downRevision: revisionId(n - 1), table, columns: TABLE_COLUMNS, index: true})
    sql.push('BEGIN;', createTableSql(table, TABLE_COLUMNS), `CREATE INDEX "${table}_name" ON "${table}" ("name");`, 'COMMIT;')
    tables.push(table)
  }

  const floorSql = join(root, 'floor.sql')
  writeFileSync(floorSql, `${sql.join('\n')}\n`)
  const ids = Array.from({length: revisions + 1}, (_, n) => revisionId(n))
  return {root, migrations, floorSql, head: revisionId(revisions), tables, ids, peerNames, umzugRunner: join(root, 'umzug.js'), queryInterfaceRunner: join(root, 'query-interface.js'), cliMigrations: peerFolders.cli, alembicIni: join(root, 'alembic.ini')}
}

module.exports = {WORK_DIR, generateProject, revisionId, tableName}

if (require.main === module) {
  const [directory, count] = process.argv.slice(2)
  const project = generateProject(directory, count === undefined ? undefined : Number(count))
  console.log(`wrote ${project.tables.length} revisions to ${project.migrations} and ${project.floorSql}`)
}
