/**
 * Reads and edits the `CREATE TABLE` and `CREATE INDEX` statements SQLite keeps in `sqlite_master`,
 * for the table rebuilds of `rebuild.ts`. Pure: no database.
 *
 * The statements are edited rather than regenerated from the `PRAGMA`s because the pragmas forget
 * what a rebuild must keep: constraint names, CHECK constraints, COLLATE, generated columns,
 * `ON CONFLICT` clauses, `WITHOUT ROWID`/`STRICT`, and which UNIQUE constraints span several
 * columns. Items nobody asked to change keep their original text, byte for byte.
 */
import {sqlIdentifier as identifier, type SqlToken as Token, tokenizeSql} from '../../schema/sql-tokens'

/** What a column constraint is, by its leading keyword(s). */
export type ClauseKind = 'PRIMARY KEY' | 'NOT NULL' | 'NULL' | 'UNIQUE' | 'CHECK' | 'DEFAULT' | 'COLLATE' | 'REFERENCES' | 'GENERATED'

/** One constraint of a column definition (`NOT NULL`, `DEFAULT 0`, `CONSTRAINT u UNIQUE`, ...). */
export interface ColumnClause {
  kind: ClauseKind
  /** The name given by a leading `CONSTRAINT <name>`. */
  name?: string
  text: string
  /** For `REFERENCES`: the parent table. */
  referencedTable?: string
}

/** A column definition of a `CREATE TABLE`. */
export interface ColumnItem {
  kind: 'column'
  name: string
  /** The name as written (quoted or not). */
  quotedName: string
  /** The declared type as written (may be empty). */
  type: string
  clauses: ColumnClause[]
  text: string
}

/** A table constraint of a `CREATE TABLE`. */
export interface ConstraintItem {
  kind: 'constraint'
  type: 'PRIMARY KEY' | 'UNIQUE' | 'CHECK' | 'FOREIGN KEY'
  name?: string
  /** The constrained columns (for CHECK: every identifier of the expression). */
  columns: string[]
  /** For FOREIGN KEY: the parent table. */
  referencedTable?: string
  text: string
}

/** A parsed `CREATE TABLE` statement: its items in order and what follows the closing parenthesis. */
export interface TableDefinition {
  items: Array<ColumnItem | ConstraintItem>
  /** `WITHOUT ROWID`, `STRICT`, ... as written (with its leading space), or ''. */
  options: string
}

/** Thrown when a stored statement is not one this module understands. */
export class UnparsableSqlError extends Error {}

/**
 * Splits SQLite SQL into tokens (`[name]` quotes an identifier there).
 *
 * @throws {UnparsableSqlError} on a quote that never closes.
 */
function tokenize(sql: string): Token[] {
  const tokens = tokenizeSql(sql, {brackets: true})
  const open = tokens.find((token) => token.unterminated)
  if (open) throw new UnparsableSqlError(`unterminated ${open.text[0]} in ${sql}`)
  return tokens
}

/** Identifiers compare without regard to ASCII case in SQLite. */
export function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase()
}

/**
 * `name` as a double-quoted SQL identifier.
 *
 * @example quoteName('a"b') // '"a""b"'
 */
export function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** A token, or a parenthesized group of tokens, at one nesting level. */
interface Unit {
  tokens: Token[]
  /** Upper-cased keyword when the unit is a single bare word. */
  word?: string
}

function matchingParen(tokens: Token[], open: number): number {
  let depth = 0
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].text === '(') depth++
    else if (tokens[i].text === ')' && --depth === 0) return i
  }
  throw new UnparsableSqlError('unbalanced parentheses')
}

function units(tokens: Token[]): Unit[] {
  const result: Unit[] = []
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].text === '(') {
      const close = matchingParen(tokens, i)
      result.push({tokens: tokens.slice(i, close + 1)})
      i = close
    } else {
      result.push({tokens: [tokens[i]], word: tokens[i].kind === 'word' ? tokens[i].text.toUpperCase() : undefined})
    }
  }
  return result
}

/** Splits tokens at the commas outside parentheses. */
function splitAtCommas(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]]
  let depth = 0
  for (const token of tokens) {
    if (token.text === '(') depth++
    else if (token.text === ')') depth--
    if (depth === 0 && token.text === ',') parts.push([])
    else parts[parts.length - 1].push(token)
  }
  return parts.filter((part) => part.length > 0)
}

