/**
 * How revisions are shown by `history`, `heads`, `branches`, `show` and `current`: one line each,
 * or a block with `-v`, or JSON.
 */
import type {RevisionMap} from '../revision'

/** A revision as the read verbs report it (also their `--json` shape). */
export interface RevisionSummary {
  revision: string
  downRevisions: string[]
  children: string[]
  branchLabels: string[]
  message?: string
  createDate?: string
  path?: string
  head: boolean
  base: boolean
  branchPoint: boolean
  mergePoint: boolean
  /** Only set when the verb asked the database. */
  current?: boolean
  /** Applied, but its file changed since (only set when the verb asked the database). */
  changed?: boolean
  /** A run started it outside a transaction and never finished (see `db resolve`). */
  unfinished?: boolean
}

/** Summarizes one revision of the graph. */
export function summarize(map: RevisionMap, revision: string, current?: ReadonlySet<string>): RevisionSummary {
  const info = map.get(revision) as ReturnType<RevisionMap['get']> & {createDate?: string}
  const children = map.children(revision)
  return {
    revision,
    downRevisions: info.downRevisions,
    children,
    branchLabels: info.branchLabels,
    message: info.message,
    createDate: info.createDate,
    path: info.path,
    head: children.length === 0,
    base: info.downRevisions.length === 0,
    branchPoint: children.length > 1,
    mergePoint: info.downRevisions.length > 1,
    current: current ? current.has(revision) : undefined,
  }
}

function markers(summary: RevisionSummary): string {
  const marks = [
    summary.branchLabels.length > 0 ? `(${summary.branchLabels.join(', ')})` : '',
    summary.head ? '(head)' : '',
    summary.branchPoint ? '(branchpoint)' : '',
    summary.mergePoint ? '(mergepoint)' : '',
    summary.current ? '(current)' : '',
    summary.changed ? '(changed since applied)' : '',
    summary.unfinished ? '(unfinished)' : '',
  ].filter(Boolean)
  return marks.length > 0 ? ` ${marks.join(' ')}` : ''
}

/**
 * One line: `parent -> revision (head), message`.
 *
 * @example '<base> -> a1b2c3d4e5f6 (head) (current), create customers'
 */
export function formatLine(summary: RevisionSummary): string {
  const parents = summary.downRevisions.length > 0 ? summary.downRevisions.join(', ') : '<base>'
  return `${parents} -> ${summary.revision}${markers(summary)}, ${summary.message ?? ''}`
}

/** The `-v` block: ids, parents, children, path and message. */
export function formatVerbose(summary: RevisionSummary): string {
  const lines = [`Rev: ${summary.revision}${markers(summary)}`]
  lines.push(summary.mergePoint ? `Merges: ${summary.downRevisions.join(', ')}` : `Parent: ${summary.downRevisions[0] ?? '<base>'}`)
  if (summary.branchPoint) lines.push(`Branches into: ${summary.children.join(', ')}`)
  if (summary.branchLabels.length > 0) lines.push(`Branch names: ${summary.branchLabels.join(', ')}`)
  if (summary.path) lines.push(`Path: ${summary.path}`)
  lines.push('', `    ${summary.message ?? ''}`, '')
  lines.push(`    Revision ID: ${summary.revision}`)
  lines.push(`    Revises: ${summary.downRevisions.join(', ') || '<base>'}`)
  if (summary.createDate) lines.push(`    Create Date: ${summary.createDate}`)
  return `${lines.join('\n')}\n`
}
