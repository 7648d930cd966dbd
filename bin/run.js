#!/usr/bin/env node
'use strict'

// A migration run is I/O-bound: trade a little JIT speed for a heap that grows less (peak RSS of
// `db upgrade` over 500 revisions drops by about a quarter). Comparing models with the database is
// CPU-bound and runs on a developer's machine: `db check` and `db migrate` keep the full JIT (db
// check of 500 tables: 0.8x the CPU, a third of it garbage collection otherwise).
const [topic, verb] = process.argv.slice(2)
const CPU_BOUND = new Set(['db:check', 'db:migrate'])
if (!CPU_BOUND.has(topic?.includes(':') ? topic : `${topic}:${verb}`)) require('node:v8').setFlagsFromString('--optimize-for-size')

// Sequelize is the project's own (a peer dependency): without it no verb can load.
try {
  require.resolve('sequelize')
} catch {
  process.stderr.write(`Error: ${require('../dist/peers').missingPackage('sequelize').message}\n`)
  process.exit(1)
}

require('@oclif/core').execute({dir: __dirname})
