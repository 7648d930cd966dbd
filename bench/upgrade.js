/**
 * Upgrade benchmark: the same generated history (a chain of revisions, each creating a six-column
 * table with a foreign key, plus an index) applied to fresh PostgreSQL databases by
 * sequelize-migrate and its peers in the same run, turn by turn, so every figure is a ratio taken
 * side by side:
 *
 * - the floor: the same DDL fed to psql, one transaction per revision;
 * - Sequelize's QueryInterface alone (`query-interface.js`): each revision's up() in its own
 *   transaction on one connection, nothing recorded, no lock; the least any tool that hands
 *   revisions a QueryInterface can do, so the full upgrade is also given as a ratio to it;
 * - umzug 3 with its SequelizeStorage (`bench/.work/<scale>/umzug.js`, as its README sets it up);
 * - sequelize-cli `db:migrate` (a devDependency);
 * - Alembic (`alembic -c alembic.ini upgrade head`, one transaction per revision), when a Python
 *   with alembic and psycopg2 is found (SM_BENCH_PYTHON, else python3, else /usr/bin/python3;
 *   Debian: `apt-get install python3-alembic python3-psycopg2`); otherwise the run says it
 *   skipped it.
 *
 * Measures, at each scale: a full upgrade (warm compile cache, and sequelize-migrate cold); an
 * upgrade with nothing to do (warm and cold), on a database whose record already lists every
 * revision; `db current` and a cold `db history`. The ratio of each figure is to the psql floor for
 * the full upgrade and to Alembic's same verb for the others (when Alembic runs).
 */
'use strict'
const {execFileSync} = require('node:child_process')
const {rmSync} = require('node:fs')
const {join} = require('node:path')

const {generateProject, WORK_DIR} = require('./generate')
const {assertSucceeded, createPostgresDatabase, measure, psql} = require('./support')

const CLI = join(__dirname, '..', 'bin', 'run.js')
// The reference with no tool around Sequelize's QueryInterface (generate.js's query-interface.js).
const QUERY_INTERFACE = 'QueryInterface alone'
const SEQUELIZE_CLI = join(__dirname, '..', 'node_modules', 'sequelize-cli', 'lib', 'sequelize')

/** The Python that runs Alembic on PostgreSQL, or undefined. */
function findAlembicPython() {
  const candidates = process.env.SM_BENCH_PYTHON ? [process.env.SM_BENCH_PYTHON] : ['python3', '/usr/bin/python3']
  for (const python of candidates) {
    try {
      execFileSync(python, ['-c', 'import alembic, psycopg2'], {stdio: 'ignore'})
      return python
    } catch {
      // not this one
    }
  }
  return undefined
}

function alembicVersion(python) {
  return execFileSync(python, ['-m', 'alembic', '--version'], {encoding: 'utf8'}).trim()
}

/**
 * A database whose record table lists `names`, as a tool that applied them would leave it; with
 * `alembicHead`, Alembic's record (the head alone) too.
 */
function stampedDatabase(names, alembicHead) {
  const database = createPostgresDatabase()
  const values = names.map((name) => `('${name}')`).join(',')
  psql(database.url, `CREATE TABLE "SequelizeMeta" ("name" VARCHAR(255) NOT NULL PRIMARY KEY); INSERT INTO "SequelizeMeta" VALUES ${values}`)
  if (alembicHead) psql(database.url, `CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY); INSERT INTO alembic_version VALUES ('${alembicHead}')`)
  return database
}

/**
 * Runs each tool `runs` times, turn by turn (A B C, A B C, ...), and collects its results. A tool
 * with `maxRuns` stops after that many (one that takes minutes a run).
 */
async function inTurn(tools, runs, log, what) {
  const results = new Map(tools.map((tool) => [tool.name, []]))
  for (let i = 1; i <= runs; i++) {
    for (const tool of tools) {
      if (tool.maxRuns !== undefined && i > tool.maxRuns) continue
      const result = await tool.run()
      log(`${what} ${tool.name} ${i}/${Math.min(runs, tool.maxRuns ?? runs)}: ${result.wallSeconds.toFixed(2)} s wall, ${result.cpuSeconds?.toFixed(2) ?? '?'} s cpu, ${result.peakRssMiB.toFixed(0)} MiB`)
      results.get(tool.name).push(result)
    }
  }
  return results
}

/** One metric per tool; `reference` (a tool of `results`, e.g. the floor) is what ratios divide by. */
function metricsOf(measureName, results, {reference, targets = {}} = {}) {
  const referenceRuns = reference ? results.get(reference) : undefined
  return [...results].map(([tool, runs]) => ({
    measure: measureName,
    tool,
    samples: runs.map((r) => r.wallSeconds),
    cpu: runs.map((r) => r.cpuSeconds).filter((v) => v !== undefined),
    peak: runs.map((r) => r.peakRssMiB),
    floorSamples: referenceRuns && tool !== reference ? referenceRuns.map((r) => r.wallSeconds) : undefined,
    reference: referenceRuns && tool !== reference ? reference : undefined,
    // A target relative to a reference that did not run cannot be checked.
    target: targets[tool] && !referenceRuns && targets[tool].ratio !== undefined ? {...targets[tool], ratio: undefined} : targets[tool],
  }))
}

