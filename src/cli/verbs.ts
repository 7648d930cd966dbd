/**
 * The verbs a container runs, from parsed flags to printed lines: `db upgrade` (online) and
 * `db current`. Their oclif commands and the bin's quick path both call these.
 */
import {current, nothingToDo, upgrade} from '../services/run'
import type {FolderFlags} from './flags'
import {folderOptions, lockWait, stepPrinter, type VerbOutput} from './io'

export {processOutput} from './io'

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
