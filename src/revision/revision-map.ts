/**
 * The revision graph: every revision of a migrations folder and the down-revision links between
 * them. Pure data: it knows nothing of files or databases, so it can be built by hand in a test.
 *
 * Every walk is iterative, so a chain of thousands of revisions costs no stack depth.
 */

import {RevisionError} from '../errors'

/** One revision as a revision file declares it. */
export interface RevisionInfo {
  /** The revision id: normally 12 hex characters; any non-empty string without spaces, `@`, `:` or `+`. */
  revision: string
  /** The revisions this one builds on: `[]` for a base, two or more for a merge. */
  downRevisions: string[]
  /** Names given with `--branch-label`; may be `[]`. */
  branchLabels: string[]
  /** The message given to `db revision -m`. */
  message?: string
  /** The file the revision came from; used only in error messages. */
  path?: string
}

/** Options of {@link RevisionMap.ancestors} and {@link RevisionMap.descendants}. */
export interface WalkOptions {
  /**
   * Whether the starting revisions belong to the result.
   * @default false
   */
  inclusive?: boolean
}

/**
 * Words the target syntax gives a meaning of its own; neither ids nor labels may use them.
 *
 * @example RESERVED_NAMES.includes('heads') // true
 */
export const RESERVED_NAMES: readonly string[] = ['base', 'head', 'heads', 'current']

interface Node {
  readonly info: Readonly<RevisionInfo>
  readonly parents: readonly string[]
  readonly children: string[]
}

/**
 * Compares ids by UTF-16 code unit: the one order that depends neither on locale nor input order.
 *
 * @example ['b', 'a'].sort(compareIds) // ['a', 'b']
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Error text naming a revision together with its file, when known.
 *
 * @example describeRevision({revision: 'a1b2', path: 'versions/a1b2_init.ts'}) // 'a1b2 (versions/a1b2_init.ts)'
 */
export function describeRevision(info: {revision: string; path?: string}): string {
  return info.path === undefined ? info.revision : `${info.revision} (${info.path})`
}

/**
 * The message of every `UNKNOWN_REVISION` error; `hint` is inserted after the reference.
 *
 * @example unknownRevisionMessage('xyz') // "Can't locate revision identified by 'xyz'; run ..."
 */
export function unknownRevisionMessage(ref: string, hint = ''): string {
  return `Can't locate revision identified by '${ref}'${hint}; run \`db history\` to list the revisions`
}

/**
 * Why `name` cannot be a revision id or branch label, or `undefined` when it can: the one naming
 * rule, for revisions read from a folder and new ones alike. A name must be reachable through the
 * target syntax: not empty, no space, `@` (`label@head`), `:` (ranges) or `+` (`rev+2`), no
 * leading `-` (`-1`), and not a {@link RESERVED_NAMES | reserved word}. Other characters (`-`
 * inside, `.`, letters of any script) are fine: an exact id wins over the relative reading.
 *
 * @example revisionNameProblem('a1b2c3d4e5f6') // undefined
 * @example revisionNameProblem('feature@2') // "it contains a space, '@', ':' or '+'"
 */
export function revisionNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty'
  if (/[\s@:+]/.test(name)) return 'it contains a space, \'@\', \':\' or \'+\''
  if (name.startsWith('-')) return 'it starts with \'-\''
  if (RESERVED_NAMES.includes(name)) return `'${name}' is a reserved word`
  return undefined
}

/**
 * The graph of all revisions. The constructor validates the graph; every query is pure and
 * deterministic (the same revisions give the same answers whatever order they were listed in).
 *
 * @example
 * const map = new RevisionMap([
 *   {revision: 'a1b2c3d4e5f6', downRevisions: [], branchLabels: []},
 *   {revision: '0f1e2d3c4b5a', downRevisions: ['a1b2c3d4e5f6'], branchLabels: ['feature']},
 * ])
 * map.heads // ['0f1e2d3c4b5a']
 */
