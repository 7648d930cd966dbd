/**
 * The prehistory of a graph: the sequelize-cli (or umzug) migrations a project ran before it
 * switched to revisions. In the graph it is one root revision with the reserved id
 * {@link PREHISTORY}; the first revision names it as its down revision:
 *
 * ```ts
 * export const revision = 'a1b2c3d4e5f6'
 * export const downRevision = 'sequelize-cli'
 * ```
 *
 * The graph only knows the node; which files it stands for, and whether the database has run
 * them, is the runtime's business.
 */

import {RevisionError} from '../errors'
import type {RevisionInfo} from './revision-map'

/**
 * The id of the prehistory revision. No revision file may use it as its own id.
 *
 * @example map.get(PREHISTORY).message // 'the sequelize-cli migrations'
 */
export const PREHISTORY = 'sequelize-cli'

/** The node that stands for the prehistory. */
export const PREHISTORY_NODE: Readonly<RevisionInfo> = Object.freeze({
  revision: PREHISTORY,
  downRevisions: [],
  branchLabels: [],
  message: 'the sequelize-cli migrations',
})

/**
 * `revisions` plus the prehistory node when one of them builds on it, or when `always` is set
 * (env adopts sequelize-cli migrations).
 *
 * @example withPrehistory([{revision: 'a1', downRevisions: ['sequelize-cli'], branchLabels: []}]).length // 2
 * @throws {RevisionError} `INVALID_REVISION_ID` when a revision file takes the reserved id.
 */
export function withPrehistory<T extends RevisionInfo>(revisions: readonly T[], always = false): Array<T | Readonly<RevisionInfo>> {
  const taken = revisions.find((info) => info.revision === PREHISTORY)
  if (taken) {
    throw new RevisionError('INVALID_REVISION_ID', `Revision id '${PREHISTORY}'${taken.path ? ` in ${taken.path}` : ''} is reserved for the sequelize-cli migrations; give the revision another id`)
  }
  const referenced = revisions.some((info) => info.downRevisions.includes(PREHISTORY))
  return referenced || always ? [PREHISTORY_NODE, ...revisions] : [...revisions]
}
