/**
 * What every `db` verb shares: the flags that find the migrations folder, `-x` arguments, and the
 * mapping of errors to one line on stderr and a non-zero exit.
 */
import {Command, Errors, Flags, type Interfaces} from '@oclif/core'

import {folderFlagSpecs, jsonFlagSpec, lockFlagSpecs, verboseFlagSpec, waitFlagSpec} from './cli/flags'
import {folderOptions, lockWait, reportError, stepPrinter, type VerbOutput} from './cli/io'
import {printJson} from './cli/verbs'
import {MigrateError} from './errors'
import {paint} from './output'
import type {RunOptions} from './runtime/migrator'
// A type only: the autogenerate service loads Sequelize, which most verbs never need.
import type {AutogenerateResult} from './services/autogenerate'
import type {LockWaitOptions} from './runtime/record-storage'
import type {FolderOptions} from './services/open'
import {renderSql, type SqlOptions} from './services/run'

/** Flags every verb takes (the quick path of `cli/quick.ts` parses the same ones). */
export const folderFlags = {
  directory: Flags.string(folderFlagSpecs.directory),
  'x-arg': Flags.string({...folderFlagSpecs['x-arg'], multiple: true}),
  'stack-trace': Flags.boolean(folderFlagSpecs['stack-trace']),
}

/**
 * `-v/--verbose` of the verbs that list revisions (`history`, `heads`, `branches`, `current`): more
 * of each revision than its one line. It means only that; an error's stack trace is `--stack-trace`.
 */
export const verboseFlag = {verbose: Flags.boolean(verboseFlagSpec.verbose)}

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
export const lockFlags = {'lock-timeout': Flags.integer(lockFlagSpecs['lock-timeout'])}

/** The `--json` flag. */
export const jsonFlag = {json: Flags.boolean(jsonFlagSpec.json)}

/** `--wait-for-db` of the verbs a container entrypoint runs. */
export const waitFlag = {'wait-for-db': Flags.integer(waitFlagSpec['wait-for-db'])}

/** `--yes` of destructive verbs. */
export const yesFlag = {yes: Flags.boolean({char: 'y', summary: 'Do not ask for confirmation.'})}

type BaseFlags = Interfaces.InferredFlags<typeof folderFlags> & {json?: boolean}

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
    return folderOptions(flags, this.output, confirmation ? () => this.confirm(confirmation, flags.yes) : undefined)
  }

  /**
   * Prints each step as it starts (`Running upgrade <base> -> a1b2…, message`) and its duration
   * when it ends; prints nothing for `--json`, whose result lists the steps.
   */
  protected stepPrinter(json: boolean | undefined): RunOptions {
    return stepPrinter(json, this.output)
  }

  /** Where the verb writes: oclif's `log` for results, stderr for notes. */
  protected get output(): VerbOutput {
    return {log: (line) => this.log(line), note: (line) => this.note(line)}
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
    return lockWait(flags)
  }

  /** Prints a value as JSON on stdout. */
  protected printJson(value: unknown): void {
    printJson(value, this.output)
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
    return this.exit(reportError(error, {json: this.jsonOutput, 'stack-trace': this.stackTraces}, this.output))
  }
}
