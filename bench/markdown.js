#!/usr/bin/env node
/**
 * Prints the results of the last `npm run bench` (bench/results/latest.json, or the file given) as
 * a Markdown table for the README: one row per measure and tool, with the median wall time, the
 * median CPU time, the ratio of wall medians to the measure's reference tool and the peak memory.
 *
 * Usage: node bench/markdown.js [results.json]
 */
'use strict'
const {readFileSync} = require('node:fs')
const {join} = require('node:path')

const file = process.argv[2] ?? join(__dirname, 'results', 'latest.json')
const report = JSON.parse(readFileSync(file, 'utf8'))
const {environment} = report

const seconds = (value) => (value === undefined || value === null ? '' : `${value.toFixed(2)} s`)
const rows = [
  '| measure | tool | wall (median) | CPU | ratio (wall) | peak MiB |',
  '|---|---|--:|--:|--:|--:|',
]
for (const scenario of Object.values(report.scenarios)) {
  let previous
  for (const metric of scenario.metrics) {
    const ratio = metric.ratio === undefined || metric.ratio === null ? '' : `${metric.ratio.toFixed(2)}× ${metric.reference ?? 'floor'}`
    const peak = metric.peakMedian === undefined || metric.peakMedian === null ? '' : metric.peakMedian.toFixed(0)
    rows.push(`| ${metric.measure === previous ? '' : metric.measure} | ${metric.tool} | ${seconds(metric.value)} | ${seconds(metric.cpuMedian)} | ${ratio} | ${peak} |`)
    previous = metric.measure
  }
}
console.log(`${report.quick ? 'Quick run' : 'Full run'} of ${report.date.slice(0, 10)}: Node ${environment.node.replace(/^v/, '')}, PostgreSQL ${environment.postgres}, ${environment.cpus}× ${environment.cpu}, load average ${environment.loadAverage} at the start.\n`)
console.log(rows.join('\n'))