export class RevisionMap {
  private readonly nodes = new Map<string, Node>()
  private readonly labels = new Map<string, string>()
  private readonly order: string[]
  private readonly infos: readonly Readonly<RevisionInfo>[]
  private readonly position = new Map<string, number>()

  /**
   * Builds and validates the graph. Extra fields of each entry are kept on {@link RevisionMap.get}.
   *
   * @example new RevisionMap([{revision: 'a1b2c3d4e5f6', downRevisions: [], branchLabels: []}])
   * @param revisions - every revision, in any order
   * @throws {RevisionError} `DUPLICATE_REVISION` when two entries share an id,
   *   `INVALID_REVISION_ID` / `INVALID_BRANCH_LABEL` when an id or label cannot be told apart from
   *   the target syntax, `MISSING_DOWN_REVISION` when a down revision is not in the list,
   *   `DUPLICATE_BRANCH_LABEL` when one label is on two revisions, `CYCLE` when the links loop.
   */
  constructor(revisions: readonly RevisionInfo[]) {
    // Validate in id order so the error reported does not depend on the input order.
    const sorted = [...revisions].sort((a, b) => compareIds(a.revision, b.revision))
    for (const info of sorted) this.addNode(info)
    for (const info of sorted) this.checkLinks(info)
    for (const node of this.nodes.values()) node.children.sort(compareIds)
    this.order = this.sortAll()
    this.order.forEach((id, index) => this.position.set(id, index))
    this.infos = Object.freeze(this.order.map((id) => this.node(id).info))
  }

  /**
   * Every revision in topological order: parents before children. Among revisions ready at the
   * same time, the one continuing the branch just listed comes first, then the smallest id.
   *
   * @example map.all.map((info) => info.revision) // ['a1b2c3d4e5f6', '0f1e2d3c4b5a']
   */
  get all(): readonly Readonly<RevisionInfo>[] {
    return this.infos
  }

  /**
   * The ids of the revisions without children, in topological order; `[]` only for an empty map.
   *
   * @example map.heads // ['0f1e2d3c4b5a']
   */
  get heads(): string[] {
    return this.order.filter((id) => this.node(id).children.length === 0)
  }

  /**
   * The ids of the revisions without down revisions, in topological order.
   *
   * @example map.bases // ['a1b2c3d4e5f6']
   */
  get bases(): string[] {
    return this.order.filter((id) => this.node(id).parents.length === 0)
  }

  /**
   * Every branch label, mapped to the id of the revision that carries it.
   *
   * @example map.branchLabels.get('feature') // '0f1e2d3c4b5a'
   */
  get branchLabels(): ReadonlyMap<string, string> {
    return this.labels
  }

  /**
   * Whether `id` is the full id of a revision in the map (prefixes and labels do not count).
   *
   * @example map.has('a1b2c3d4e5f6') // true
   */
  has(id: string): boolean {
    return this.nodes.has(id)
  }

  /**
   * The revision with the full id `id` (frozen; down revisions and labels without duplicates).
   *
   * @example map.get('a1b2c3d4e5f6').message
   * @throws {RevisionError} `UNKNOWN_REVISION` when no revision has that id.
   */
  get(id: string): Readonly<RevisionInfo> {
    return this.node(id).info
  }

  /**
   * The revision carrying `label`, or `undefined`.
   *
   * @example map.labelled('feature') // '0f1e2d3c4b5a'
   */
  labelled(label: string): string | undefined {
    return this.labels.get(label)
  }

  /**
   * The revisions whose down revisions include `id`, sorted by id.
   *
   * @example map.children('a1b2c3d4e5f6') // ['0f1e2d3c4b5a']
   * @throws {RevisionError} `UNKNOWN_REVISION` when no revision has that id.
   */
  children(id: string): string[] {
    return [...this.node(id).children]
  }

  /**
   * Whether more than one revision builds on `id`.
   *
   * @example map.isBranchPoint('a1b2c3d4e5f6') // false
   * @throws {RevisionError} `UNKNOWN_REVISION` when no revision has that id.
   */
  isBranchPoint(id: string): boolean {
    return this.node(id).children.length > 1
  }

