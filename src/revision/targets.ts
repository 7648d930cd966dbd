/**
 * The syntax users type to name revisions (`a1b2`, `feature`, `head`, `+2`, `a1b2-1`,
 * `feature@head`, ...) and its evaluation against a {@link RevisionMap} and the applied state.
 *
 * The applied state is the set of revision ids the database's record table holds; it is normally
 * closed under ancestors (a revision is applied only after its down revisions).
 */

import {RevisionError} from '../errors'
import {RevisionMap, compareIds, unknownRevisionMessage} from './revision-map'

/** Shortest prefix accepted in place of a full revision id. */
export const MIN_PREFIX_LENGTH = 4

/**
 * A parsed reference. `relative` steps `delta` revisions forward (> 0) or back (< 0) from an
 * anchor: the current head (`+2`), a revision (`a1b2+2`) or a branch's current head (`feature@+2`).
 */
export type Target =
  | {kind: 'base' | 'head' | 'heads' | 'current'}
  | {kind: 'revision'; id: string}
  | {kind: 'branch-head'; label: string; all: boolean}
  | {kind: 'relative'; text: string; anchor: Anchor; delta: number}

/** Where a relative target starts counting. */
export type Anchor =
  | {kind: 'current'}
  | {kind: 'revision'; id: string}
  | {kind: 'branch'; label: string}

/**
 * Where a target lands: `base` (nothing applied) or a set of revisions, in topological order.
 */
export type Position = 'base' | string[]

/**
 * Resolves a reference to one revision: a full id, a unique prefix of at least
 * {@link MIN_PREFIX_LENGTH} characters, or a branch label (the revision carrying it).
 *
 * @example resolveRevision(map, 'a1b2') // 'a1b2c3d4e5f6'
 * @throws {RevisionError} `UNKNOWN_REVISION` when nothing matches (or a prefix is too short),
 *   `AMBIGUOUS_REVISION` when a prefix matches several revisions (all are named).
 */
export function resolveRevision(map: RevisionMap, ref: string): string {
  if (map.has(ref)) return ref
  const labelled = map.labelled(ref)
  if (labelled !== undefined) return labelled
  if (ref.length < MIN_PREFIX_LENGTH) {
    throw new RevisionError('UNKNOWN_REVISION', unknownRevisionMessage(ref,
      ` (a prefix needs at least ${MIN_PREFIX_LENGTH} characters)`))
  }
  const candidates = map.all.map((info) => info.revision).filter((id) => id.startsWith(ref)).sort(compareIds)
  if (candidates.length === 1) return candidates[0]
  if (candidates.length === 0) throw new RevisionError('UNKNOWN_REVISION', unknownRevisionMessage(ref))
  throw new RevisionError('AMBIGUOUS_REVISION',
    `Revision prefix '${ref}' matches several revisions (${candidates.join(', ')}); type more characters`)
}

/**
 * The applied revisions no other applied revision builds on, in topological order: where the
 * database currently is. `[]` when nothing is applied.
 *
 * @example currentHeads(map, new Set(['a', 'b'])) // ['b'] for the chain a <- b <- c
 * @throws {RevisionError} `UNKNOWN_APPLIED_REVISION` when an applied id is not in the map.
 */
export function currentHeads(map: RevisionMap, applied: ReadonlySet<string>): string[] {
  checkApplied(map, applied)
  return map.sortTopologically(applied).filter((id) => !map.children(id).some((child) => applied.has(child)))
}

/**
 * Throws unless every applied id is a revision of the map.
 *
 * @example checkApplied(map, new Set(['a1b2c3d4e5f6']))
 * @throws {RevisionError} `UNKNOWN_APPLIED_REVISION` naming the first unknown id.
 */
export function checkApplied(map: RevisionMap, applied: ReadonlySet<string>): void {
  const unknown = [...applied].filter((id) => !map.has(id)).sort(compareIds)
  if (unknown.length === 0) return
  throw new RevisionError('UNKNOWN_APPLIED_REVISION',
    `The database records ${listSome(unknown)} but no revision file defines them; restore the ` +
    'files, or reset the record with `db stamp <revision> --purge`')
}

/**
 * A list short enough for one line: the first few ids and how many more.
 *
 * @example listSome(['a', 'b', 'c', 'd', 'e']) // '5 names (a, b, c and 2 more)'
 */
export function listSome(ids: readonly string[], shown = 3): string {
  const named = ids.length > shown ? `${ids.slice(0, shown).join(', ')} and ${ids.length - shown} more` : ids.join(', ')
  return `${ids.length} name${ids.length === 1 ? '' : 's'} (${named})`
}

/**
 * Parses a reference (see the module comment for the forms). An exact id or branch label wins
 * over the relative reading, so a revision id that happens to end in `-1` stays reachable.
 *
 * @example parseTarget(map, 'feature@+1') // {kind: 'relative', anchor: {kind: 'branch', label: 'feature'}, delta: 1, ...}
 * @throws {RevisionError} `UNKNOWN_REVISION` / `AMBIGUOUS_REVISION` as {@link resolveRevision}.
 */
