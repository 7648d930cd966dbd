/**
 * What every `db` verb shares: the flags that find the migrations folder, `-x` arguments, and the
 * mapping of errors to one line on stderr and a non-zero exit.
 */
import {Command, Errors, Flags, type Interfaces} from '@oclif/core'

import {maskSecrets} from './config/mask'
import {MigrateError} from './errors'
import {explainMissingPackage} from './peers'
import {formatDuration, paint} from './output'
import type {RunOptions} from './runtime/migrator'
// A type only: the autogenerate service loads Sequelize, which most verbs never need.
import type {AutogenerateResult} from './services/autogenerate'
import type {LockWaitEvent, LockWaitOptions} from './runtime/record-storage'
import type {FolderOptions} from './services/open'
import {formatStep, renderSql, type SqlOptions} from './services/run'

/** Flags every verb takes. */
export const folderFlags = {
  directory: Flags.string({
    char: 'd',
    summary: 'Migrations folder.',
    description: 'Defaults to the SEQUELIZE_MIGRATE_DIR variable, else the first migrations folder (holding an env file or versions/) in the working directory or a parent, else ./migrations.',
    env: 'SEQUELIZE_MIGRATE_DIR',
    helpGroup: 'GLOBAL',
  }),
  'x-arg': Flags.string({
    char: 'x',
    summary: 'A key=value argument env.ts can read (repeatable).',
    multiple: true,
    helpGroup: 'GLOBAL',
  }),
  'stack-trace': Flags.boolean({summary: 'On an error, also print its stack trace (and those of its causes).', helpGroup: 'GLOBAL'}),
}

/**
 * `-v/--verbose` of the verbs that list revisions (`history`, `heads`, `branches`, `current`): more
 * of each revision than its one line. It means only that; an error's stack trace is `--stack-trace`.
 */
export const verboseFlag = {verbose: Flags.boolean({char: 'v', summary: 'Show each revision in more detail than one line.'})}

/** The flags of the verbs that can write their SQL instead of running it (upgrade, downgrade, stamp). */
export const sqlFlags = {
  sql: Flags.boolean({
    summary: 'Print the SQL instead of running it, without connecting (offline mode).',
    description: 'TARGET is then a range [START:]END (START:END for downgrade); START defaults to base.',
  }),
  output: Flags.string({char: 'o', summary: 'With --sql: write the script to this file instead of stdout.', dependsOn: ['sql']}),
  dialect: Flags.string({
    summary: "With --sql: write for this dialect instead of env's Sequelize instance.",
    options: ['postgres', 'mariadb', 'mysql', 'sqlite'],
    dependsOn: ['sql'],
  }),
}

/** The flag of the verbs that take the migration lock. */
export const lockFlags = {
  'lock-timeout': Flags.integer({
    summary: 'Seconds to wait for another run holding the migration lock, then give up (default: wait).',
    description: 'While waiting, a line on stderr names the holder (where the database can tell) every few seconds. On timeout the verb exits non-zero and runs nothing.',
    min: 0,
  }),
}

/** The `--json` flag. */
export const jsonFlag = {json: Flags.boolean({summary: 'Print JSON instead of text.'})}

/** `--wait-for-db` of the verbs a container entrypoint runs. */
export const waitFlag = {
  'wait-for-db': Flags.integer({
    summary: 'Retry the first connection for up to SECONDS while the database is unreachable.',
    helpValue: 'SECONDS',
    min: 0,
  }),
}

/** `--yes` of destructive verbs. */
export const yesFlag = {yes: Flags.boolean({char: 'y', summary: 'Do not ask for confirmation.'})}

type BaseFlags = Interfaces.InferredFlags<typeof folderFlags> & {json?: boolean}

/**
 * The line printed while a run waits for another's lock.
 *
 * @example formatLockWait({waitedSeconds: 0, holder: 'pid 42 app@10.0.0.7'}) // 'Waiting for the migration lock, held by pid 42 app@10.0.0.7'
 */
