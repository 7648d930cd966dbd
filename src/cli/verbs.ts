/**
 * The verbs a container or a CI job runs, from parsed flags to printed lines: `db upgrade` (online),
 * `db current` and `db check`. Their oclif commands and the bin's quick path both call these.
 */
import {current, nothingToDo, upgrade} from '../services/run'
import type {FolderFlags} from './flags'
import {folderOptions, lockWait, stepPrinter, type VerbOutput} from './io'

/** Prints a value as JSON on stdout. */
export function printJson(value: unknown, output: VerbOutput): void {
  output.log(JSON.stringify(value, null, 2))
}

/** `db upgrade TARGET` without `--sql`: runs the pending revisions, printing each step. */
export async function upgradeVerb(target: string, flags: FolderFlags & {'lock-timeout'?: number}, output: VerbOutput): Promise<void> {
  const result = await upgrade({...folderOptions(flags, output), target, ...lockWait(flags), ...stepPrinter(flags.json, output)})
  if (flags.json) return printJson({direction: 'upgrade', ...result}, output)
  if (result.steps.length === 0) output.log(nothingToDo('upgrade', target, result))
}

/** `db current`: the revision(s) the database is at, with what is odd about each. */
export async function currentVerb(flags: FolderFlags & {verbose?: boolean}, output: VerbOutput): Promise<void> {
  const revisions = await current(folderOptions(flags, output))
  if (flags.json) return printJson(revisions, output)
  if (revisions.length === 0) output.log('No revision applied')
  for (const revision of revisions) {
    const marks = [
      revision.head ? ' (head)' : '',
      revision.unknown ? ' (unknown: no file defines it)' : '',
      revision.changed ? ' (changed since applied: see db accept)' : '',
      revision.unfinished ? ` (unfinished ${revision.unfinished.direction}: see db resolve)` : '',
    ].join('')
    output.log(`${revision.revision}${marks}${flags.verbose && revision.message ? `, ${revision.message}` : ''}`)
  }
}

/**
 * `db check`: compares the models with the database and lists each difference.
 *
 * @returns the exit code: 1 when they differ.
 */
export async function checkVerb(flags: FolderFlags, output: VerbOutput): Promise<number> {
  // Autogenerate loads only for this verb.
  const {check} = await import('../services/autogenerate')
  const changes = await check(folderOptions(flags, output))
  if (flags.json) printJson({changes}, output)
  else if (changes.length === 0) output.log('No changes in schema detected')
  else for (const change of changes) output.log(`Detected ${change.detail}`)
  if (changes.length === 0) return 0
  if (!flags.json) process.stderr.write(`Error: ${changes.length} difference(s) between the models and the database; run \`db migrate\` to write a revision for them\n`)
  return 1
}
