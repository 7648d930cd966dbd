/**
 * Upgrade benchmark: 500 generated revisions, each creating a six-column table (one column a
 * foreign key to a shared table) plus an index, applied to a fresh PostgreSQL database by
 * `db upgrade`, against the same DDL fed to psql with one transaction per revision (the floor).
 * Then `db current` and `db history` on those revisions.
 *
 * Targets: warm `db upgrade` ≤ 1.10× the floor's wall time and ≤ 100 MiB peak RSS; `db current`
 * and `db history` ≤ 0.30 s wall.
 */
'use strict'
const {rmSync} = require('node:fs')
const {join} = require('node:path')

const {generateProject} = require('./generate')
const {assertSucceeded, createPostgresDatabase, measure, median, psql} = require('./support')

const REVISIONS = 500
const RUNS = 3
const QUICK_RUNS = 5
const CLI = join(__dirname, '..', 'bin', 'run.js')

function countCreatedTables(url, tables) {
  const names = tables.map((t) => `'${t}'`).join(',')
  return Number(psql(url, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename IN (${names})`))
}

/** Runs `run(database)` on a fresh database, checks it created every table, then drops it (unless `keep`). */
async function onFreshDatabase(project, what, run, {keep = false} = {}) {
  const database = createPostgresDatabase()
  let result
  try {
    result = await run(database)
    const created = countCreatedTables(database.url, project.tables)
    if (created !== project.tables.length) {
      throw new Error(`${what} created ${created} of ${project.tables.length} tables`)
    }
  } catch (error) {
    database.drop()
    throw error
  }
  if (!keep) database.drop()
  return {result, database}
}

module.exports = {
  name: 'upgrade',
  title: `db upgrade of ${REVISIONS} revisions vs psql, then db current / db history`,

  async run({log}) {
    const project = generateProject(undefined, REVISIONS)
    const cache = join(project.root, '.cache')
    const cliEnv = (database) => ({...process.env, DATABASE_URL: database.url, SEQUELIZE_MIGRATE_CACHE: cache})
    const cli = (database, ...args) => measure(process.execPath, [CLI, 'db', ...args, '-d', project.migrations], {cwd: project.root, env: cliEnv(database)})

    const floor = []
    for (let i = 1; i <= RUNS; i++) {
      const {result} = await onFreshDatabase(project, 'psql floor.sql', async (database) =>
        assertSucceeded(await measure('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', database.url, '-f', project.floorSql]), 'psql -f floor.sql'),
      )
      log(`floor ${i}/${RUNS}: ${result.wallSeconds.toFixed(3)} s`)
      floor.push(result)
    }

    // The first upgrade compiles every .ts revision into an empty cache; later ones reuse it.
    rmSync(cache, {recursive: true, force: true})
    const cold = (await onFreshDatabase(project, 'db upgrade', async (database) => assertSucceeded(await cli(database, 'upgrade'), 'db upgrade'))).result
    log(`db upgrade cold: ${cold.wallSeconds.toFixed(3)} s, ${cold.peakRssMiB.toFixed(1)} MiB`)

    const warm = []
    let upgraded
    for (let i = 1; i <= RUNS; i++) {
      const last = i === RUNS
      const {result, database} = await onFreshDatabase(project, 'db upgrade', async (db) => assertSucceeded(await cli(db, 'upgrade'), 'db upgrade'), {keep: last})
      log(`db upgrade warm ${i}/${RUNS}: ${result.wallSeconds.toFixed(3)} s, ${result.peakRssMiB.toFixed(1)} MiB`)
      warm.push(result)
      if (last) upgraded = database
    }

    // `db current` and `db history` on the upgraded database of the last warm run.
    const quick = {current: [], history: []}
    try {
      for (const verb of ['current', 'history']) {
        for (let i = 1; i <= QUICK_RUNS; i++) {
          const result = assertSucceeded(await cli(upgraded, verb), `db ${verb}`)
          if (!result.stdout.includes(project.head)) throw new Error(`db ${verb} does not show the head ${project.head}:\n${result.stdout}`)
          quick[verb].push(result)
        }
        log(`db ${verb}: ${median(quick[verb].map((r) => r.wallSeconds)).toFixed(3)} s`)
      }
    } finally {
      upgraded.drop()
    }

    const wall = (results) => results.map((r) => r.wallSeconds)
    const rss = (results) => results.map((r) => r.peakRssMiB)
    const floorWall = median(wall(floor))
    return {
      params: {revisions: REVISIONS + 1, tables: project.tables.length, runs: RUNS, quickRuns: QUICK_RUNS},
      metrics: [
        {label: `psql floor.sql, wall (median of ${RUNS})`, unit: 's', samples: wall(floor)},
        {label: `psql floor.sql, peak RSS (median of ${RUNS})`, unit: 'MiB', samples: rss(floor)},
        {label: 'db upgrade cold, wall (1 run)', unit: 's', samples: wall([cold]), floor: floorWall},
        {label: 'db upgrade cold, peak RSS (1 run)', unit: 'MiB', samples: rss([cold])},
        {label: `db upgrade warm, wall (median of ${RUNS})`, unit: 's', samples: wall(warm), floor: floorWall, target: {ratio: 1.1}},
        {label: `db upgrade warm, peak RSS (median of ${RUNS})`, unit: 'MiB', samples: rss(warm), target: {value: 100}},
        {label: `db current, wall (median of ${QUICK_RUNS})`, unit: 's', samples: wall(quick.current), target: {value: 0.3}},
        {label: `db history, wall (median of ${QUICK_RUNS})`, unit: 's', samples: wall(quick.history), target: {value: 0.3}},
      ],
    }
  },
}
