/**
 * Runs the real `bin/run.js` in a child process, the way a user's shell would (without a shell).
 */
import {type ChildProcess, execFile, spawn} from 'node:child_process'
import {join, resolve} from 'node:path'
import {expect} from 'chai'

/** The package root (`/work/main` in the dev container). */
export const REPO_ROOT = resolve(__dirname, '..', '..')

/** The CLI entry point of the package. */
export const BIN = join(REPO_ROOT, 'bin', 'run.js')

/**
 * Where child processes keep compiled TypeScript: the same folder in-process test runs use, so a
 * revision or env file compiled once is never compiled again.
 */
export const COMPILE_CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'sequelize-migrate')

/** What a finished CLI run left behind. */
export interface CliResult {
  /** Exit status. */
  code: number
  stdout: string
  stderr: string
}

/** Options of {@link runCli}. */
export interface CliOptions {
  /** Working directory of the process. */
  cwd: string
  /** Variables added to (string) or removed from (undefined) the environment. */
  env?: Record<string, string | undefined>
  /**
   * The CLI script to run.
   * @default BIN
   */
  bin?: string
  /**
   * Milliseconds before the process is killed and the run fails.
   * @default 60000
   */
  timeout?: number
}

/** The environment of a CLI child: the steering variables cleared unless `options.env` sets them. */
function childEnv(options: CliOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {...process.env, SEQUELIZE_MIGRATE_CACHE: COMPILE_CACHE}
  for (const name of ['DATABASE_URL', 'SEQUELIZE_MIGRATE_DIR', 'EDITOR', 'VISUAL']) delete env[name]
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }
  return env
}

/**
 * Runs `node <bin> ...args`. The variables that steer the verbs (`DATABASE_URL`,
 * `SEQUELIZE_MIGRATE_DIR`, `EDITOR`, `VISUAL`) are cleared unless `env` sets them.
 *
 * @example const {code, stdout} = await runCli(['db', 'heads'], {cwd: project.root})
 * @throws {Error} when the process cannot start or outlives `timeout`.
 */
export function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  const env = childEnv(options)
  const timeout = options.timeout ?? 60_000
  return new Promise((resolvePromise, reject) => {
    execFile(process.execPath, [options.bin ?? BIN, ...args], {cwd: options.cwd, env, timeout, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8'},
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          const why = error.killed ? `was killed after ${timeout} ms` : `failed to run (${error.message})`
          reject(new Error(`\`${args.join(' ')}\` ${why}\nstdout: ${stdout}\nstderr: ${stderr}`))
          return
        }
        resolvePromise({code: error ? (error.code as number) : 0, stdout, stderr})
      })
  })
}

/** A CLI run still going: its process (to kill), its output so far, and its end. */
export interface StartedCli {
  child: ChildProcess
  /** stdout and stderr so far. */
  output(): {stdout: string; stderr: string}
  /** Resolves when the process exits; a killed process resolves with code -1. */
  done: Promise<CliResult>
}

/** Starts `node <bin> ...args` like {@link runCli}, without waiting for it to end. */
export function startCli(args: string[], options: CliOptions): StartedCli {
  const child = spawn(process.execPath, [options.bin ?? BIN, ...args], {cwd: options.cwd, env: childEnv(options), stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk) => (stdout += String(chunk)))
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)))
  const done = new Promise<CliResult>((resolvePromise) => child.on('close', (code) => resolvePromise({code: code ?? -1, stdout, stderr})))
  return {child, output: () => ({stdout, stderr}), done}
}

/** The non-empty lines of an output. */
export function lines(output: string): string[] {
  return output.split('\n').filter((line) => line.trim().length > 0)
}

/**
 * Asserts a run succeeded, showing its output when it did not.
 *
 * @returns the run's stdout lines, without the `  done in 12 ms` line that follows each step
 *   (timings differ from run to run; `lines(result.stdout)` keeps them)
 */
export function expectSuccess(result: CliResult): string[] {
  expect(result.code, `exit code; stderr: ${result.stderr}\nstdout: ${result.stdout}`).to.equal(0)
  return lines(result.stdout).filter((line) => !/^ {2}done in \d/.test(line))
}

/**
 * Asserts a run failed the way every bad input should: a non-zero exit and exactly one line on
 * stderr, `Error: <message>`, without a stack trace. `fragments` must each appear in that line.
 *
 * @returns the error line
 */
export function expectOneLineError(result: CliResult, ...fragments: Array<string | RegExp>): string {
  expect(result.code, `exit code; stdout: ${result.stdout}`).to.not.equal(0)
  // A run that reaches the database names it first (`Database: …`); the error is the one line after.
  const errorLines = lines(result.stderr).filter((line) => !line.startsWith('Database: '))
  expect(errorLines, 'stderr lines').to.have.lengthOf(1)
  const [line] = errorLines
  expect(line).to.match(/^Error: /)
  expect(line).to.not.match(/\s+at .+:\d+:\d+\)?$/)
  for (const fragment of fragments) {
    if (typeof fragment === 'string') expect(line).to.include(fragment)
    else expect(line).to.match(fragment)
  }
  return line
}
