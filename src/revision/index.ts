/**
 * The pure revision graph: revisions and their links, the reference syntax users type, the plans
 * of upgrade, downgrade, stamp and history, and the rules a new revision passes (id, labels,
 * parents, merge). Imports nothing from the rest of `src/` but
 * `errors`, and nothing from Node.
 *
 * @example
 * import {RevisionMap, planUpgrade} from './revision'
 * const plan = planUpgrade(new RevisionMap(revisions), applied, 'head')
 */

export {RESERVED_NAMES, RevisionMap, revisionNameProblem} from './revision-map'
export type {RevisionInfo, WalkOptions} from './revision-map'
export {MIN_PREFIX_LENGTH, branchHeads, checkApplied, currentHeads, evaluateTarget, listSome, parseTarget, resolveOne, resolveRevision, singleHead} from './targets'
export type {Anchor, Position, Target} from './targets'
export {planDowngrade, planStamp, planUpgrade} from './plan'
export type {DowngradePlan, StampOptions, StampPlan, UpgradePlan} from './plan'
export {checkNewRevision, mergeParents, parentsOfNewRevision} from './new-revision'
export {PREHISTORY, PREHISTORY_NODE, withPrehistory} from './prehistory'
export {historyOrder, parseRange, rangeNeedsApplied} from './history'
export {parseOfflineRange, planOfflineDowngrade, planOfflineStamp, planOfflineUpgrade} from './offline-range'
export type {OfflineRange} from './offline-range'
