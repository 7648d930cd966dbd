/**
 * The ranges of the offline verbs (`db upgrade --sql [START:]END`, `db downgrade --sql START:END`,
 * `db stamp --sql [START:]END`): with no database to read, START says what is applied when the
 * script runs. Pure, like the rest of the graph.
 */
import {RevisionError} from '../errors'
import {type DowngradePlan, planDowngrade, planStamp, planUpgrade, type StampPlan, type UpgradePlan} from './plan'
import type {RevisionMap} from './revision-map'
import {evaluateTarget, parseTarget} from './targets'

/** A parsed range: the revisions applied at START (closed under ancestors) and the END text. */
export interface OfflineRange {
  /** What START says is applied; empty for base (and for an upgrade or stamp without START). */
  applied: Set<string>
  start: string
  end: string
}

function split(text: string, verb: string, needsStart: boolean): {start: string; end: string} {
  const parts = text.split(':')
  if (parts.length > 2 || parts.some((part, at) => part === '' && (at > 0 || parts.length === 1))) {
    throw new RevisionError('INVALID_RANGE', `'${text}' is not a range; write ${needsStart ? 'START:END' : '[START:]END'}, e.g. \`db ${verb} --sql ${needsStart ? 'head:base' : 'base:head'}\``)
  }
  if (parts.length === 1 || parts[0] === '') {
    if (needsStart) {
      throw new RevisionError('RANGE_NEEDS_START', `db ${verb} --sql needs START:END (e.g. \`db ${verb} --sql head:${text}\`): offline there is no database to read the current revision from`)
    }
    return {start: 'base', end: parts[parts.length - 1]}
  }
  return {start: parts[0], end: parts[1]}
}

function appliedAt(map: RevisionMap, start: string): Set<string> {
  const position = evaluateTarget(map, new Set(), parseTarget(map, start), 'upgrade')
  return position === 'base' ? new Set() : map.ancestors(position, {inclusive: true})
}

/** Parses `[START:]END` (or `START:END` when `needsStart`) and evaluates START. */
export function parseOfflineRange(map: RevisionMap, text: string, verb: string, needsStart = false): OfflineRange {
  const {start, end} = split(text, verb, needsStart)
  return {applied: appliedAt(map, start), start, end}
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((id) => b.has(id))
}

/**
 * Plans `db upgrade --sql [START:]END`.
 *
 * @example planOfflineUpgrade(map, 'base:head').steps // every revision, parents first
 * @throws {RevisionError} `INVALID_RANGE`, `START_AFTER_END` when END lies below START, and what
 *   {@link planUpgrade} throws (`UNKNOWN_REVISION`, ...).
 */
export function planOfflineUpgrade(map: RevisionMap, text: string): UpgradePlan & OfflineRange {
  const range = parseOfflineRange(map, text, 'upgrade')
  const plan = planUpgrade(map, range.applied, range.end)
  if (plan.steps.length === 0 && range.end !== range.start && !sameSet(appliedAt(map, range.end), range.applied)) {
    throw new RevisionError('START_AFTER_END', `Range ${text} goes down (${range.end} is below ${range.start}); run \`db downgrade --sql ${text}\` instead`)
  }
  return {...range, ...plan}
}

/**
 * Plans `db downgrade --sql START:END`.
 *
 * @example planOfflineDowngrade(map, 'head:base').steps // every revision, children first
 * @throws {RevisionError} `RANGE_NEEDS_START`, `INVALID_RANGE`, `START_BEFORE_END` when END lies
 *   above START, and what {@link planDowngrade} throws.
 */
export function planOfflineDowngrade(map: RevisionMap, text: string): DowngradePlan & OfflineRange {
  const range = parseOfflineRange(map, text, 'downgrade', true)
  const end = parseTarget(map, range.end)
  if (end.kind === 'revision' && !range.applied.has(end.id)) {
    throw new RevisionError('START_BEFORE_END', `Range ${text} goes up (${range.end} is not below ${range.start}); run \`db upgrade --sql ${text}\` instead`)
  }
  return {...range, ...planDowngrade(map, range.applied, range.end)}
}

/** Plans `db stamp --sql [START:]END`. */
export function planOfflineStamp(map: RevisionMap, text: string, options: {purge?: boolean} = {}): StampPlan & OfflineRange {
  const range = parseOfflineRange(map, text, 'stamp')
  return {...range, ...planStamp(map, range.applied, range.end, options)}
}