/** The first identifier of each comma-separated element inside a parenthesized unit. */
function columnList(unit: Unit | undefined): string[] {
  if (!unit || unit.tokens[0]?.text !== '(') return []
  return splitAtCommas(unit.tokens.slice(1, -1)).map((part) => identifier(part[0])).filter((name): name is string => name !== undefined)
}

function textOf(sql: string, tokens: Token[]): string {
  return sql.slice(tokens[0].start, tokens[tokens.length - 1].end)
}

const CLAUSE_KEYWORDS = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS'])

/** Whether `list[i]` begins a new column constraint (SET NULL, DEFAULT NULL, NOT DEFERRABLE do not). */
function startsClause(list: Unit[], i: number): boolean {
  const word = list[i].word
  if (word === undefined || !CLAUSE_KEYWORDS.has(word)) return false
  const previous = list[i - 1]?.word
  const beforePrevious = list[i - 2]?.word
  // The name after CONSTRAINT, and the keyword after that name, belong to the CONSTRAINT clause.
  if (previous === 'CONSTRAINT' || beforePrevious === 'CONSTRAINT') return false
  // The value after DEFAULT (DEFAULT NULL) and the name after COLLATE; SET DEFAULT is an action.
  if ((previous === 'DEFAULT' && beforePrevious !== 'SET') || previous === 'COLLATE') return false
  if (word === 'NULL') return previous !== 'NOT' && previous !== 'SET'
  if (word === 'NOT') return list[i + 1]?.word !== 'DEFERRABLE'
  if (word === 'DEFAULT') return previous !== 'SET'
  if (word === 'AS') return previous !== 'ALWAYS'
  return true
}

function clauseKind(list: Unit[]): {kind: ClauseKind; name?: string} {
  let at = 0
  let name: string | undefined
  if (list[0].word === 'CONSTRAINT') {
    name = identifier(list[1]?.tokens[0])
    at = 2
  }
  const word = list[at]?.word
  switch (word) {
    case 'PRIMARY': return {kind: 'PRIMARY KEY', name}
    case 'NOT': return {kind: 'NOT NULL', name}
    case 'NULL': case 'UNIQUE': case 'CHECK': case 'DEFAULT': case 'COLLATE': case 'REFERENCES': return {kind: word, name}
    case 'GENERATED': case 'AS': return {kind: 'GENERATED', name}
    default: throw new UnparsableSqlError(`unknown column constraint ${list.map((unit) => unit.tokens.map((t) => t.text).join(' ')).join(' ')}`)
  }
}

/**
 * Parses one column definition (`"name" TYPE constraint...`).
 *
 * @example parseColumn('`a` INTEGER NOT NULL DEFAULT 0').clauses.map((c) => c.kind) // ['NOT NULL', 'DEFAULT']
 */
export function parseColumn(sql: string, tokens: Token[] = tokenize(sql)): ColumnItem {
  const name = identifier(tokens[0])
  if (name === undefined) throw new UnparsableSqlError(`no column name in ${sql}`)
  const list = units(tokens.slice(1))
  const starts = list.map((_, i) => i).filter((i) => startsClause(list, i))
  const typeUnits = list.slice(0, starts[0] ?? list.length)
  const clauses = starts.map((start, n): ColumnClause => {
    const clauseUnits = list.slice(start, starts[n + 1] ?? list.length)
    const {kind, name: clauseName} = clauseKind(clauseUnits)
    const clauseTokens = clauseUnits.flatMap((unit) => unit.tokens)
    const references = clauseUnits.findIndex((unit) => unit.word === 'REFERENCES')
    return {
      kind,
      ...(clauseName === undefined ? {} : {name: clauseName}),
      text: textOf(sql, clauseTokens),
      ...(kind === 'REFERENCES' ? {referencedTable: identifier(clauseUnits[references + 1]?.tokens[0])} : {}),
    }
  })
  const typeTokens = typeUnits.flatMap((unit) => unit.tokens)
  const type = typeTokens.length > 0 ? textOf(sql, typeTokens) : ''
  return {kind: 'column', name, quotedName: tokens[0].text, type, clauses, text: textOf(sql, tokens)}
}