export function parseTarget(map: RevisionMap, text: string): Target {
  if (text === 'base' || text === 'head' || text === 'heads' || text === 'current') return {kind: text}
  let match = /^([+-])(\d+)$/.exec(text)
  if (match !== null) return {kind: 'relative', text, anchor: {kind: 'current'}, delta: signed(match)}
  if (map.has(text) || map.labelled(text) !== undefined) return {kind: 'revision', id: resolveRevision(map, text)}
  const at = text.indexOf('@')
  if (at >= 0) return parseBranchTarget(map, text, text.slice(0, at), text.slice(at + 1))
  match = /^(.+)([+-])(\d+)$/.exec(text)
  if (match !== null) {
    return {kind: 'relative', text, anchor: {kind: 'revision', id: resolveRevision(map, match[1])}, delta: signed(match, 2)}
  }
  return {kind: 'revision', id: resolveRevision(map, text)}
}

function parseBranchTarget(map: RevisionMap, text: string, label: string, rest: string): Target {
  if (map.labelled(label) === undefined) {
    throw new RevisionError('UNKNOWN_REVISION', unknownRevisionMessage(text, ` (there is no branch label '${label}')`))
  }
  if (rest === 'head' || rest === 'heads') return {kind: 'branch-head', label, all: rest === 'heads'}
  const match = /^([+-])(\d+)$/.exec(rest)
  if (match !== null) return {kind: 'relative', text, anchor: {kind: 'branch', label}, delta: signed(match)}
  throw new RevisionError('UNKNOWN_REVISION',
    unknownRevisionMessage(text, ` (after '${label}@' write head, heads, +N or -N)`))
}

function signed(match: RegExpExecArray, at = 1): number {
  const size = Number(match[at + 1])
  return match[at] === '-' ? -size : size
}

/**
 * Where `target` lands given the applied state. `verb` is the command named in error advice.
 *
 * @example evaluateTarget(map, applied, parseTarget(map, '+1')) // ['b']
 * @throws {RevisionError} `MULTIPLE_HEADS` (`head`, `feature@head`, or a relative step from
 *   several current heads), `AMBIGUOUS_REVISION` (a step across a branch point, or a step back
 *   past a merge: the last step back from a merge lands on all its parents),
 *   `PAST_HEAD`, `BELOW_BASE`, `UNKNOWN_APPLIED_REVISION`.
 */
export function evaluateTarget(map: RevisionMap, applied: ReadonlySet<string>, target: Target, verb = 'upgrade'): Position {
  switch (target.kind) {
    case 'base': return 'base'
    case 'heads': return map.heads
    case 'head': return listOf(singleHead(map.heads, 'Multiple head revisions are present', (head) => nameOne(verb, head, 'heads')))
    case 'current': {
      const heads = currentHeads(map, applied)
      return heads.length === 0 ? 'base' : heads
    }
    case 'revision': return [target.id]
    case 'branch-head': {
      const heads = branchHeads(map, map.labelled(target.label) as string)
      return target.all ? heads : listOf(singleHead(heads, `Branch '${target.label}' has several head revisions`,
        (head) => nameOne(verb, head, `${target.label}@heads`)))
    }
    case 'relative': return step(map, target, startOf(map, applied, target))
  }
}

/**
 * The one head of `heads`, or `undefined` when there is none (an empty graph). Every verb that
 * needs one head (`head`, `label@head`, `db show`, `db edit`, the parent of `db revision`) asks
 * here, so they all refuse several heads alike.
 *
 * @example singleHead(['d1'], 'Multiple head revisions are present', (head) => `name one (${head})`) // 'd1'
 * @param problem - what is wrong, e.g. `Multiple head revisions are present`
 * @param nameOne - how to name one of them instead, given the first, e.g. ``name one (`db show d1`)``
 * @throws {RevisionError} `MULTIPLE_HEADS`: the problem, the heads, then the advice to run
 *   `db merge heads` or to name one.
 */
export function singleHead(heads: readonly string[], problem: string, nameOne: (head: string) => string): string | undefined {
  if (heads.length <= 1) return heads[0]
  throw new RevisionError('MULTIPLE_HEADS',
    `${problem} (${heads.join(', ')}); run \`db merge heads\` to join them, or ${nameOne(heads[0])}`)
}

/** The advice of the moving verbs: name one head, or move to all of them. */
function nameOne(verb: string, head: string, allHeads: string): string {
  return verb === 'history'
    ? `name one (\`db history -r :${head}\`) or use \`${allHeads}\``
    : `name one (\`db ${verb} ${head}\`) or ${verb} to \`${allHeads}\``
}

