/**
 * Check benchmark: a PostgreSQL database of 500 tables matching 500 models (six columns each, one
 * a foreign key to a shared table, plus an index), created by `sequelize.sync()`. Measures
 * `db check` (which must find no difference) and counts the catalog queries introspection runs
 * at 10 and at 500 tables.
 *
 * Targets: `db check` ≤ 0.8 s wall (median of 5, 3 with --quick); the query count does not grow
 * with the tables.
 */
'use strict'
const {mkdirSync, rmSync, writeFileSync} = require('node:fs')
const {join} = require('node:path')

const {WORK_DIR} = require('./generate')
const {assertSucceeded, createPostgresDatabase, measure, median} = require('./support')

const TABLES = 500
const CLI = join(__dirname, '..', 'bin', 'run.js')

// The models, shared by env.js (what `db check` compares) and the benchmark (what sync() creates).
const MODELS_SOURCE = `'use strict'
const {DataTypes} = require('sequelize')

module.exports = function defineModels(sequelize, count) {
  const shared = sequelize.define('shared', {
    id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true},
    label: {type: DataTypes.STRING(80), allowNull: false},
  }, {tableName: 'shared', timestamps: false})
  for (let n = 1; n <= count; n++) {
    const table = 't' + String(n).padStart(4, '0')
    sequelize.define(table, {
      id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true},
      name: {type: DataTypes.STRING(100), allowNull: false},
      quantity: {type: DataTypes.INTEGER, allowNull: false, defaultValue: 0},
      price: {type: DataTypes.DECIMAL(10, 2)},
      active: {type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true},
      sharedId: {type: DataTypes.INTEGER, references: {model: 'shared', key: 'id'}, onDelete: 'CASCADE'},
    }, {tableName: table, timestamps: false, indexes: [{fields: ['name']}]})
  }
  return shared
}
`

const ENV_SOURCE = `const {Sequelize} = require('sequelize')
const {defineConfig} = require('sequelize-migrate')
const defineModels = require('../models')

module.exports = defineConfig({
  sequelize: () => {
    const sequelize = new Sequelize(process.env.DATABASE_URL, {logging: false})
    defineModels(sequelize, Number(process.env.BENCH_TABLES))
    return sequelize
  },
})
`

function writeProject() {
  const root = join(WORK_DIR, 'check')
  rmSync(root, {recursive: true, force: true})
  mkdirSync(join(root, 'migrations', 'versions'), {recursive: true})
  writeFileSync(join(root, 'models.js'), MODELS_SOURCE)
  writeFileSync(join(root, 'migrations', 'env.js'), ENV_SOURCE)
  return {root, migrations: join(root, 'migrations'), defineModels: () => require(join(root, 'models.js'))}
}

/** A database holding `count` tables created by sync(), and a connection to it. */
async function syncedDatabase(project, count) {
  const {Sequelize} = require('sequelize')
  const database = createPostgresDatabase()
  const sequelize = new Sequelize(database.url, {logging: false})
  project.defineModels()(sequelize, count)
  await sequelize.sync()
  return {database, sequelize}
}

async function countIntrospectionQueries(project, count) {
  const {dialectOf} = require('../dist/dialects')
  const {database, sequelize} = await syncedDatabase(project, count)
  try {
    let queries = 0
    const schema = await dialectOf(sequelize).introspect(sequelize, {versionTable: 'SequelizeMeta', onQuery: () => queries++})
    if (schema.tables.size !== count + 1) throw new Error(`introspection found ${schema.tables.size} tables, expected ${count + 1}`)
    return queries
  } finally {
    await sequelize.close()
    database.drop()
  }
}

module.exports = {
  name: 'check',
  title: `db check on ${TABLES} tables matching ${TABLES} models`,

  async run({log, quick}) {
    const RUNS = quick ? 3 : 5
    const project = writeProject()
    const queries = {}
    for (const count of [10, TABLES]) {
      queries[count] = await countIntrospectionQueries(project, count)
      log(`introspection at ${count} tables: ${queries[count]} queries`)
    }
    if (queries[10] !== queries[TABLES]) throw new Error(`introspection queries grow with the tables: ${queries[10]} at 10, ${queries[TABLES]} at ${TABLES}`)

    const {database, sequelize} = await syncedDatabase(project, TABLES)
    await sequelize.close()
    const env = {...process.env, DATABASE_URL: database.url, BENCH_TABLES: String(TABLES), SEQUELIZE_MIGRATE_CACHE: join(project.root, '.cache')}
    const runs = []
    try {
      // One unmeasured run warms the compile cache, as on a developer's machine.
      assertSucceeded(await measure(process.execPath, [CLI, 'db', 'check', '-d', project.migrations], {cwd: project.root, env}), 'db check')
      for (let i = 1; i <= RUNS; i++) {
        const result = assertSucceeded(await measure(process.execPath, [CLI, 'db', 'check', '-d', project.migrations], {cwd: project.root, env}), 'db check')
        if (!result.stdout.includes('No changes in schema detected')) throw new Error(`db check found differences on a synced database:\n${result.stdout}`)
        log(`db check ${i}/${RUNS}: ${result.wallSeconds.toFixed(3)} s, ${result.peakRssMiB.toFixed(1)} MiB`)
        runs.push(result)
      }
    } finally {
      database.drop()
    }
    return {
      params: {tables: TABLES + 1, runs: RUNS, introspectionQueries: queries},
      metrics: [{
        measure: `db check, ${TABLES} tables (queries: ${queries[10]} at 10 tables, ${queries[TABLES]} at ${TABLES})`,
        tool: 'sequelize-migrate, warm',
        samples: runs.map((r) => r.wallSeconds),
        cpu: runs.map((r) => r.cpuSeconds).filter((v) => v !== undefined),
        peak: runs.map((r) => r.peakRssMiB),
        target: {value: 0.8},
      }],
    }
  },
}
