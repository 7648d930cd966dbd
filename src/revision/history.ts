/**
 * What `db history` lists: the revisions newest first, optionally limited by `-r START:END`.
 */

import {RevisionError} from '../errors'
import {RevisionMap} from './revision-map'
import {Position, checkApplied, evaluateTarget, parseTarget} from './targets'

/**
 * Every revision newest first: the reverse of {@link RevisionMap.all}, so children come before
 * their parents.
 *
 * @example historyOrder(map) // ['c', 'b', 'a'] for the chain a <- b <- c
 */
export function historyOrder(map: RevisionMap): string[] {
  return map.all.map((info) => info.revision).reverse()
}

/**
 * The revisions of a `history -r START:END` range, newest first: descendants of START (inclusive)
 * that are ancestors of END (inclusive). Either side may be empty (no bound) or be a revision
 * reference, `base`, `head`, `heads`, `current`, or a step such as `-1` or `+2` counted from the
 * current head; `current` with nothing applied means `base`. An END of `base` selects nothing.
 *
 * @example parseRange(map, applied, '-2:current') // the current head and the two below it
 * @throws {RevisionError} `INVALID_RANGE` when the text is not `START:END`; otherwise the errors of
 *   the target syntax (`UNKNOWN_REVISION`, `AMBIGUOUS_REVISION`, `MULTIPLE_HEADS`, `PAST_HEAD`,
 *   `BELOW_BASE`, `UNKNOWN_APPLIED_REVISION`).
 */
export function parseRange(map: RevisionMap, applied: ReadonlySet<string>, range: string): string[] {
  const parts = range.split(':')
  if (parts.length !== 2) {
    throw new RevisionError('INVALID_RANGE',
      `History range '${range}' is not START:END; write e.g. \`-r base:head\`, \`-r a1b2:\` or \`-r -3:current\``)
  }
  checkApplied(map, applied)
  const [start, end] = parts.map((part): Position | undefined =>
    part === '' ? undefined : evaluateTarget(map, applied, parseTarget(map, part), 'history'))
  const lower = start === undefined || start === 'base' ? undefined : map.descendants(start, {inclusive: true})
  if (end === 'base') return []
  const upper = end === undefined ? undefined : map.ancestors(end, {inclusive: true})
  return historyOrder(map).filter((id) =>
    (lower === undefined || lower.has(id)) && (upper === undefined || upper.has(id)))
}

/**
 * Whether a history range depends on what the database has applied (`current`, or a step counted
 * from the current head of the database or of a branch), so the caller must read the record.
 *
 * @example rangeNeedsApplied(map, 'base:head') // false
 * @throws {RevisionError} as {@link parseRange} for an unreadable range.
 */
export function rangeNeedsApplied(map: RevisionMap, range: string): boolean {
  return range.split(':').filter((part) => part !== '').some((part) => {
    const target = parseTarget(map, part)
    return target.kind === 'current' || (target.kind === 'relative' && target.anchor.kind !== 'revision')
  })
}