function parseConstraint(sql: string, tokens: Token[]): ConstraintItem {
  const list = units(tokens)
  let at = 0
  let name: string | undefined
  if (list[0].word === 'CONSTRAINT') {
    name = identifier(list[1]?.tokens[0])
    at = 2
  }
  const base = {kind: 'constraint' as const, ...(name === undefined ? {} : {name}), text: textOf(sql, tokens)}
  switch (list[at]?.word) {
    case 'PRIMARY': return {...base, type: 'PRIMARY KEY', columns: columnList(list[at + 2])}
    case 'UNIQUE': return {...base, type: 'UNIQUE', columns: columnList(list[at + 1])}
    case 'CHECK': {
      const names = (list[at + 1]?.tokens ?? [])
        .filter((token) => token.kind === 'quoted' || (token.kind === 'word' && !/^[0-9]/.test(token.text)))
        .map((token) => identifier(token)!)
      return {...base, type: 'CHECK', columns: names}
    }
    case 'FOREIGN': {
      const references = list.findIndex((unit) => unit.word === 'REFERENCES')
      return {...base, type: 'FOREIGN KEY', columns: columnList(list[at + 2]), referencedTable: identifier(list[references + 1]?.tokens[0])}
    }
    default: throw new UnparsableSqlError(`unknown table constraint ${base.text}`)
  }
}

const CONSTRAINT_STARTS = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN'])

/**
 * Parses one item of a `CREATE TABLE` column list: a column definition or a table constraint.
 *
 * @example parseTableItem('CONSTRAINT u UNIQUE (a, b)') // {kind: 'constraint', type: 'UNIQUE', name: 'u', columns: ['a', 'b'], ...}
 */
export function parseTableItem(sql: string, tokens: Token[] = tokenize(sql)): ColumnItem | ConstraintItem {
  if (tokens.length === 0) throw new UnparsableSqlError('empty column list item')
  const first = tokens[0].kind === 'word' ? tokens[0].text.toUpperCase() : ''
  return CONSTRAINT_STARTS.has(first) ? parseConstraint(sql, tokens) : parseColumn(sql, tokens)
}

/**
 * Parses a `CREATE TABLE` statement as stored in `sqlite_master`.
 *
 * @throws {UnparsableSqlError} for `CREATE TABLE ... AS SELECT` or SQL it cannot read.
 */
export function parseCreateTable(sql: string): TableDefinition {
  const tokens = tokenize(sql)
  const open = tokens.findIndex((token) => token.text === '(')
  if (open < 0) throw new UnparsableSqlError(`no column list in ${sql}`)
  const close = matchingParen(tokens, open)
  const items = splitAtCommas(tokens.slice(open + 1, close)).map((part) => parseTableItem(sql, part))
  const options = sql.slice(tokens[close].end).replace(/;\s*$/, '').trimEnd()
  return {items, options}
}

/**
 * The `CREATE TABLE` statement of `definition` under the name `table`.
 *
 * @example renderCreateTable('t', parseCreateTable('CREATE TABLE x (a INT)')) // 'CREATE TABLE "t" (a INT)'
 */
export function renderCreateTable(table: string, definition: TableDefinition): string {
  return `CREATE TABLE ${quoteName(table)} (${definition.items.map((item) => item.text).join(', ')})${definition.options}`
}

/** The columns of a table definition. */
export function columnsOf(definition: TableDefinition): ColumnItem[] {
  return definition.items.filter((item): item is ColumnItem => item.kind === 'column')
}

/** A column's text rebuilt from its parts (after its clauses changed). */
export function columnText(quotedName: string, type: string, clauses: ColumnClause[]): string {
  return [quotedName, type, ...clauses.map((clause) => clause.text)].filter((part) => part !== '').join(' ')
}

/**
 * Whether a `CREATE INDEX` statement names `column` anywhere after `ON <table>` (its keys or its
 * `WHERE`).
 *
 * @example indexMentions('CREATE INDEX i ON t (a) WHERE b IS NULL', 'b') // true
 */
export function indexMentions(sql: string, column: string): boolean {
  const tokens = tokenize(sql)
  const on = tokens.findIndex((token) => token.kind === 'word' && token.text.toUpperCase() === 'ON')
  if (on < 0) throw new UnparsableSqlError(`no ON in ${sql}`)
  return tokens.slice(on + 2).some((token) => token.kind !== 'string' && sameName(identifier(token), column))
}
