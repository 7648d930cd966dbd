/**
 * The one SQL tokenizer: splits SQL text into words, quoted identifiers, string literals and
 * punctuation, so that every reader of SQL text (type spellings, defaults, predicates, SQLite's
 * stored `CREATE TABLE`) agrees on where a quoted string ends. Pure, no database.
 */

/** One lexical token; whitespace and comments are dropped. */
export interface SqlToken {
  kind: 'word' | 'quoted' | 'string' | 'punct' | 'other'
  text: string
  start: number
  end: number
  /** A quote opened and never closed: the token runs to the end of the text. */
  unterminated?: true
}

/** Options of {@link tokenizeSql}. */
export interface TokenizeOptions {
  /** A backslash escapes the next character inside string literals (MySQL's default mode). */
  backslashEscapes?: boolean
  /** `[name]` quotes an identifier (SQLite); otherwise `[` is punctuation (PostgreSQL arrays). */
  brackets?: boolean
}

const WORD = /[A-Za-z0-9_$\u0080-\uffff]/

/**
 * Splits SQL into tokens. Doubled quotes stay inside a quoted token; `--` and `/* *\/` comments
 * are skipped.
 *
 * @example tokenizeSql('a "b" (1)').map((t) => t.text) // ['a', '"b"', '(', '1', ')']
 */
export function tokenizeSql(sql: string, options: TokenizeOptions = {}): SqlToken[] {
  const tokens: SqlToken[] = []
  let i = 0
  while (i < sql.length) {
    const c = sql[i]
    if (/\s/.test(c)) {
      i++
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i)
      i = end < 0 ? sql.length : end + 1
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2)
      i = end < 0 ? sql.length : end + 2
    } else if (c === '\'' || c === '"' || c === '`' || (c === '[' && options.brackets)) {
      const token = quotedToken(sql, i, options)
      tokens.push(token)
      i = token.end
    } else if (WORD.test(c)) {
      let j = i + 1
      while (j < sql.length && WORD.test(sql[j])) j++
      tokens.push({kind: 'word', text: sql.slice(i, j), start: i, end: j})
      i = j
    } else {
      tokens.push({kind: c === '(' || c === ')' || c === ',' || c === ';' ? 'punct' : 'other', text: c, start: i, end: i + 1})
      i++
    }
  }
  return tokens
}

function quotedToken(sql: string, start: number, options: TokenizeOptions): SqlToken {
  const open = sql[start]
  const close = open === '[' ? ']' : open
  const kind = open === '\'' ? 'string' : 'quoted'
  for (let j = start + 1; j < sql.length; j++) {
    if (sql[j] === close) {
      if (close !== ']' && sql[j + 1] === close) j++
      else return {kind, text: sql.slice(start, j + 1), start, end: j + 1}
    } else if (options.backslashEscapes && open === '\'' && sql[j] === '\\') {
      j++
    }
  }
  return {kind, text: sql.slice(start), start, end: sql.length, unterminated: true}
}

/**
 * Walks the tokens of `text` from `from`, calling `visit` with each punctuation or other token
 * outside quotes and the parenthesis depth after it; stops at the first token `visit` returns
 * true for and returns its index in `text` (-1 when none).
 */
function scanTokens(text: string, from: number, visit: (char: string, index: number, depth: number) => boolean | void, options: TokenizeOptions = {}): number {
  let depth = 0
  for (const token of tokenizeSql(text.slice(from), options)) {
    if (token.kind !== 'punct' && token.kind !== 'other') continue
    if (token.text === '(') depth += 1
    else if (token.text === ')') depth -= 1
    if (visit(token.text, from + token.start, depth)) return from + token.start
  }
  return -1
}

/** Splits `a, f(b, c), 'd,e'` at top-level commas, keeping quotes and parentheses intact. */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = []
  let start = 0
  scanTokens(text, 0, (char, index, depth) => {
    if (char !== separator || depth !== 0) return
    parts.push(text.slice(start, index))
    start = index + 1
  }, {backslashEscapes: true})
  const last = text.slice(start)
  if (parts.length > 0 || last.trim() !== '') parts.push(last)
  return parts
}

/** Index of the parenthesis that closes the one at `open`, or -1. */
export function matchingParen(text: string, open: number): number {
  return scanTokens(text, open, (char, _index, depth) => char === ')' && depth === 0)
}

/** Index of the first `target` character outside quotes, or -1. */
export function indexOutsideQuotes(text: string, target: string): number {
  return scanTokens(text, 0, (char) => char === target)
}

/** Removes parentheses that wrap the whole expression: `((a = 1))` → `a = 1`. */
export function stripOuterParens(sql: string): string {
  let text = sql.trim()
  while (text.startsWith('(') && matchingParen(text, 0) === text.length - 1) {
    text = text.slice(1, -1).trim()
  }
  return text
}

/**
 * The name an identifier token stands for (unquoted), or undefined for other tokens.
 *
 * @example sqlIdentifier({kind: 'quoted', text: '"a""b"', start: 0, end: 6}) // 'a"b'
 */
export function sqlIdentifier(token: SqlToken | undefined): string | undefined {
  if (!token) return undefined
  if (token.kind === 'word') return token.text
  if (token.kind !== 'quoted') return undefined
  const quote = token.text[0]
  const inner = token.text.slice(1, -1)
  return quote === '[' ? inner : inner.split(quote + quote).join(quote)
}
