/**
 * describeMigrations, as a user's suite runs it: a generated spec file run by mocha in a child
 * process, its results read from mocha's JSON reporter. One test per step, named by direction,
 * revision and message; a broken revision fails exactly its own test.
 */
import {execFile} from 'node:child_process'
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'

import {COMPILE_CACHE, REPO_ROOT} from '../support/cli'
import {createScratchDatabase, forEachDialect, type ScratchDatabase} from '../support/databases'
import {SCRATCH_ROOT} from '../support/project'

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures')

interface MochaTest {
  title: string
  fullTitle: string
  err: {message?: string}
}

interface MochaReport {
  stats: {passes: number; failures: number; pending: number}
  passes: MochaTest[]
  failures: MochaTest[]
  pending: MochaTest[]
}

/**
 * A user's spec file: three suites, each on its own scratch database (`URL_<n>`). The broken one
 * runs first: its failure must not hide the suites after it.
 */
function specSource(): string {
  const suite = (title: string, folder: string, url: string, extra: string) => `
describeMigrations({
  title: ${JSON.stringify(title)},
  directory: ${JSON.stringify(join(FIXTURES, folder))},
  sequelize: () => open(process.env.${url}),${extra}
})`
  return `'use strict'
const {Sequelize} = require('sequelize')
const {describeMigrations} = require('sequelize-migrate/testing')
const {historyHooks} = require(${JSON.stringify(join(FIXTURES, 'history', 'hooks'))})

const opened = []
const open = (url) => {
  const sequelize = new Sequelize(url, {logging: false})
  opened.push(sequelize)
  return sequelize
}
after(() => Promise.all(opened.map((sequelize) => sequelize.close())))
${suite('bad down', 'broken/bad-down', 'URL_1', '\n  snake: true,')}
${suite('history', 'history', 'URL_2', '\n  snake: true,\n  hooks: historyHooks(),')}
${suite('irreversible', 'broken/irreversible', 'URL_3', '')}
`
}

/** Runs mocha on `spec` in a child process; resolves with its JSON report. */
function runMocha(workdir: string, spec: string, env: Record<string, string>): Promise<MochaReport> {
  const output = join(workdir, 'report.json')
  const args = [require.resolve('mocha/bin/mocha.js'), '--no-config', '--no-package', '--require', join(REPO_ROOT, 'test', 'register.js'),
    '--timeout', '120000', '--reporter', 'json', '--reporter-option', `output=${output}`, spec]
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, {cwd: workdir, env: {...process.env, ...env, SEQUELIZE_MIGRATE_CACHE: COMPILE_CACHE}, timeout: 120_000, encoding: 'utf8'},
      (error, stdout, stderr) => {
        // mocha exits with the number of failures: a non-zero code is expected here.
        if (error && typeof error.code !== 'number') {
          reject(new Error(`mocha did not finish: ${error.message}\nstdout: ${stdout}\nstderr: ${stderr}`))
          return
        }
        try {
          resolve(JSON.parse(readFileSync(output, 'utf8')) as MochaReport)
        } catch (parseError) {
          reject(new Error(`no JSON report (${(parseError as Error).message})\nstdout: ${stdout}\nstderr: ${stderr}`))
        }
      })
  })
}

forEachDialect('describeMigrations', (dialect) => {
  const dbs: ScratchDatabase[] = []
  let workdir: string
  let report: MochaReport
  const titles = (tests: MochaTest[], suite: string) => tests.filter((test) => test.fullTitle.startsWith(`${suite} `)).map((test) => test.title)

  before(async () => {
    for (let n = 0; n < 3; n++) dbs.push(await createScratchDatabase(dialect))
    workdir = join(SCRATCH_ROOT, `describe-migrations-${dbs[0].url.match(/sm_test_\w+/)![0]}`)
    mkdirSync(workdir, {recursive: true})
    const spec = join(workdir, 'migrations.spec.js')
    writeFileSync(spec, specSource())
    report = await runMocha(workdir, spec, {URL_1: dbs[0].url, URL_2: dbs[1].url, URL_3: dbs[2].url})
  })

  after(async () => {
    for (const db of dbs.splice(0)) await db.drop()
    if (workdir) rmSync(workdir, {recursive: true, force: true})
  })

  it('registers one test per step of the history, named "<direction> <id> <message>", all passing with the data hooks', () => {
    const passed = titles(report.passes, 'history')
    expect(titles(report.failures, 'history'), 'failures').to.deep.equal([])
    expect(passed).to.have.lengthOf(23 * 4)
    expect(passed.slice(0, 4)).to.deep.equal([
      'upgrade d1a7bb7c2f1e create authors',
      'downgrade d1a7bb7c2f1e create authors (snake)',
      'upgrade d1a7bb7c2f1e create authors (snake, again)',
      'upgrade 9f7f4f5ffb8d add authors.email and authors.active',
    ])
    expect(passed).to.include('upgrade 919660702a4a merge tags and comments branches')
    expect(passed).to.include('downgrade 6cfe9acbbf6f split authors.full_name into first_name and last_name')
    expect(passed.at(-1)).to.equal('downgrade d1a7bb7c2f1e create authors')
  })

  it('a broken down fails exactly its own test; the steps after it are skipped', () => {
    expect(titles(report.passes, 'bad down')).to.deep.equal([
      'upgrade a7ae0b0a9e73 create widgets',
      'downgrade a7ae0b0a9e73 create widgets (snake)',
      'upgrade a7ae0b0a9e73 create widgets (snake, again)',
      'upgrade c7f99f994361 add widgets.color and widgets.size',
    ])
    const failures = report.failures.filter((test) => test.fullTitle.startsWith('bad down '))
    expect(failures.map((test) => test.title)).to.deep.equal(['downgrade c7f99f994361 add widgets.color and widgets.size (snake)'])
    expect(failures[0].err.message).to.include('down did not restore the schema').and.include('widgets.size')
    expect(titles(report.pending, 'bad down')).to.deep.equal([
      'upgrade c7f99f994361 add widgets.color and widgets.size (snake, again)',
      'upgrade fb039aa20108 create gadgets',
      'downgrade fb039aa20108 create gadgets (snake)',
      'upgrade fb039aa20108 create gadgets (snake, again)',
      'downgrade fb039aa20108 create gadgets',
      'downgrade c7f99f994361 add widgets.color and widgets.size',
      'downgrade a7ae0b0a9e73 create widgets',
    ])
  })

  it('an irreversible revision passes its downgrade and skips the ones below it', () => {
    expect(titles(report.passes, 'irreversible')).to.deep.equal([
      'upgrade 3aef7dc8fd68 create accounts',
      'upgrade 4fa829aa8cae drop accounts.legacy_code',
      'upgrade a5cc6d13682a create sessions',
      'downgrade a5cc6d13682a create sessions',
      'downgrade 4fa829aa8cae drop accounts.legacy_code',
    ])
    expect(titles(report.pending, 'irreversible')).to.deep.equal(['downgrade 3aef7dc8fd68 create accounts'])
  })

  it('reports nothing else', () => {
    expect(report.stats).to.include({passes: 23 * 4 + 4 + 5, failures: 1, pending: 7 + 1})
  })
})
