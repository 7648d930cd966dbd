#!/usr/bin/env node
/**
 * Runs the benchmarks, prints one table (measure × tool: medians of several runs with their
 * spread, CPU, the ratio to the floor, peak memory, the target) and writes
 * bench/results/latest.json. Expects a built package (`npm run bench` builds first) and a
 * PostgreSQL server reachable by psql (SM_BENCH_POSTGRES_URL, default postgres@127.0.0.1:5432).
 *
 * Usage: node bench/run.js [--quick] [scenario ...]    (default: all; --quick: fewer runs and scales)
 *
 * A scenario is a module beside this one exporting `{name, title, run({log, quick})}`; `run`
 * resolves to `{params, metrics}`, each metric `{measure, tool, samples (wall seconds), cpu?,
 * peak? (MiB), floorSamples? (the reference's wall seconds, the same run), reference? (its name),
 * target?: {ratio? (to the reference), value?, peakMiB?}}`.
 */
'use strict'
const {mkdirSync, writeFileSync} = require('node:fs')
const os = require('node:os')
const {join} = require('node:path')

const {maskUrl, median, peakRssMethod, postgresAdminUrl, postgresVersion} = require('./support')

// Adding a benchmark: write bench/<name>.js and list it here.
const SCENARIOS = ['upgrade', 'check', 'app-check']

const RESULTS = join(__dirname, 'results', 'latest.json')

function evaluate(metric) {
  const value = median(metric.samples)
  const floor = metric.floorSamples ? median(metric.floorSamples) : undefined
  const ratio = floor === undefined ? undefined : value / floor
  const cpu = metric.cpu?.length ? median(metric.cpu) : undefined
  const peak = metric.peak?.length ? median(metric.peak) : undefined
  const checks = []
  if (metric.target?.ratio !== undefined && ratio !== undefined) checks.push(ratio <= metric.target.ratio)
  if (metric.target?.value !== undefined) checks.push(value <= metric.target.value)
  if (metric.target?.peakMiB !== undefined && peak !== undefined) checks.push(peak <= metric.target.peakMiB)
  return {...metric, value, min: Math.min(...metric.samples), max: Math.max(...metric.samples), floor, ratio, cpuMedian: cpu, peakMedian: peak, pass: checks.length ? checks.every(Boolean) : undefined}
}

function formatTarget({target, reference}) {
  if (!target) return ''
  return [
    target.ratio !== undefined ? `≤ ${target.ratio.toFixed(2)}× ${reference ?? 'floor'}` : '',
    target.value !== undefined ? `≤ ${target.value.toFixed(2)} s` : '',
    target.peakMiB !== undefined ? `≤ ${target.peakMiB} MiB` : '',
  ].filter(Boolean).join(', ')
}

function printTable(metrics) {
  const header = ['measure', 'tool', 'wall (median)', 'min–max', 'cpu', 'ratio (wall, to)', 'peak MiB', 'target', 'result']
  const rows = metrics.map((m) => [
    m.measure,
    m.tool,
    `${m.value.toFixed(3)} s`,
    `${m.min.toFixed(2)}–${m.max.toFixed(2)}`,
    m.cpuMedian === undefined ? '' : `${m.cpuMedian.toFixed(2)} s`,
    m.ratio === undefined ? '' : `${m.ratio.toFixed(2)}× ${m.reference ?? 'floor'}`,
    m.peakMedian === undefined ? '' : m.peakMedian.toFixed(0),
    formatTarget(m),
    m.pass === undefined ? '' : m.pass ? 'PASS' : 'MISS',
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells) => cells.map((c, i) => (i < 2 || i === 5 || i === 7 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd()
  console.log(line(header))
  console.log(line(widths.map((w) => '-'.repeat(w))))
  let previous
  for (const [index, row] of rows.entries()) {
    console.log(line(metrics[index].measure === previous ? ['', ...row.slice(1)] : row))
    previous = metrics[index].measure
  }
}

async function main() {
  const quick = process.argv.includes('--quick') || process.env.SM_BENCH_QUICK === '1'
  const requested = process.argv.slice(2).filter((arg) => arg !== '--quick')
  const unknown = requested.filter((name) => !SCENARIOS.includes(name))
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')} (known: ${SCENARIOS.join(', ')})`)

  const environment = {
    node: process.version,
    postgres: postgresVersion(),
    postgresUrl: maskUrl(postgresAdminUrl),
    cpu: os.cpus()[0]?.model,
    cpus: os.cpus().length,
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    // other work on the machine skews wall times; worth knowing when comparing runs
    loadAverage: Number(os.loadavg()[0].toFixed(2)),
    peakRss: peakRssMethod,
  }
  console.log(`node ${environment.node}, PostgreSQL ${environment.postgres}, ${environment.cpus}× ${environment.cpu} (load ${environment.loadAverage}); peak RSS via ${peakRssMethod}`)

  const report = {date: new Date().toISOString(), quick, environment, scenarios: {}}
  const all = []
  for (const name of requested.length > 0 ? requested : SCENARIOS) {
    const scenario = require(`./${name}`)
    console.error(`\n[${name}] ${scenario.title}`)
    const started = Date.now()
    const {params, metrics} = await scenario.run({log: (message) => console.error(`  ${message}`), quick})
    const evaluated = metrics.map(evaluate)
    all.push(...evaluated)
    report.scenarios[name] = {title: scenario.title, params, seconds: (Date.now() - started) / 1000, metrics: evaluated}
  }

  console.log('')
  printTable(all)
  for (const note of Object.values(report.scenarios).flatMap((scenario) => scenario.params.notes ?? [])) console.log(`note: ${note}`)
  mkdirSync(join(__dirname, 'results'), {recursive: true})
  writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`)
  const missed = Object.values(report.scenarios).flatMap((s) => s.metrics).filter((m) => m.pass === false)
  console.log(`\n${missed.length === 0 ? 'all targets met' : `${missed.length} target(s) missed`}; wrote ${RESULTS}`)
}

main().catch((error) => {
  console.error(`bench failed: ${error.message}`)
  process.exitCode = 1
})