  /**
   * Whether `id` has more than one down revision.
   *
   * @example map.isMergePoint('0f1e2d3c4b5a') // false
   * @throws {RevisionError} `UNKNOWN_REVISION` when no revision has that id.
   */
  isMergePoint(id: string): boolean {
    return this.node(id).parents.length > 1
  }

  /**
   * Every revision reachable from `ids` by following down revisions.
   *
   * @example map.ancestors('c', {inclusive: true}) // Set {'a', 'b', 'c'}
   * @throws {RevisionError} `UNKNOWN_REVISION` when one of `ids` is not in the map.
   */
  ancestors(ids: string | Iterable<string>, options: WalkOptions = {}): Set<string> {
    return this.walk(ids, options, (node) => node.parents)
  }

  /**
   * Every revision that builds on `ids`, directly or not.
   *
   * @example map.descendants('a') // Set {'b', 'c'}
   * @throws {RevisionError} `UNKNOWN_REVISION` when one of `ids` is not in the map.
   */
  descendants(ids: string | Iterable<string>, options: WalkOptions = {}): Set<string> {
    return this.walk(ids, options, (node) => node.children)
  }

  /**
   * The branch labels `id` belongs to: its own labels, or else those of the nearest labelled
   * ancestor on each line of descent (a merge of two labelled branches belongs to both). Sorted.
   *
   * @example map.branchLabelsOf('0f1e2d3c4b5a') // ['feature']
   * @throws {RevisionError} `UNKNOWN_REVISION` when no revision has that id.
   */
  branchLabelsOf(id: string): string[] {
    const found = new Set<string>()
    const seen = new Set<string>([id])
    const stack = [id]
    while (stack.length > 0) {
      const node = this.node(stack.pop() as string)
      if (node.info.branchLabels.length > 0) {
        for (const label of node.info.branchLabels) found.add(label)
        continue
      }
      for (const parent of node.parents) {
        if (!seen.has(parent)) {
          seen.add(parent)
          stack.push(parent)
        }
      }
    }
    return [...found].sort(compareIds)
  }

  /**
   * `ids` without duplicates, in the order of {@link RevisionMap.all}.
   *
   * @example map.sortTopologically(['c', 'a']) // ['a', 'c']
   * @throws {RevisionError} `UNKNOWN_REVISION` when one of `ids` is not in the map.
   */
  sortTopologically(ids: Iterable<string>): string[] {
    const unique = [...new Set(ids)]
    for (const id of unique) this.node(id)
    return unique.sort((a, b) => (this.position.get(a) as number) - (this.position.get(b) as number))
  }

  private node(id: string): Node {
    const node = this.nodes.get(id)
    if (node === undefined) throw new RevisionError('UNKNOWN_REVISION', unknownRevisionMessage(id))
    return node
  }

  private addNode(info: RevisionInfo): void {
    const existing = this.nodes.get(info.revision)
    if (existing !== undefined) {
      const where = [existing.info.path, info.path].filter((path) => path !== undefined).join(' and ')
      throw new RevisionError('DUPLICATE_REVISION',
        `Revision ${info.revision} is defined twice${where === '' ? '' : ` (${where})`}; ` +
        'give one of them a new id and fix the down revisions that point to it')
    }
    const problem = revisionNameProblem(info.revision)
    if (problem !== undefined) {
      throw new RevisionError('INVALID_REVISION_ID',
        `Revision id '${info.revision}'${info.path === undefined ? '' : ` in ${info.path}`} is not usable because ` +
        `${problem}; rename it (ids are normally 12 hex characters)`)
    }
    const frozen: Readonly<RevisionInfo> = Object.freeze({
      ...info,
      downRevisions: Object.freeze(unique(info.downRevisions)) as string[],
      branchLabels: Object.freeze(unique(info.branchLabels)) as string[],
    })
    this.nodes.set(info.revision, {info: frozen, parents: frozen.downRevisions, children: []})
  }

