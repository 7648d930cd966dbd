/**
 * What every `db` verb shares: the flags that find the migrations folder, `-x` arguments, and the
 * mapping of errors to one line on stderr and a non-zero exit.
 */
import {Command, Errors, Flags, type Interfaces} from '@oclif/core'

import {maskSecrets} from './config/mask'
import {MigrateError} from './errors'
import {explainMissingPackage} from './peers'
import type {FolderOptions} from './services/open'
import {renderSql, type SqlOptions} from './services/run'

/** Flags every verb takes. */
export const folderFlags = {
  directory: Flags.string({
    char: 'd',
    summary: 'Migrations folder.',
    description: 'Defaults to the SEQUELIZE_MIGRATE_DIR variable, else ./migrations.',
    env: 'SEQUELIZE_MIGRATE_DIR',
    helpGroup: 'GLOBAL',
  }),
  x: Flags.string({
    char: 'x',
    summary: 'A key=value argument env.ts can read (repeatable).',
    multiple: true,
    helpGroup: 'GLOBAL',
  }),
  verbose: Flags.boolean({summary: 'Print stack traces of errors.', helpGroup: 'GLOBAL'}),
}

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

/** The `--json` flag of read verbs. */
export const jsonFlag = {json: Flags.boolean({summary: 'Print JSON instead of text.'})}

type BaseFlags = Interfaces.InferredFlags<typeof folderFlags> & {json?: boolean}

/** Base class of the `db` verbs. */
export abstract class DbCommand extends Command {
  static baseFlags = folderFlags

  private jsonOutput = false
  private verboseOutput = false

  /** Remembers `--json` / `--verbose` for error output before the verb runs. */
  override async init(): Promise<void> {
    await super.init()
    const {flags} = (await this.parse(this.ctor)) as unknown as {flags: BaseFlags}
    this.jsonOutput = Boolean(flags.json)
    this.verboseOutput = Boolean(flags.verbose)
  }

  /** The folder options every service takes, from the parsed flags. */
  protected folder(flags: BaseFlags): FolderOptions {
    return {directory: flags.directory, x: parseXArguments(flags.x ?? [])}
  }

  /** Runs a verb offline: the script goes to stdout, or to `--output` with a line on stderr. */
  protected async printSql(flags: BaseFlags & {output?: string; dialect?: string}, verb: SqlOptions['verb'], range: string, purge?: boolean): Promise<void> {
    const script = await renderSql({...this.folder(flags), verb, range, dialect: flags.dialect, output: flags.output, purge})
    if (flags.output === undefined) process.stdout.write(script)
    else this.logToStderr(`Wrote ${flags.output}`)
  }

  /** Prints a value as JSON on stdout. */
  protected printJson(value: unknown): void {
    this.log(JSON.stringify(value, null, 2))
  }

  protected override async catch(error: Error & {exitCode?: number}): Promise<unknown> {
    // Flag parsing errors and explicit exits keep oclif's own handling.
    if (error instanceof Errors.ExitError || (!(error instanceof MigrateError) && (error as {oclif?: unknown}).oclif)) throw error
    // A driver (or other peer package) the project has not installed: name it, wherever it surfaced.
    error = explainMissingPackage(error) ?? error
    const code = error instanceof MigrateError ? error.code : 'UNEXPECTED'
    const message = maskSecrets(error.message.split('\n')[0] || String(error))
    if (this.jsonOutput) {
      this.log(JSON.stringify({code, message}))
    } else {
      process.stderr.write(`Error: ${message}${error instanceof MigrateError || this.verboseOutput ? '' : ' (run with --verbose for details)'}\n`)
      if (this.verboseOutput) process.stderr.write(`${maskSecrets(stackOf(error))}\n`)
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
