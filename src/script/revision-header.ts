/**
 * Reads a revision's ids from its source text, without running it: the graph verbs (history,
 * heads, current, ...) then never execute hundreds of modules. Only literal exports in the forms
 * the templates write are read; anything else (computed ids, a default-exported object) returns
 * undefined and the file is loaded as a module instead.
 */

/** What the graph needs of a revision file. */
export interface RevisionHeader {
  revision: string
  downRevisions: string[]
  branchLabels: string[]
  /** `false` when the file exports `transactional = false`. */
  transactional?: false
}

const STRING = String.raw`(?:'[^'\\\n]*'|"[^"\\\n]*")`
const LIST = String.raw`\[\s*(?:${STRING}\s*(?:,\s*${STRING}\s*)*,?\s*)?\]`

function exportPattern(name: string, value: string): RegExp {
  // `export const name: Type = value` (TypeScript / ES modules) or `exports.name = value` (CommonJS)
  return new RegExp(String.raw`^[ \t]*(?:export\s+(?:const|let|var)\s+${name}\b(?:\s*:[^=\n]+)?|(?:module\.)?exports\.${name})\s*=\s*(${value})\s*;?[ \t]*(?:\/\/.*)?$`, 'm')
}

const REVISION = exportPattern('revision', STRING)
const DOWN_REVISION = exportPattern('downRevision', `null|undefined|${STRING}|${LIST}`)
const BRANCH_LABELS = exportPattern('branchLabels', `${STRING}|${LIST}`)
const TRANSACTIONAL_FALSE = exportPattern('transactional', 'false')
const DECLARES = (name: string) => new RegExp(String.raw`^[ \t]*(?:export\s+(?:async\s+)?function\s+${name}\b|export\s+(?:const|let|var)\s+${name}\b|(?:module\.)?exports\.${name}\s*=)`, 'm')
const UP = DECLARES('up')
const DOWN = DECLARES('down')
const anyExportOf = (name: string) => new RegExp(String.raw`\b(?:exports\.|export\s+(?:const|let|var)\s+)${name}\b`)
const ANY_BRANCH_LABELS = anyExportOf('branchLabels')
const ANY_TRANSACTIONAL = anyExportOf('transactional')

/** The strings of a literal matched above: `null`, `undefined`, one quoted string or a list of them. */
function strings(literal: string): string[] {
  // One quoted string (every revision's id, most down revisions) holds no other quote: no scan needed.
  if (literal[0] === "'" || literal[0] === '"') return [literal.slice(1, -1)]
  return [...literal.matchAll(/'([^'\\\n]*)'|"([^"\\\n]*)"/g)].map((match) => match[1] ?? match[2])
}

/**
 * The ids of a revision read from its source, or undefined when the source does not spell them
 * as plain literals (the caller then loads the module).
 *
 * @example readRevisionHeader("export const revision = 'a1b2'\nexport const downRevision = null\n...")
 */
export function readRevisionHeader(source: string): RevisionHeader | undefined {
  const revision = REVISION.exec(source)
  const downRevision = DOWN_REVISION.exec(source)
  if (!revision || !downRevision || !UP.test(source) || !DOWN.test(source)) return undefined
  // Most revisions name neither: a substring search spares the regular expressions.
  const branchLabels = source.includes('branchLabels') ? BRANCH_LABELS.exec(source) : null
  const transactionalFalse = source.includes('transactional') && TRANSACTIONAL_FALSE.test(source)
  // Exported, but not as a literal this reader understands: let the module speak.
  if (!branchLabels && source.includes('branchLabels') && ANY_BRANCH_LABELS.test(source)) return undefined
  if (!transactionalFalse && source.includes('transactional') && ANY_TRANSACTIONAL.test(source)) return undefined
  return {
    revision: strings(revision[1])[0],
    downRevisions: strings(downRevision[1]),
    branchLabels: branchLabels ? strings(branchLabels[1]) : [],
    ...(transactionalFalse ? {transactional: false as const} : {}),
  }
}