async function scale(revisions, {runs, fullUpgrade, log, python}) {
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
  const queryInterface = (url) => measure(process.execPath, [project.queryInterfaceRunner], {cwd: project.root, env: {...process.env, DATABASE_URL: url}})
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
  const alembic = (url, args) => measure(python, ['-m', 'alembic', '-c', project.alembicIni, ...args], {cwd: project.root, env: {...process.env, DATABASE_URL: url}})
  const withAlembic = (tools) => (python ? tools : tools.filter((tool) => !tool.name.startsWith('Alembic') && !tool.name.startsWith('alembic')))
  const metrics = []

  // A warm compile cache, as on a machine that ran the CLI before; Alembic's bytecode cache too.
  await checked(stampedDatabase(project.ids), (url) => ours(url, ['history']), 'db history')
  if (python) assertSucceeded(await alembic('', ['heads']), 'alembic heads')

  if (fullUpgrade) {
    // sequelize-cli's db:migrate grows quadratically (2,000 revisions: about 4 minutes and 3 GiB a
    // run): once is enough there; the full upgrade at 2,000 runs 3 times, not 5.
    const upgrade = await inTurn([
      fresh('psql (floor)', floor),
      fresh(QUERY_INTERFACE, queryInterface),
      fresh('sequelize-migrate', (url) => ours(url, ['upgrade'])),
      fresh('sequelize-migrate, cold cache', (url) => cold(url, ['upgrade'])),
      fresh('umzug 3', umzug),
      {...fresh('sequelize-cli', cli), maxRuns: revisions > 500 ? 1 : undefined},
      ...withAlembic([fresh('Alembic', (url) => alembic(url, ['upgrade', 'head']))]),
    ], revisions > 500 ? Math.min(runs, 3) : runs, log, `upgrade ${revisions}`)
    metrics.push(...metricsOf(`upgrade, ${revisions} revisions`, upgrade, {reference: 'psql (floor)', targets: {'sequelize-migrate': {ratio: 1.1, peakMiB: 100}}}))
    // What sequelize-migrate adds to Sequelize itself: the same runs, divided by the reference's.
    metrics.push(...metricsOf(`upgrade, ${revisions} revisions, over ${QUERY_INTERFACE}`, new Map([
      [QUERY_INTERFACE, upgrade.get(QUERY_INTERFACE)],
      ['sequelize-migrate', upgrade.get('sequelize-migrate')],
    ]), {reference: QUERY_INTERFACE}).filter((metric) => metric.tool !== QUERY_INTERFACE))
  }

  const oursAtHead = stampedDatabase(project.ids)
  const peersAtHead = stampedDatabase(project.peerNames, project.head)
  try {
    const noop = await inTurn([
      {name: 'sequelize-migrate', run: async () => assertSucceeded(await ours(oursAtHead.url, ['upgrade']), 'db upgrade')},
      {name: 'sequelize-migrate, cold cache', run: async () => assertSucceeded(await cold(oursAtHead.url, ['upgrade']), 'db upgrade')},
      {name: 'umzug 3', run: async () => assertSucceeded(await umzug(peersAtHead.url), 'umzug up')},
      {name: 'sequelize-cli', run: async () => assertSucceeded(await cli(peersAtHead.url), 'sequelize db:migrate')},
      ...withAlembic([{name: 'Alembic', run: async () => assertSucceeded(await alembic(peersAtHead.url, ['upgrade', 'head']), 'alembic upgrade')}]),
    ], runs, log, `no-op upgrade ${revisions}`)
    metrics.push(...metricsOf(`upgrade with nothing to do, ${revisions} revisions`, noop, {
      reference: python ? 'Alembic' : undefined,
      targets: {'sequelize-migrate': {value: revisions > 500 ? 1.0 : 0.5}, 'sequelize-migrate, cold cache': {ratio: 1.0, peakMiB: 100}},
    }))
    const reads = await inTurn([
      {name: 'db current', run: async () => assertSucceeded(await ours(oursAtHead.url, ['current']), 'db current')},
      {name: 'db history, cold cache', run: async () => assertSucceeded(await cold(oursAtHead.url, ['history']), 'db history')},
      ...withAlembic([{name: 'alembic current', run: async () => assertSucceeded(await alembic(peersAtHead.url, ['current']), 'alembic current')}]),
    ], runs, log, `reads ${revisions}`)
    metrics.push(...metricsOf(`read verbs, ${revisions} revisions`, reads, {
      reference: python ? 'alembic current' : undefined,
      targets: {'db current': {ratio: 0.8}, 'db history, cold cache': {value: 2.0, peakMiB: 100}},
    }))
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
    // SM_BENCH_RUNS: more runs per tool for a tighter median (e.g. to compare two builds).
    const runs = Number(process.env.SM_BENCH_RUNS) || (quick ? 2 : 5)
    // SM_BENCH_STARTUP_ONLY=1: only the start-up measures (no-op upgrade, current, history), still
    // side by side with Alembic, umzug and sequelize-cli; skips the full upgrades (minutes).
    const startupOnly = process.env.SM_BENCH_STARTUP_ONLY === '1'
    const python = findAlembicPython()
    const note = python
      ? `${alembicVersion(python)} (${python}); it records only the head, umzug and sequelize-cli every file name`
      : 'Alembic skipped: no Python with alembic and psycopg2 (SM_BENCH_PYTHON, python3, /usr/bin/python3); on Debian: apt-get install python3-alembic python3-psycopg2'
    log(note)
    const metrics = []
    // SM_BENCH_SCALES=20,40 tries the scenario on small histories; one scale (500) runs that one alone.
    const scales = (process.env.SM_BENCH_SCALES ?? '500,2000').split(',').map(Number)
    // Quick: the full upgrade at the small scale only; the start-up measures at every scale.
    for (const [index, revisions] of scales.entries()) {
      metrics.push(...(await scale(revisions, {runs, fullUpgrade: !startupOnly && (index === 0 || !quick), log, python})))
    }
    return {params: {scales, runs, quick: Boolean(quick), startupOnly, alembic: python ? alembicVersion(python) : null, notes: [note, 'umzug and sequelize-cli run each migration without a transaction (their default); the floor, sequelize-migrate and Alembic use one per revision']}, metrics}
  },
}