  private checkLinks(info: RevisionInfo): void {
    const node = this.nodes.get(info.revision) as Node
    for (const parent of node.parents) {
      const parentNode = this.nodes.get(parent)
      if (parentNode === undefined) {
        throw new RevisionError('MISSING_DOWN_REVISION',
          `Revision ${describeRevision(info)} has down revision ${parent}, which is not in the migrations ` +
          'folder; restore that revision or point the down revision at an existing one')
      }
      parentNode.children.push(info.revision)
    }
    for (const label of node.info.branchLabels) {
      const problem = revisionNameProblem(label) ?? (this.nodes.has(label) ? 'it is also a revision id' : undefined)
      if (problem !== undefined) {
        throw new RevisionError('INVALID_BRANCH_LABEL',
          `Branch label '${label}' on revision ${describeRevision(info)} is not usable because ${problem}; rename it`)
      }
      const owner = this.labels.get(label)
      if (owner !== undefined) {
        throw new RevisionError('DUPLICATE_BRANCH_LABEL',
          `Branch label '${label}' is on both ${describeRevision(this.node(owner).info)} and ` +
          `${describeRevision(info)}; a label must name one branch, so remove it from one of them`)
      }
      this.labels.set(label, info.revision)
    }
  }

  /** Kahn's algorithm, preferring to continue the branch just emitted so branches stay together. */
  private sortAll(): string[] {
    const waiting = new Map<string, number>()
    // Ready ids sorted descending, so the smallest one is popped from the end.
    const ready: string[] = []
    for (const [id, node] of this.nodes) {
      waiting.set(id, node.parents.length)
      if (node.parents.length === 0) ready.push(id)
    }
    ready.sort((a, b) => compareIds(b, a))
    const order: string[] = []
    let next: string | undefined
    while (next !== undefined || ready.length > 0) {
      const id = next ?? (ready.pop() as string)
      next = undefined
      order.push(id)
      for (const child of this.node(id).children) {
        const left = (waiting.get(child) as number) - 1
        waiting.set(child, left)
        if (left > 0) continue
        if (next === undefined) next = child
        else insertDescending(ready, child)
      }
    }
    if (order.length < this.nodes.size) this.throwCycle(new Set(order))
    return order
  }

  private throwCycle(sorted: Set<string>): never {
    // Every revision left over has a parent that is left over too, so walking parents must loop.
    const left = [...this.nodes.keys()].filter((id) => !sorted.has(id)).sort(compareIds)
    const path: string[] = []
    const seenAt = new Map<string, number>()
    let id = left[0]
    while (!seenAt.has(id)) {
      seenAt.set(id, path.length)
      path.push(id)
      id = this.node(id).parents.find((parent) => !sorted.has(parent)) as string
    }
    const cycle = path.slice(seenAt.get(id)).reverse()
    const smallest = cycle.indexOf([...cycle].sort(compareIds)[0])
    const rotated = [...cycle.slice(smallest), ...cycle.slice(0, smallest)]
    const named = rotated.map((rev) => describeRevision(this.node(rev).info))
    throw new RevisionError('CYCLE',
      `Revisions form a cycle: ${[...named, rotated[0]].join(' -> ')} (each is a down revision of the next); ` +
      'fix the down revision of one of them')
  }

  private walk(ids: string | Iterable<string>, options: WalkOptions, next: (node: Node) => readonly string[]): Set<string> {
    const start = typeof ids === 'string' ? [ids] : [...ids]
    const result = new Set<string>()
    const stack: string[] = []
    for (const id of start) {
      const node = this.node(id)
      if (options.inclusive === true) result.add(id)
      stack.push(...next(node))
    }
    while (stack.length > 0) {
      const id = stack.pop() as string
      if (result.has(id)) continue
      result.add(id)
      stack.push(...next(this.node(id)))
    }
    return result
  }
}

function unique(list: readonly string[]): string[] {
  return list.length < 2 ? [...list] : [...new Set(list)]
}

function insertDescending(list: string[], id: string): void {
  let low = 0
  let high = list.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (compareIds(list[middle], id) > 0) low = middle + 1
    else high = middle
  }
  list.splice(low, 0, id)
}
