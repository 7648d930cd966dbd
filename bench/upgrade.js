/**
 * Upgrade benchmark: the same generated history (a chain of revisions, each creating a six-column
 * table with a foreign key, plus an index) applied to fresh PostgreSQL databases by
 * sequelize-migrate and its peers in the same run, turn by turn, so every figure is a ratio taken
 * side by side:
 *
 * - the floor: the same DDL fed to psql, one transaction per revision;
 * - umzug 3 with its SequelizeStorage (`bench/.work/<scale>/umzug.js`, as its README sets it up);
 * - sequelize-cli `db:migrate` (a devDependency);
 * - Alembic, when `python3 -m alembic` runs (it is not wired in yet: the run says it skipped it).
 *
 * Measures, at each scale: a full upgrade (warm compile cache, and sequelize-migrate cold); an
 * upgrade with nothing to do (warm and cold), on a database whose record already lists every
 * revision; `db current` and a cold `db history`.
 */
'use strict'
const {execFileSync} = require('node:child_process')
const {rmSync} = require('node:fs')
const {join} = require('node:path')

const {generateProject, WORK_DIR} = require('./generate')
const {assertSucceeded, createPostgresDatabase, measure, psql} = require('./support')

const CLI = join(__dirname, '..', 'bin', 'run.js')
const SEQUELIZE_CLI = join(__dirname, '..', 'node_modules', 'sequelize-cli', 'lib', 'sequelize')

function alembicNote() {
  try {
    execFileSync('python3', ['-m', 'alembic', '--version'], {stdio: 'ignore'})
    return 'Alembic is installed but not wired into this benchmark yet: skipped'
  } catch {
    return 'Alembic skipped: `python3 -m alembic` is not available'
  }
}

/** A database whose record table lists `names`, as a tool that applied them would leave it. */
function stampedDatabase(names) {
  const database = createPostgresDatabase()
  const values = names.map((name) => `('${name}')`).join(',')
  psql(database.url, `CREATE TABLE "SequelizeMeta" ("name" VARCHAR(255) NOT NULL PRIMARY KEY); INSERT INTO "SequelizeMeta" VALUES ${values}`)
  return database
}

/** Runs each tool `runs` times, turn by turn (A B C, A B C, ...), and collects its results. */
async function inTurn(tools, runs, log, what) {
  const results = new Map(tools.map((tool) => [tool.name, []]))
  for (let i = 1; i <= runs; i++) {
    for (const tool of tools) {
      const result = await tool.run()
      log(`${what} ${tool.name} ${i}/${runs}: ${result.wallSeconds.toFixed(2)} s wall, ${result.cpuSeconds?.toFixed(2) ?? '?'} s cpu, ${result.peakRssMiB.toFixed(0)} MiB`)
      results.get(tool.name).push(result)
    }
  }
  return results
}

function metricsOf(measureName, results, {floorTool, targets = {}} = {}) {
  const floorRuns = floorTool ? results.get(floorTool) : undefined
  return [...results].map(([tool, runs]) => ({
    measure: measureName,
    tool,
    samples: runs.map((r) => r.wallSeconds),
    cpu: runs.map((r) => r.cpuSeconds).filter((v) => v !== undefined),
    peak: runs.map((r) => r.peakRssMiB),
    floorSamples: floorRuns && tool !== floorTool ? floorRuns.map((r) => r.wallSeconds) : undefined,
    target: targets[tool],
  }))
}