export function formatLockWait(event: LockWaitEvent): string {
  const holder = event.holder ? `, held by ${event.holder}` : ' held by another run'
  return event.waitedSeconds === 0 ? `Waiting for the migration lock${holder}` : `Still waiting for the migration lock after ${event.waitedSeconds} s${holder}`
}

/** Base class of the `db` verbs. */
export abstract class DbCommand extends Command {
  static baseFlags = folderFlags

  private jsonOutput = false
  private stackTraces = false

  /** Remembers `--json` / `--stack-trace` for error output before the verb runs. */
  override async init(): Promise<void> {
    await super.init()
    const {flags} = (await this.parse(this.ctor)) as unknown as {flags: BaseFlags}
    this.jsonOutput = Boolean(flags.json)
    this.stackTraces = Boolean(flags['stack-trace'])
  }

  /**
   * The folder options every service takes, from the parsed flags. A run that reaches the
   * database reports which one on stderr first (`Database: postgres://app@db:5432/shop`), and
   * each retry of `--wait-for-db`. With `confirmation`, it then asks that question (see
   * {@link confirm}) before anything is read or written.
   */
  protected folder(flags: BaseFlags & {'wait-for-db'?: number; yes?: boolean}, confirmation?: string): FolderOptions {
    return {
      directory: flags.directory,
      x: parseXArguments(flags['x-arg'] ?? []),
      onDatabase: async (target) => {
        this.note(`Database: ${target.url}${target.note ? ` (${target.note})` : ''}`)
        // Asked once the database is named, so the question says what it is about.
        if (confirmation) await this.confirm(confirmation, flags.yes)
      },
      waitForDb: flags['wait-for-db'],
      onRetry: (retry) => this.note(`Waiting for the database (retry ${retry.attempt}, ${retry.secondsLeft} s left): ${maskSecrets(retry.reason)}`),
    }
  }

  /**
   * Prints each step as it starts (`Running upgrade <base> -> a1b2…, message`) and its duration
   * when it ends; prints nothing for `--json`, whose result lists the steps.
   */
  protected stepPrinter(json: boolean | undefined): RunOptions {
    if (json) return {}
    return {
      onStep: (step) => this.log(formatStep(step)),
      onStepDone: (step) => this.log(paint('dim', `  done in ${formatDuration(step.durationMs ?? 0)}`, process.stdout)),
    }
  }

  /**
   * Prints what autogenerate did: the differences and the file on stdout; its warnings and rename
   * proposals (also comments in the file) and a missing message on stderr.
   */
  protected printAutogenerateResult(result: AutogenerateResult, message: string | undefined): void {
    for (const change of result.changes) this.log(`Detected ${change}`)
    this.log(result.path ? `Generating ${result.path} ... done` : 'No changes in schema detected')
    for (const warning of result.warnings) this.warnLine(`WARNING: ${warning}`)
    for (const hint of result.proposedRenames) this.warnLine(`NOTE: ${hint}`)
    if (result.path) this.noteMissingMessage(message)
  }

  /** Says a new revision got no message, so a forgotten `-m` does not go unnoticed. */
  protected noteMissingMessage(message: string | undefined): void {
    if (!message) this.note('No message given (-m): the revision has no message and its file name is just the id')
  }

  /** Writes a line on stderr: what the run does, kept apart from its result on stdout. */
  protected note(line: string): void {
    process.stderr.write(`${line}\n`)
  }

  /** Writes a warning on stderr, in yellow on a terminal. */
  protected warnLine(line: string): void {
    process.stderr.write(`${paint('yellow', line, process.stderr)}\n`)
  }

