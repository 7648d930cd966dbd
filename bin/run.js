#!/usr/bin/env node
'use strict'

// A migration run is I/O-bound: trade a little JIT speed for a heap that grows less (peak RSS of
// `db upgrade` over 500 revisions drops by about a quarter); once a run has revisions to run, the
// young generation also stops growing (see src/cli/heap.ts). Comparing models with the database is
// CPU-bound and runs on a developer's machine: `db check` and `db migrate` keep the full JIT (db
// check of 500 tables: 0.8x the CPU, a third of it garbage collection otherwise). The smaller heap
// costs start-up about a tenth of its CPU (loading Sequelize and the driver collects garbage more
// often), so `db current`, which runs nothing and keeps a small heap anyway, does without it.
// (Starting with the full heap and switching once an upgrade has work does not work: the heap that
// grew while loading stays as large, 107 MiB against 82 over 500 revisions.)
const [topic, verb] = process.argv.slice(2)
const FULL_HEAP = new Set(['db:check', 'db:migrate', 'db:current'])
if (!FULL_HEAP.has(topic?.includes(':') ? topic : `${topic}:${verb}`)) {
  require('node:v8').setFlagsFromString('--optimize-for-size')
  require('../dist/cli/heap').settleHeapWhenRevisionsRun()
}

// Sequelize is the project's own (a peer dependency): without it no verb can load.
try {
  require.resolve('sequelize')
} catch {
  process.stderr.write(`Error: ${require('../dist/peers').missingPackage('sequelize').message}\n`)
  process.exit(1)
}

// `db upgrade` and `db current`, what every replica's entrypoint runs, and `db check`, what CI runs,
// take a quick path that does not load oclif (a sixth of a no-op upgrade's CPU); a command line it does not fully understand,
// `--help` among them, goes to oclif as every other verb does.
const quick = require('../dist/cli/quick')
const quickRun = quick.parseQuick(process.argv.slice(2))
if (quickRun) {
  quick.runQuick(quickRun)
} else {
  // @oclif/core checks its own `engines` when it loads, through semver (47 modules, a tenth of its
  // load time; the verbs that read only the revisions never load it otherwise). This package requires
  // a newer Node than @oclif/core does, so the check cannot fail.
  const engineWarning = process.env.OCLIF_DISABLE_ENGINE_WARNING
  process.env.OCLIF_DISABLE_ENGINE_WARNING = '1'
  const oclif = require('@oclif/core')
  if (engineWarning === undefined) delete process.env.OCLIF_DISABLE_ENGINE_WARNING
  else process.env.OCLIF_DISABLE_ENGINE_WARNING = engineWarning

  oclif.execute({dir: __dirname})
}