async function scale(revisions, {runs, fullUpgrade, log}) {
  const project = generateProject(join(WORK_DIR, `upgrade-${revisions}`), revisions)
  const cache = join(project.root, '.cache')
  const coldCache = join(project.root, '.cold-cache')
  const ours = (url, args, cacheDir = cache) => measure(process.execPath, [CLI, 'db', ...args, '-d', project.migrations], {
    cwd: project.root,
    env: {...process.env, DATABASE_URL: url, SEQUELIZE_MIGRATE_CACHE: cacheDir},
  })
  const cold = (url, args) => {
    rmSync(coldCache, {recursive: true, force: true})
    return ours(url, args, coldCache)
  }
  const umzug = (url) => measure(process.execPath, [project.umzugRunner], {cwd: project.root, env: {...process.env, DATABASE_URL: url}})
  const cli = (url) => measure(process.execPath, [SEQUELIZE_CLI, 'db:migrate', '--url', url, '--migrations-path', project.cliMigrations], {cwd: project.root})
  const checked = async (database, run, what) => {
    try {
      return assertSucceeded(await run(database.url), what)
    } finally {
      database.drop()
    }
  }
  const fresh = (name, run) => ({name, run: () => checked(createPostgresDatabase(), run, name)})
  const floor = (url) => measure('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', project.floorSql])
  const metrics = []

  // A warm compile cache, as on a machine that ran the CLI before.
  await checked(stampedDatabase(project.ids), (url) => ours(url, ['history']), 'db history')

  if (fullUpgrade) {
    const upgrade = await inTurn([
      fresh('psql (floor)', floor),
      fresh('sequelize-migrate', (url) => ours(url, ['upgrade'])),
      fresh('sequelize-migrate, cold cache', (url) => cold(url, ['upgrade'])),
      fresh('umzug 3', umzug),
      fresh('sequelize-cli', cli),
    ], runs, log, `upgrade ${revisions}`)
    metrics.push(...metricsOf(`upgrade, ${revisions} revisions`, upgrade, {floorTool: 'psql (floor)', targets: {'sequelize-migrate': {ratio: 1.1, peakMiB: 100}}}))
  }

  const oursAtHead = stampedDatabase(project.ids)
  const peersAtHead = stampedDatabase(project.peerNames)
  try {
    const noop = await inTurn([
      {name: 'sequelize-migrate', run: async () => assertSucceeded(await ours(oursAtHead.url, ['upgrade']), 'db upgrade')},
      {name: 'sequelize-migrate, cold cache', run: async () => assertSucceeded(await cold(oursAtHead.url, ['upgrade']), 'db upgrade')},
      {name: 'umzug 3', run: async () => assertSucceeded(await umzug(peersAtHead.url), 'umzug up')},
      {name: 'sequelize-cli', run: async () => assertSucceeded(await cli(peersAtHead.url), 'sequelize db:migrate')},
    ], runs, log, `no-op upgrade ${revisions}`)
    metrics.push(...metricsOf(`upgrade with nothing to do, ${revisions} revisions`, noop, {
      targets: {'sequelize-migrate': {value: revisions >= 2000 ? 1.0 : 0.5}, 'sequelize-migrate, cold cache': {peakMiB: 100}},
    }))
    const reads = await inTurn([
      {name: 'db current', run: async () => assertSucceeded(await ours(oursAtHead.url, ['current']), 'db current')},
      {name: 'db history, cold cache', run: async () => assertSucceeded(await cold(oursAtHead.url, ['history']), 'db history')},
    ], runs, log, `reads ${revisions}`)
    metrics.push(...metricsOf(`read verbs, ${revisions} revisions`, reads, {targets: {'db history, cold cache': {value: 2.0, peakMiB: 100}}}))
  } finally {
    oursAtHead.drop()
    peersAtHead.drop()
  }
  return metrics
}

module.exports = {
  name: 'upgrade',
  title: 'db upgrade and the read verbs vs the psql floor, umzug 3 and sequelize-cli, same history, same run',

  async run({log, quick}) {
    const runs = quick ? 2 : 5
    const note = alembicNote()
    log(note)
    const metrics = []
    // Quick: the full upgrade at 500 revisions only; the start-up measures at both scales.
    metrics.push(...(await scale(500, {runs, fullUpgrade: true, log})))
    metrics.push(...(await scale(2000, {runs, fullUpgrade: !quick, log})))
    return {params: {scales: [500, 2000], runs, quick: Boolean(quick), notes: [note, 'umzug and sequelize-cli run each migration without a transaction (their default); the floor and sequelize-migrate use one per revision']}, metrics}
  },
}
