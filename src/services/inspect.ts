/**
 * `db history`, `db heads`, `db branches`, `db show`: reading the graph, and for `history -i`
 * the database.
 */
import {historyOrder, parseRange, rangeNeedsApplied, resolveOne} from '../revision'
import {summarize, type RevisionSummary} from './describe'
import {type FolderOptions, openVersions, withMigrator} from './open'

/**
 * Revisions newest first, optionally limited to `range` (`START:END`), with current ones marked
 * when `indicateCurrent` is set (which needs the database).
 */
export async function history(options: FolderOptions & {range?: string; indicateCurrent?: boolean}): Promise<RevisionSummary[]> {
  const scripts = await openVersions(options)
  const {map} = scripts
  // The database is needed only to mark the current revisions, or for a range relative to them.
  if (!options.indicateCurrent && !(options.range && rangeNeedsApplied(map, options.range))) {
    return (options.range ? parseRange(map, new Set(), options.range) : historyOrder(map)).map((id) => summarize(map, id))
  }
  return withMigrator(options, async (migrator) => {
    const status = await migrator.status({known: true})
    const current = options.indicateCurrent ? new Set(status.current) : undefined
    const ids = options.range ? parseRange(map, status.applied, options.range) : historyOrder(map)
    const unfinished = new Set(status.started.map((entry) => entry.revision))
    return ids.map((id) => {
      const summary = summarize(map, id, current)
      if (!current) return summary
      return {...summary, ...(status.changed.includes(id) ? {changed: true} : {}), ...(unfinished.has(id) ? {unfinished: true} : {})}
    })
  }, scripts)
}

/** The heads of the graph. */
export async function heads(options: FolderOptions): Promise<RevisionSummary[]> {
  const {map} = await openVersions(options)
  return map.heads.map((id) => summarize(map, id))
}

/** The branch points of the graph (revisions with more than one child). */
export async function branches(options: FolderOptions): Promise<RevisionSummary[]> {
  const {map} = await openVersions(options)
  return map.all.filter((info) => map.isBranchPoint(info.revision)).map((info) => summarize(map, info.revision))
}

/** One revision, by id, unique prefix, label, `head` or `base`'s first revision. */
export async function show(options: FolderOptions & {revision: string}): Promise<RevisionSummary[]> {
  const {map} = await openVersions(options)
  const ids = options.revision === 'heads' ? map.heads : [resolveOne(map, options.revision, 'show')]
  return ids.map((id) => summarize(map, id))
}