function listOf(head: string | undefined): string[] {
  return head === undefined ? [] : [head]
}

/**
 * The heads that build on `id` (itself included when it is a head): the heads of its branch, in
 * topological order. `label@head` is the single one of them for the labelled revision.
 *
 * @example branchHeads(map, 'b') // ['d1', 'c2'] when b forks into two lines
 * @throws {RevisionError} `UNKNOWN_REVISION` when no revision has that id.
 */
export function branchHeads(map: RevisionMap, id: string): string[] {
  const branch = map.descendants(id, {inclusive: true})
  return map.heads.filter((head) => branch.has(head))
}

/**
 * The one revision a reading verb (`db show`, `db edit`) is given: `head`, the graph's only head,
 * or anything {@link resolveRevision} accepts. `verb` is named in the advice.
 *
 * @example resolveOne(map, 'head', 'show') // 'd'
 * @throws {RevisionError} `NO_REVISIONS` (`head` of an empty graph), `MULTIPLE_HEADS`, and the
 *   errors of {@link resolveRevision}.
 */
export function resolveOne(map: RevisionMap, ref: string, verb: string): string {
  if (ref !== 'head') return resolveRevision(map, ref)
  const head = singleHead(map.heads, 'Multiple head revisions are present', (first) => `name one (\`db ${verb} ${first}\`)`)
  if (head === undefined) throw new RevisionError('NO_REVISIONS', 'There are no revisions yet; create one with `db revision -m "message"`')
  return head
}

/** Where counting starts: a revision, or `null` for "before the first revision of the line". */
function startOf(map: RevisionMap, applied: ReadonlySet<string>, target: Extract<Target, {kind: 'relative'}>): string | null {
  const {anchor} = target
  if (anchor.kind === 'revision') return anchor.id
  let heads: string[]
  if (anchor.kind === 'branch') {
    const branch = map.descendants(map.labelled(anchor.label) as string, {inclusive: true})
    // The branch's own head, which may lie below a current head that merged it into another line.
    heads = map.sortTopologically([...applied].filter((id) => branch.has(id)))
      .filter((id) => !map.children(id).some((child) => applied.has(child) && branch.has(child)))
  } else {
    heads = currentHeads(map, applied)
  }
  if (heads.length > 1) {
    const where = anchor.kind === 'branch' ? `branch '${anchor.label}' is` : 'the database is'
    throw new RevisionError('MULTIPLE_HEADS',
      `Relative revision ${target.text} is ambiguous: ${where} at several heads (${heads.join(', ')}); ` +
      `count from one of them, e.g. \`${heads[0]}${target.delta < 0 ? '' : '+'}${target.delta}\``)
  }
  return heads.length === 1 ? heads[0] : null
}

function step(map: RevisionMap, target: Extract<Target, {kind: 'relative'}>, start: string | null): Position {
  const {anchor} = target
  const from = anchor.kind === 'revision' ? anchor.id
    : anchor.kind === 'branch' ? `the current head of branch '${anchor.label}'` : 'current'
  let at = start
  for (let taken = 0; taken < Math.abs(target.delta); taken++) {
    const options = target.delta > 0 ? forward(map, target, at) : (at === null ? null : map.get(at).downRevisions)
    if (options === null || options.length === 0) {
      if (target.delta < 0 && at !== null) {
        at = null
        continue
      }
      throw target.delta > 0
        ? new RevisionError('PAST_HEAD',
          `Relative revision ${target.text} goes past head (only ${taken} revision${plural(taken)} above ${from}); ` +
          'upgrade to `head` or take fewer steps')
        : new RevisionError('BELOW_BASE',
          `Relative revision ${target.text} goes below base (only ${taken} revision${plural(taken)} ` +
          `${from === 'current' ? 'applied' : `at or below ${from}`}); downgrade to \`base\` or take fewer steps`)
    }
    // The last step back from a merge lands on all its parents: `-1` from a merge undoes the merge.
    if (options.length > 1 && target.delta < 0 && taken === Math.abs(target.delta) - 1) return [...options]
    if (options.length > 1) {
      const relation = target.delta > 0
        ? (at === null ? 'there are several base revisions' : `${at} has several children`)
        : `${at} merges several revisions`
      throw new RevisionError('AMBIGUOUS_REVISION',
        `Relative revision ${target.text} is ambiguous: ${relation} (${options.join(', ')}); name the revision ` +
        `to go to instead, e.g. \`${options[0]}\``)
    }
    at = options[0]
  }
  return at === null ? 'base' : [at]
}

function forward(map: RevisionMap, target: Extract<Target, {kind: 'relative'}>, at: string | null): readonly string[] {
  if (at !== null) return map.children(at)
  if (target.anchor.kind === 'branch') return [map.labelled(target.anchor.label) as string]
  return map.bases
}

function plural(count: number): string {
  return count === 1 ? '' : 's'
}
