#!/usr/bin/env node
/**
 * Runs the benchmarks, prints one table per scenario with PASS/MISS against its targets and writes
 * bench/results/latest.json. Expects a built package (`npm run bench` builds first) and a
 * PostgreSQL server reachable by psql (SM_BENCH_POSTGRES_URL, default postgres@127.0.0.1:5432).
 *
 * Usage: node bench/run.js [scenario ...]    (default: all)
 *
 * A scenario is a module beside this one exporting `{name, title, run({log})}`; `run` resolves to
 * `{params, metrics}`, each metric `{label, unit, samples, floor?, target?: {value} | {ratio}}`.
 */
'use strict'
const {mkdirSync, writeFileSync} = require('node:fs')
const os = require('node:os')
const {join} = require('node:path')

const {maskUrl, median, peakRssMethod, postgresAdminUrl, postgresVersion} = require('./support')

// Adding a benchmark: write bench/<name>.js and list it here.
const SCENARIOS = ['upgrade', 'check']

const RESULTS = join(__dirname, 'results', 'latest.json')

function evaluate(metric) {
  const value = median(metric.samples)
  const ratio = metric.floor === undefined ? undefined : value / metric.floor
  let pass
  if (metric.target?.ratio !== undefined) pass = ratio <= metric.target.ratio
  else if (metric.target?.value !== undefined) pass = value <= metric.target.value
  return {...metric, value, ratio, pass}
}

function formatValue(value, unit) {
  return unit === 's' ? `${value.toFixed(3)} s` : `${value.toFixed(1)} ${unit}`
}

function formatLimit(value, unit) {
  return unit === 's' ? `${value.toFixed(2)} s` : `${value} ${unit}`
}

function formatTarget({target, unit}) {
  if (target?.ratio !== undefined) return `≤ ${target.ratio.toFixed(2)}×`
  if (target?.value !== undefined) return `≤ ${formatLimit(target.value, unit)}`
  return ''
}

function printTable(title, metrics) {
  const header = ['measure', 'value', 'floor', 'ratio', 'target', 'result']
  const rows = metrics.map((m) => [
    m.label,
    formatValue(m.value, m.unit),
    m.floor === undefined ? '' : formatValue(m.floor, m.unit),
    m.ratio === undefined ? '' : `${m.ratio.toFixed(2)}×`,
    formatTarget(m),
    m.pass === undefined ? '' : m.pass ? 'PASS' : 'MISS',
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd()
  console.log(`\n${title}`)
  console.log(line(header))
  console.log(line(widths.map((w) => '-'.repeat(w))))
  for (const row of rows) console.log(line(row))
}

async function main() {
  const requested = process.argv.slice(2)
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

  const report = {date: new Date().toISOString(), environment, scenarios: {}}
  for (const name of requested.length > 0 ? requested : SCENARIOS) {
    const scenario = require(`./${name}`)
    console.error(`\n[${name}] ${scenario.title}`)
    const started = Date.now()
    const {params, metrics} = await scenario.run({log: (message) => console.error(`  ${message}`)})
    const evaluated = metrics.map(evaluate)
    printTable(`${name}: ${scenario.title}`, evaluated)
    report.scenarios[name] = {title: scenario.title, params, seconds: (Date.now() - started) / 1000, metrics: evaluated}
  }

  mkdirSync(join(__dirname, 'results'), {recursive: true})
  writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`)
  const missed = Object.values(report.scenarios).flatMap((s) => s.metrics).filter((m) => m.pass === false)
  console.log(`\n${missed.length === 0 ? 'all targets met' : `${missed.length} target(s) missed`}; wrote ${RESULTS}`)
}

main().catch((error) => {
  console.error(`bench failed: ${error.message}`)
  process.exitCode = 1
})
