#!/usr/bin/env node
'use strict'

// A migration run is I/O-bound: trade a little JIT speed for a heap that grows less (peak RSS of
// `db upgrade` over 500 revisions drops by about a quarter), and keep the young generation at its
// first size (over 2,000 revisions: about 100 MiB instead of 104, at no measurable cost to the
// no-op's CPU). Comparing models with the database is CPU-bound and runs on a developer's machine:
// `db check` and `db migrate` keep the full JIT (db check of 500 tables: 0.8x the CPU, a third of it
// garbage collection otherwise). The smaller heap costs start-up about an eighth of its CPU
// (loading @oclif/core, Sequelize and the driver collects garbage more often), so `db current`,
// which runs nothing and keeps a small heap anyway, does without it. (Switching only once an
// upgrade has work does not work: the heap that grew while loading stays as large, 116 MiB against
// 94 over 500 revisions.)
const [topic, verb] = process.argv.slice(2)
const FULL_HEAP = new Set(['db:check', 'db:migrate', 'db:current'])
if (!FULL_HEAP.has(topic?.includes(':') ? topic : `${topic}:${verb}`)) {
  const v8 = require('node:v8')
  v8.setFlagsFromString('--optimize-for-size')
  v8.setFlagsFromString('--semi-space-growth-factor=1')
}

// Sequelize is the project's own (a peer dependency): without it no verb can load.
try {
  require.resolve('sequelize')
} catch {
  process.stderr.write(`Error: ${require('../dist/peers').missingPackage('sequelize').message}\n`)
  process.exit(1)
}

// @oclif/core checks its own `engines` when it loads, through semver (47 modules, a tenth of its
// load time; the verbs that read only the revisions never load it otherwise). This package requires
// a newer Node than @oclif/core does, so the check cannot fail.
const engineWarning = process.env.OCLIF_DISABLE_ENGINE_WARNING
process.env.OCLIF_DISABLE_ENGINE_WARNING = '1'
const oclif = require('@oclif/core')
if (engineWarning === undefined) delete process.env.OCLIF_DISABLE_ENGINE_WARNING
else process.env.OCLIF_DISABLE_ENGINE_WARNING = engineWarning

oclif.execute({dir: __dirname})
