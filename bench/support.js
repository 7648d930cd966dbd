/**
 * What every benchmark scenario needs: timing a child process with its peak memory, medians, and
 * scratch PostgreSQL databases driven through psql.
 *
 * Peak memory is the child's maximum resident set size (ru_maxrss). With GNU time installed
 * (/usr/bin/time) the kernel's own figure is read through `time -f %M`; without it, the child's
 * /proc/<pid>/status `VmHWM` (the same high-water mark) is polled every few milliseconds, which
 * can only miss growth in the child's last poll interval.
 */
'use strict'
const {spawn, execFileSync} = require('node:child_process')
const {randomBytes} = require('node:crypto')
const {accessSync, constants, mkdtempSync, readFileSync, rmSync} = require('node:fs')
const {tmpdir} = require('node:os')
const {join} = require('node:path')

const GNU_TIME = '/usr/bin/time'
const POLL_MS = 5

function hasGnuTime() {
  try {
    accessSync(GNU_TIME, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** How {@link measure} reads peak memory on this machine, for the report. */
const peakRssMethod = hasGnuTime() ? `${GNU_TIME} -f %M (ru_maxrss)` : `/proc/<pid>/status VmHWM polled every ${POLL_MS} ms`

function readHighWaterKiB(pid) {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) : 0
  } catch {
    return 0 // already gone
  }
}

/**
 * Runs a command to completion and measures it.
 *
 * @returns `{wallSeconds, cpuSeconds (user + system; GNU time only), peakRssMiB, code, stdout, stderr}`; never rejects on a non-zero exit
 * (callers decide), only when the command cannot be started.
 */
function measure(command, args, {cwd, env} = {}) {
  const gnuTime = hasGnuTime()
  const scratch = gnuTime ? mkdtempSync(join(tmpdir(), 'sm-bench-')) : undefined
  const timeFile = scratch && join(scratch, 'maxrss')
  const [file, argv] = gnuTime ? [GNU_TIME, ['-o', timeFile, '-f', '%M %U %S', command, ...args]] : [command, args]

  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(file, argv, {cwd, env, stdio: ['ignore', 'pipe', 'pipe']})
    const stdout = []
    const stderr = []
    child.stdout.on('data', (chunk) => stdout.push(chunk))
    child.stderr.on('data', (chunk) => stderr.push(chunk))
    let polledKiB = 0
    const poller = gnuTime ? undefined : setInterval(() => (polledKiB = Math.max(polledKiB, readHighWaterKiB(child.pid))), POLL_MS)
    child.on('error', (error) => {
      if (poller) clearInterval(poller)
      reject(error)
    })
    child.on('close', (code) => {
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9
      if (poller) clearInterval(poller)
      let peakKiB = polledKiB
      let cpuSeconds
      if (timeFile) {
        // On failure GNU time writes "Command exited with non-zero status N" before the figures.
        const lines = readFileSync(timeFile, 'utf8').trim().split('\n')
        const [maxrss, user, system] = lines[lines.length - 1].split(' ').map(Number)
        peakKiB = maxrss
        cpuSeconds = user + system
        rmSync(scratch, {recursive: true, force: true})
      }
      resolve({wallSeconds, cpuSeconds, peakRssMiB: peakKiB / 1024, code, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString()})
    })
  })
}

/** Throws with the command's output when a {@link measure} result did not exit 0. */
function assertSucceeded(result, what) {
  if (result.code === 0) return result
  throw new Error(`${what} exited with ${result.code}\n${result.stderr || result.stdout}`)
}

/** The median of a list of numbers. */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** The server the benchmarks run on: `SM_BENCH_POSTGRES_URL`, else `SM_TEST_POSTGRES_URL`, else local. */
const postgresAdminUrl = process.env.SM_BENCH_POSTGRES_URL ?? process.env.SM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** Runs SQL through psql and returns its unaligned, tuples-only output. */
function psql(url, sql) {
  return execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], {encoding: 'utf8'}).trim()
}

/** Hides the password of a connection URL. */
function maskUrl(url) {
  const parsed = new URL(url)
  if (parsed.password) parsed.password = '***'
  return parsed.toString()
}

/**
 * Creates an empty PostgreSQL database with a random name.
 *
 * @returns `{name, url, drop()}`
 */
function createPostgresDatabase(prefix = 'sm_bench') {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`
  psql(postgresAdminUrl, `CREATE DATABASE ${name}`)
  const url = new URL(postgresAdminUrl)
  url.pathname = `/${name}`
  return {name, url: url.toString(), drop: () => psql(postgresAdminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)}
}

/** Version string of the benchmark server, e.g. `15.20`. */
function postgresVersion() {
  return psql(postgresAdminUrl, 'SHOW server_version').split(' ')[0]
}

module.exports = {
  assertSucceeded,
  createPostgresDatabase,
  maskUrl,
  measure,
  median,
  peakRssMethod,
  postgresAdminUrl,
  postgresVersion,
  psql,
}
