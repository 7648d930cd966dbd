/**
 * What the verbs print and how they report an error, without oclif: the oclif commands and the
 * bin's quick path share these, so a verb prints the same lines whichever runs it.
 */
import {maskSecrets} from '../config/mask'
import {MigrateError} from '../errors'
import {formatDuration, paint} from '../output'
import {explainMissingPackage} from '../peers'
import type {RunOptions} from '../runtime/migrator'
import type {LockWaitEvent, LockWaitOptions} from '../runtime/record-storage'
import {formatStep} from '../runtime/steps'
import type {FolderOptions} from '../services/open'
import type {FolderFlags} from './flags'
import {revisionsToRun} from './heap'

/** Where a verb writes: its result on stdout (`log`), what it does on stderr (`note`). */
export interface VerbOutput {
  log(line: string): void
  note(line: string): void
}

/** Writes straight to the process's streams (what oclif's `this.log` does too). */
export const processOutput: VerbOutput = {
  log: (line) => process.stdout.write(`${line}\n`),
  note: (line) => process.stderr.write(`${line}\n`),
}

/**
 * The folder options every service takes, from the parsed flags. A run that reaches the database
 * reports which one on stderr first (`Database: postgres://app@db:5432/shop`), and each retry of
 * `--wait-for-db`; `beforeRun` (a confirmation) then runs before anything is read or written.
 */
export function folderOptions(flags: FolderFlags, output: VerbOutput, beforeRun?: () => Promise<void>): FolderOptions {
  return {
    directory: flags.directory,
    x: parseXArguments(flags['x-arg'] ?? []),
    onDatabase: async (target) => {
      output.note(`Database: ${target.url}${target.note ? ` (${target.note})` : ''}`)
      // Asked once the database is named, so the question says what it is about.
      if (beforeRun) await beforeRun()
    },
    waitForDb: flags['wait-for-db'],
    onRetry: (retry) => output.note(`Waiting for the database (retry ${retry.attempt}, ${retry.secondsLeft} s left): ${maskSecrets(retry.reason)}`),
  }
}

/**
 * Prints each step as it starts (`Running upgrade <base> -> a1b2…, message`) and its duration when
 * it ends; prints nothing for `--json`, whose result lists the steps. Either way it tells the bin's
 * heap (`heap.ts`) when a run has revisions to run: every verb that runs revisions prints its steps.
 */
export function stepPrinter(json: boolean | undefined, output: VerbOutput): RunOptions {
  if (json) return {onRevisionsToRun: revisionsToRun}
  return {
    onRevisionsToRun: revisionsToRun,
    onStep: (step) => output.log(formatStep(step)),
    onStepDone: (step) => output.log(paint('dim', `  done in ${formatDuration(step.durationMs ?? 0)}`, process.stdout)),
  }
}

/**
 * The line printed while a run waits for another's lock.
 *
 * @example formatLockWait({waitedSeconds: 0, holder: 'pid 42 app@10.0.0.7'}) // 'Waiting for the migration lock, held by pid 42 app@10.0.0.7'
 */
export function formatLockWait(event: LockWaitEvent): string {
  const holder = event.holder ? `, held by ${event.holder}` : ' held by another run'
  return event.waitedSeconds === 0 ? `Waiting for the migration lock${holder}` : `Still waiting for the migration lock after ${event.waitedSeconds} s${holder}`
}

/** How long to wait for the migration lock (`--lock-timeout`), reporting the wait on stderr. */
export function lockWait(flags: {'lock-timeout'?: number}): LockWaitOptions {
  return {timeoutSeconds: flags['lock-timeout'], onLockWait: (event) => process.stderr.write(`${formatLockWait(event)}\n`)}
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

/**
 * Reports a verb's error: one line on stderr (`Error: …`, masked), or `{code, message}` on stdout
 * with `--json`; its stack trace and causes with `--stack-trace`. Returns the exit code.
 */
export function reportError(error: Error, flags: {json?: boolean; 'stack-trace'?: boolean}, output: VerbOutput): number {
  // A driver (or other peer package) the project has not installed: name it, wherever it surfaced.
  error = explainMissingPackage(error) ?? error
  const code = error instanceof MigrateError ? error.code : 'UNEXPECTED'
  const message = maskSecrets(error.message.split('\n')[0] || String(error))
  if (flags.json) {
    output.log(JSON.stringify({code, message}))
  } else {
    process.stderr.write(`${paint('red', 'Error:', process.stderr)} ${message}${error instanceof MigrateError || flags['stack-trace'] ? '' : ' (run with --stack-trace for details)'}\n`)
    if (flags['stack-trace']) process.stderr.write(`${maskSecrets(stackOf(error))}\n`)
  }
  return 1
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
