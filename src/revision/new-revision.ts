/**
 * The rules a new revision passes before `db revision`, `db migrate` or `db merge` writes its
 * file: its id and branch labels follow {@link revisionNameProblem | the naming rule} and are
 * free, its parent is a head (unless splicing), a merge joins revisions on different branches.
 * They are the rules {@link RevisionMap} enforces when it reads the folder, so a revision that
 * passes them leaves the folder loadable.
 */

import {RevisionError} from '../errors'
import {PREHISTORY} from './prehistory'
import {RevisionMap, revisionNameProblem} from './revision-map'
import {branchHeads, resolveRevision, singleHead} from './targets'

/**
 * Throws unless `revision` and `branchLabels` can be added to `map`.
 *
 * @example checkNewRevision(map, 'a1b2c3d4e5f6', ['reports'])
 * @throws {RevisionError} `INVALID_REVISION_ID` (the naming rule, the prehistory's id, or an
 *   existing branch label), `DUPLICATE_REVISION` (an existing id), `INVALID_BRANCH_LABEL` (the
 *   naming rule, or a revision id), `DUPLICATE_BRANCH_LABEL` (a label on another revision).
 */
export function checkNewRevision(map: RevisionMap, revision: string, branchLabels: readonly string[] = []): void {
  const problem = revisionNameProblem(revision)
    ?? (revision === PREHISTORY ? 'it is reserved for the sequelize-cli migrations' : undefined)
    ?? (map.labelled(revision) === undefined ? undefined : `it is the branch label of revision ${map.labelled(revision)}`)
  if (problem !== undefined) {
    throw new RevisionError('INVALID_REVISION_ID', `'${revision}' cannot be a revision id because ${problem}; choose another --rev-id`)
  }
  if (map.has(revision)) {
    throw new RevisionError('DUPLICATE_REVISION', `Revision ${revision} already exists (${map.get(revision).path}); choose another --rev-id`)
  }
  for (const label of branchLabels) {
    const labelProblem = revisionNameProblem(label) ?? (map.has(label) || label === revision ? 'it is also a revision id' : undefined)
    if (labelProblem !== undefined) {
      throw new RevisionError('INVALID_BRANCH_LABEL', `'${label}' cannot be a branch label because ${labelProblem}; choose another`)
    }
    const owner = map.labelled(label)
    if (owner !== undefined) {
      throw new RevisionError('DUPLICATE_BRANCH_LABEL', `Branch label '${label}' is already used by revision ${owner}; choose another`)
    }
  }
}

/**
 * The down revisions of a new revision given `--head`: `head` (the only head; none in an empty
 * graph), `base` (a new root), a revision (id, prefix or label) or `<revision>@head` (the head of
 * the branch that revision is on). A parent that is not a head starts a new branch, which takes
 * `splice`.
 *
 * @example parentsOfNewRevision(map, 'feature@head') // ['f3']
 * @throws {RevisionError} `MULTIPLE_HEADS` (`head`, or a `@head` whose branch forks), `NOT_A_HEAD`
 *   (without `splice`), and the errors of {@link resolveRevision}.
 */
export function parentsOfNewRevision(map: RevisionMap, head = 'head', splice = false): string[] {
  const chooseWithHead = (first: string) => `choose the parent with --head (e.g. \`--head ${first}\`)`
  if (head === 'base') return []
  if (head === 'head') {
    const only = singleHead(map.heads, 'Multiple head revisions are present', chooseWithHead)
    return only === undefined ? [] : [only]
  }
  const onBranch = head.endsWith('@head')
  const id = resolveRevision(map, onBranch ? head.slice(0, -'@head'.length) : head)
  const parent = onBranch ? singleHead(branchHeads(map, id), `The branch from ${id} has several head revisions`, chooseWithHead) as string : id
  if (!splice && !map.heads.includes(parent)) {
    throw new RevisionError('NOT_A_HEAD', `Revision ${parent} is not a head; pass --splice to start a new branch from it`)
  }
  return [parent]
}

/**
 * The down revisions of a merge: the revisions `refs` name (`heads` stands for every head), which
 * must be two or more, none an ancestor of another.
 *
 * @example mergeParents(map, ['heads']) // ['d1', 'c2']
 * @throws {RevisionError} `NOTHING_TO_MERGE`, `MERGE_ANCESTOR`, and the errors of
 *   {@link resolveRevision}.
 */
export function mergeParents(map: RevisionMap, refs: readonly string[] = ['heads']): string[] {
  const parents = [...new Set((refs.length > 0 ? refs : ['heads']).flatMap((ref) => (ref === 'heads' ? map.heads : [resolveRevision(map, ref)])))]
  if (parents.length < 2) {
    throw new RevisionError('NOTHING_TO_MERGE', `Nothing to merge: only ${parents.join(', ') || 'no revision'} given; a merge joins two or more heads`)
  }
  for (const parent of parents) {
    const other = parents.find((candidate) => candidate !== parent && map.ancestors(candidate).has(parent))
    if (other) throw new RevisionError('MERGE_ANCESTOR', `Revision ${parent} is an ancestor of ${other}; merge only revisions on different branches`)
  }
  return parents
}