  /**
   * Asks before a destructive action. On a terminal it waits for y/yes; without one it refuses
   * unless `--yes` was given.
   *
   * @throws {MigrateError} `CONFIRMATION_REQUIRED` without a terminal; `ABORTED` when the answer is no.
   */
  protected async confirm(question: string, yes: boolean | undefined): Promise<void> {
    if (yes) return
    if (!process.stdin.isTTY || !process.stderr.isTTY) {
      throw new MigrateError('CONFIRMATION_REQUIRED', `${question.replace(/\?$/, '')}: refusing without a terminal to confirm on; pass --yes`)
    }
    const {createInterface} = await import('node:readline/promises')
    const prompt = createInterface({input: process.stdin, output: process.stderr})
    try {
      const answer = await prompt.question(`${question} [y/N] `)
      if (!/^y(es)?$/i.test(answer.trim())) throw new MigrateError('ABORTED', 'Aborted; nothing was changed')
    } finally {
      prompt.close()
    }
  }

  /** Runs a verb offline: the script goes to stdout, or to `--output` with a line on stderr. */
  protected async printSql(flags: BaseFlags & {output?: string; dialect?: string}, verb: SqlOptions['verb'], range: string, purge?: boolean): Promise<void> {
    const script = await renderSql({...this.folder(flags), verb, range, dialect: flags.dialect, output: flags.output, purge})
    if (flags.output === undefined) process.stdout.write(script)
    else this.logToStderr(`Wrote ${flags.output}`)
  }

  /** How long to wait for the migration lock (`--lock-timeout`), reporting the wait on stderr. */
  protected lockWait(flags: {'lock-timeout'?: number}): LockWaitOptions {
    return {timeoutSeconds: flags['lock-timeout'], onLockWait: (event) => process.stderr.write(`${formatLockWait(event)}\n`)}
  }

  /** Prints a value as JSON on stdout. */
  protected printJson(value: unknown): void {
    this.log(JSON.stringify(value, null, 2))
  }

  protected override async catch(error: Error & {exitCode?: number}): Promise<unknown> {
    // --verbose used to print stack traces on every verb; say where that went instead of the usage.
    const unknownFlags = (error as {flags?: unknown}).flags
    if ((error as {oclif?: unknown}).oclif && Array.isArray(unknownFlags) && unknownFlags.includes('--verbose')) {
      process.stderr.write(`${paint('red', 'Error:', process.stderr)} db ${this.id?.replace(/^db:/, '')} has no --verbose (on db history, heads, branches and current it shows more of each revision); for an error's stack trace pass --stack-trace\n`)
      return this.exit(2)
    }
    // Flag parsing errors and explicit exits keep oclif's own handling.
    if (error instanceof Errors.ExitError || (!(error instanceof MigrateError) && (error as {oclif?: unknown}).oclif)) throw error
    // A driver (or other peer package) the project has not installed: name it, wherever it surfaced.
    error = explainMissingPackage(error) ?? error
    const code = error instanceof MigrateError ? error.code : 'UNEXPECTED'
    const message = maskSecrets(error.message.split('\n')[0] || String(error))
    if (this.jsonOutput) {
      this.log(JSON.stringify({code, message}))
    } else {
      process.stderr.write(`${paint('red', 'Error:', process.stderr)} ${message}${error instanceof MigrateError || this.stackTraces ? '' : ' (run with --stack-trace for details)'}\n`)
      if (this.stackTraces) process.stderr.write(`${maskSecrets(stackOf(error))}\n`)
    }
    return this.exit(1)
  }
}

function stackOf(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  while (current instanceof Error && parts.length < 5) {
    parts.push(current.stack ?? current.message)
    current = (current as {cause?: unknown}).cause
  }
  return parts.join('\nCaused by: ')
}

/**
 * Turns `-x key=value` arguments into an object.
 *
 * @throws {MigrateError} `INVALID_X_ARGUMENT` for an argument without `=`.
 */
export function parseXArguments(values: string[]): Record<string, string> {
  const result: Record<string, string> = {}
  for (const value of values) {
    const at = value.indexOf('=')
    if (at <= 0) throw new MigrateError('INVALID_X_ARGUMENT', `-x takes key=value, got '${value}'`)
    result[value.slice(0, at)] = value.slice(at + 1)
  }
  return result
}
