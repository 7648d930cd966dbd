/**
 * Planning `db upgrade`, `db downgrade` and `db stamp`: which revisions to run, undo or record,
 * in which order. Pure: the runtime executes the plan.
 */

import {RevisionError} from '../errors'
import {RevisionMap, compareIds} from './revision-map'
import {Target, checkApplied, currentHeads, evaluateTarget, parseTarget} from './targets'

/** What `db upgrade` will do. */
export interface UpgradePlan {
  /** Revisions to apply, in the order to run them (parents first). `[]` when up to date. */
  steps: string[]
  /** The current heads once every step has run. */
  heads: string[]
}

/** What `db downgrade` will do. */
export interface DowngradePlan {
  /** Revisions to undo, in the order to run their `down` (children first). */
  steps: string[]
  /** The current heads once every step has run; `[]` at base. */
  heads: string[]
}

/** The record-table changes of `db stamp`; no migration runs. */
export interface StampPlan {
  /** Revisions to record as applied, parents first. */
  add: string[]
  /** Revisions to erase from the record, children first (unknown ids last, by id). */
  remove: string[]
}

/** Options of {@link planStamp}. */
export interface StampOptions {
  /**
   * Start from an empty record instead of the applied state: revisions outside the target's
   * ancestry are removed, and ids no revision file defines are tolerated (and removed).
   * @default false
   */
  purge?: boolean
}

/**
 * Plans an upgrade to `target`: every ancestor of the target (inclusive) not yet applied.
 *
 * Targets: `head` (the single head), `heads`, a revision id, prefix or branch label,
 * `label@head`, `label@heads`, `+N` (from the current single head; from nothing applied, the single
 * base), `rev+N`, `rev-N`, `label@+N` (from the branch's current head).
 *
 * @example planUpgrade(map, new Set(['a']), 'head') // {steps: ['b', 'c'], heads: ['c']}
 * @throws {RevisionError} `MULTIPLE_HEADS`, `AMBIGUOUS_REVISION`, `UNKNOWN_REVISION`, `PAST_HEAD`,
 *   `BELOW_BASE`, `UNKNOWN_APPLIED_REVISION`, and `INVALID_UPGRADE_TARGET` for `base` or `-N`.
 */
export function planUpgrade(map: RevisionMap, applied: ReadonlySet<string>, target: string): UpgradePlan {
  checkApplied(map, applied)
  const parsed = parseTarget(map, target)
  if (parsed.kind === 'base') {
    throw new RevisionError('INVALID_UPGRADE_TARGET',
      'Cannot upgrade to `base`; run `db downgrade base` to undo every revision')
  }
  if (movesFromCurrent(parsed) && parsed.delta < 0) {
    throw new RevisionError('INVALID_UPGRADE_TARGET',
      `Relative revision ${target} moves down; run \`db downgrade ${target}\` instead`)
  }
  const position = evaluateTarget(map, applied, parsed, 'upgrade')
  const wanted = position === 'base' ? new Set<string>() : map.ancestors(position, {inclusive: true})
  const steps = map.sortTopologically([...wanted].filter((id) => !applied.has(id)))
  return {steps, heads: currentHeads(map, new Set([...applied, ...steps]))}
}

/**
 * Plans a downgrade to `target`: the applied revisions above the target, children first.
 *
 * Targets: `base` (undo everything), `-N` (from the current single head), `rev-N`, `rev+N`,
 * `label@-N`, or an applied revision T (id, prefix or label), which undoes the applied
 * descendants of T while T stays applied.
 *
 * @example planDowngrade(map, new Set(['a', 'b', 'c']), '-1') // {steps: ['c'], heads: ['b']}
 * @throws {RevisionError} `INVALID_DOWNGRADE_TARGET` when T is not applied or the target is
 *   `head`, `heads`, `label@head` or `+N`; `BELOW_BASE`, `AMBIGUOUS_REVISION` (a step back past a
 *   merge; `-1` from a merge undoes just the merge), `MULTIPLE_HEADS`, `UNKNOWN_REVISION`, `UNKNOWN_APPLIED_REVISION`.
 */
export function planDowngrade(map: RevisionMap, applied: ReadonlySet<string>, target: string): DowngradePlan {
  checkApplied(map, applied)
  const parsed = parseTarget(map, target)
  if (parsed.kind === 'head' || parsed.kind === 'heads' || parsed.kind === 'branch-head') {
    throw new RevisionError('INVALID_DOWNGRADE_TARGET',
      `Cannot downgrade to '${target}': downgrade takes \`base\`, \`-N\` or an applied revision; ` +
      `run \`db upgrade ${target}\` to move up`)
  }
  if (movesFromCurrent(parsed) && parsed.delta > 0) {
    throw new RevisionError('INVALID_DOWNGRADE_TARGET',
      `Relative revision ${target} moves up; run \`db upgrade ${target}\` instead, or downgrade by \`-N\``)
  }
  const position = evaluateTarget(map, applied, parsed, 'downgrade')
  let undo: string[]
  if (position === 'base') {
    undo = [...applied]
  } else {
    const missing = position.filter((id) => !applied.has(id))
    if (missing.length > 0) {
      const heads = currentHeads(map, applied)
      throw new RevisionError('INVALID_DOWNGRADE_TARGET',
        `Cannot downgrade to ${missing.join(', ')}: it is not applied; current head(s): ` +
        `${heads.length === 0 ? 'none' : heads.join(', ')}; name an applied revision, \`-N\` or \`base\``)
    }
    const above = map.descendants(position)
    const kept = map.ancestors(position, {inclusive: true})
    undo = [...applied].filter((id) => above.has(id) && !kept.has(id))
  }
  const steps = map.sortTopologically(undo).reverse()
  const removed = new Set(steps)
  return {steps, heads: currentHeads(map, new Set([...applied].filter((id) => !removed.has(id))))}
}

/**
 * Plans `db stamp`: afterwards the applied set is the target's ancestors (inclusive) plus the
 * applied revisions that do not descend from the target (dropped when `purge` is set). `base`
 * empties the record. Targets as for {@link planUpgrade}, plus `base` and `current`.
 *
 * @example planStamp(map, new Set(), 'b') // {add: ['a', 'b'], remove: []}
 * @throws {RevisionError} as {@link planUpgrade}; `UNKNOWN_APPLIED_REVISION` unless `purge`.
 */
export function planStamp(map: RevisionMap, applied: ReadonlySet<string>, target: string,
  options: StampOptions = {}): StampPlan {
  const purge = options.purge === true
  if (!purge) checkApplied(map, applied)
  const known = new Set([...applied].filter((id) => map.has(id)))
  const position = evaluateTarget(map, known, parseTarget(map, target), 'stamp')
  const next = new Set<string>()
  if (position !== 'base') {
    for (const id of map.ancestors(position, {inclusive: true})) next.add(id)
    if (!purge) {
      const above = map.descendants(position)
      for (const id of known) if (!above.has(id)) next.add(id)
    }
  }
  const unknown = [...applied].filter((id) => !map.has(id)).sort(compareIds)
  return {
    add: map.sortTopologically([...next].filter((id) => !known.has(id))),
    remove: [...map.sortTopologically([...known].filter((id) => !next.has(id))).reverse(), ...unknown],
  }
}

/** Whether a target counts steps from where the database is (`+N`, `-N`, `label@+N`). */
function movesFromCurrent(target: Target): target is Extract<Target, {kind: 'relative'}> {
  return target.kind === 'relative' && target.anchor.kind !== 'revision'
}
