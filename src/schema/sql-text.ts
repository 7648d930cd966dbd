/**
 * Dialect-neutral helpers the dialects use to read SQL text (type spellings, default expressions,
 * index predicates) into the canonical schema model. Nothing here knows a particular database;
 * the quirks stay in `src/dialects/<db>/types.ts`.
 */
import {indexOutsideQuotes, matchingParen, splitTopLevel, stripOuterParens} from './sql-tokens'
import type {ColumnDefault, ColumnType, TableSchema, TypeKind} from './schema'

/** A type spelling split into its parts: `timestamp(3) with time zone` → name, args, flags. */
export interface TypeSql {
  /** Lower-case words of the type name, single-spaced, without flags: `double precision`. */
  name: string
  /** Top-level arguments inside the parentheses, trimmed: `['10', '2']`, `["'a'", "'b'"]`. */
  args: string[]
  /** Number of trailing `[]`. */
  arrayDepth: number
  unsigned: boolean
  zerofill: boolean
  binary: boolean
  /** `with time zone` → true, `without time zone` → false, absent → undefined. */
  withTimezone?: boolean
}

/**
 * Splits a type as databases and Sequelize spell it.
 *
 * @example parseTypeSql('VARCHAR(255) BINARY') // {name: 'varchar', args: ['255'], binary: true, ...}
 */
export function parseTypeSql(sql: string): TypeSql {
  let text = sql.trim()
  let arrayDepth = 0
  while (text.endsWith('[]')) {
    arrayDepth += 1
    text = text.slice(0, -2).trimEnd()
  }
  let args: string[] = []
  const open = indexOutsideQuotes(text, '(')
  if (open >= 0) {
    const close = matchingParen(text, open)
    args = splitTopLevel(text.slice(open + 1, close)).map((arg) => arg.trim())
    text = `${text.slice(0, open)} ${text.slice(close + 1)}`
  }
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean)
  const flags = {unsigned: false, zerofill: false, binary: false}
  let withTimezone: boolean | undefined
  const rest: string[] = []
  for (let i = 0; i < words.length; i++) {
    const word = words[i]
    if (word === 'unsigned' || word === 'zerofill' || word === 'binary') {
      flags[word] = true
    } else if ((word === 'with' || word === 'without') && words[i + 1] === 'time' && words[i + 2] === 'zone') {
      withTimezone = word === 'with'
      i += 2
    } else if (word === 'collate' || word === 'character' && words[i + 1] === 'set') {
      // Collations and character sets are not part of the type family.
      i += word === 'collate' ? 1 : 2
    } else {
      rest.push(word)
    }
  }
  return {name: rest.join(' '), args, arrayDepth, ...flags, withTimezone}
}

/**
 * The value of a single-quoted SQL string literal, or `undefined` when `sql` is not exactly one.
 * Handles doubled quotes and, with `backslashEscapes`, MySQL's backslash escapes.
 */
export function unquoteSqlString(sql: string, backslashEscapes = false): string | undefined {
  const text = sql.trim()
  if (text.length < 2 || !text.startsWith("'") || !text.endsWith("'")) return undefined
  let value = ''
  for (let i = 1; i < text.length - 1; i++) {
    const char = text[i]
    if (char === "'") {
      if (text[i + 1] !== "'" || i + 1 === text.length - 1) return undefined
      value += "'"
      i += 1
    } else if (char === '\\' && backslashEscapes) {
      const next = text[i + 1]
      value += ({n: '\n', t: '\t', r: '\r', '0': '\0'} as Record<string, string>)[next] ?? next
      i += 1
    } else {
      value += char
    }
  }
  return value
}

const numericKinds = new Set<TypeKind>(['tinyint', 'smallint', 'mediumint', 'integer', 'bigint', 'float', 'real', 'double', 'decimal'])
const integerKinds = new Set<TypeKind>(['tinyint', 'smallint', 'mediumint', 'integer', 'bigint'])
const numberPattern = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i

/**
 * The canonical value of a literal default for a column of `type`: numbers for numeric columns,
 * booleans for boolean ones, compact JSON with sorted keys for JSON, strings otherwise. Applied
 * to both sides, so `'10.50'` (database) and `10.5` (model) compare equal.
 */
export function canonicalLiteral(value: unknown, type: ColumnType): string | number | boolean {
  if (numericKinds.has(type.kind)) {
    if (typeof value === 'number') return value
    if (typeof value === 'boolean') return value ? 1 : 0
    const text = String(value).trim()
    if (!numberPattern.test(text)) return text
    const number = Number(text)
    if (integerKinds.has(type.kind) && !Number.isSafeInteger(number)) return text
    return number
  }
  if (type.kind === 'boolean') {
    if (typeof value === 'boolean') return value
    const text = String(value).trim().toLowerCase()
    if (['true', 't', '1', 'y', 'yes', 'on'].includes(text)) return true
    if (['false', 'f', '0', 'n', 'no', 'off'].includes(text)) return false
    return String(value)
  }
  if (type.kind === 'json' || type.kind === 'jsonb') {
    if (typeof value !== 'string') return canonicalJson(value)
    try {
      return canonicalJson(JSON.parse(value))
    } catch {
      return value
    }
  }
  return String(value)
}

/** `JSON.stringify` with object keys sorted at every depth. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item
    return Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  })
}

/** Options of {@link parseDefaultSql}. */
export interface ParseDefaultOptions {
  /** String literals use backslash escapes (MySQL, MariaDB). */
  backslashEscapes?: boolean
}

/**
 * Reads a default expression into a {@link ColumnDefault}: `NULL` → `undefined`; quoted strings,
 * numbers, `true`/`false` and `b'1'` → literal (typed by {@link canonicalLiteral}); `now()`,
 * `CURRENT_TIMESTAMP` → now; `name(args)` → function; anything else → sql. Dialects strip their
 * own decorations (PostgreSQL casts) before calling this.
 */
export function parseDefaultSql(sql: string, type: ColumnType, options: ParseDefaultOptions = {}): ColumnDefault | undefined {
  const text = stripOuterParens(sql)
  if (text === '' || /^null$/i.test(text)) return undefined
  const quoted = unquoteSqlString(text, options.backslashEscapes)
  if (quoted !== undefined) return {kind: 'literal', value: canonicalLiteral(quoted, type)}
  if (numberPattern.test(text)) return {kind: 'literal', value: canonicalLiteral(text, type)}
  if (/^(true|false)$/i.test(text)) return {kind: 'literal', value: canonicalLiteral(text.toLowerCase() === 'true', type)}
  const bits = /^b'([01]+)'$/i.exec(text)
  if (bits) return {kind: 'literal', value: canonicalLiteral(Number.parseInt(bits[1], 2), type)}
  if (/^(now\s*\(\s*\)|current_timestamp(\s*\(\s*\d*\s*\))?|localtimestamp|transaction_timestamp\s*\(\s*\))$/i.test(text)) {
    return {kind: 'now'}
  }
  const call = /^([a-z_][\w.]*)\s*\(/i.exec(text)
  if (call && matchingParen(text, call[0].length - 1) === text.length - 1) {
    const inner = text.slice(call[0].length, -1)
    return {kind: 'function', name: call[1].toLowerCase(), args: splitTopLevel(inner).map((arg) => normalizeSqlText(arg))}
  }
  return {kind: 'sql', sql: normalizeSqlText(text)}
}

/** Collapses whitespace and the spaces just inside parentheses. */
export function normalizeSqlText(sql: string): string {
  return sql.trim().replace(/\s+/g, ' ').replace(/\(\s+/g, '(').replace(/\s+\)/g, ')')
}

/**
 * Normalizes a predicate for comparison: drops a leading `WHERE`, turns backtick quotes into
 * double quotes, unquotes identifiers that need no quotes, removes parentheses around the whole
 * predicate and around single names or literals.
 *
 * @example normalizePredicate('WHERE "deletedAt" IS NULL') // '"deletedAt" IS NULL'
 */
export function normalizePredicate(sql: string): string {
  let text = sql.trim().replace(/^where\s+/i, '')
  text = text.replace(/`((?:[^`]|``)*)`/g, (_match, name: string) => `"${name.replace(/``/g, '`').replace(/"/g, '""')}"`)
  text = text.replace(/"([a-z_][a-z0-9_]*)"/g, '$1')
  let previous
  do {
    previous = text
    // Keep call and list parentheses: `f(x)` and `IN ('a')` stay, `(x)` becomes `x`.
    text = text.replace(/\(\s*("(?:[^"]|"")*"|[\w.$]+|'(?:[^']|'')*')\s*\)/g, (match, inner: string, offset: number, whole: string) =>
      /([\w$]|\b(in|any|all|some|exists)\s*)$/i.test(whole.slice(0, offset)) ? match : inner)
  } while (text !== previous)
  return normalizeSqlText(stripOuterParens(text))
}

/** Parses an integer type argument (`'255'` → 255); `undefined` when absent or not a number. */
export function intArg(arg: string | undefined): number | undefined {
  if (arg === undefined || !/^\d+$/.test(arg.trim())) return undefined
  return Number(arg)
}

/** Enum values from `ENUM('a', 'b')` arguments. */
export function enumValues(args: string[], backslashEscapes = false): string[] {
  return args.map((arg) => unquoteSqlString(arg, backslashEscapes) ?? arg)
}

const TYPE_FLAGS = ['unsigned', 'zerofill', 'binary']

/** A copy of `object` without the keys whose value is `undefined` (or `false` for `flags`). */
export function compact<T extends object>(object: T, flags: string[] = TYPE_FLAGS): T {
  // Keys rather than entries: no pair array per key, for the thousands of objects a schema has.
  const result: Record<string, unknown> = {}
  for (const key of Object.keys(object)) {
    const value = (object as Record<string, unknown>)[key]
    if (value === undefined || (value === false && flags.includes(key))) continue
    result[key] = value
  }
  return result as T
}

/**
 * Removes `undefined` members from a {@link ColumnType} and its element type, keeping the type
 * comparable with a plain deep equality.
 */
export function compactType(type: ColumnType): ColumnType {
  const result = compact(type)
  if (result.element) result.element = compactType(result.element)
  return result
}

/** Sets `table.columns[*].nullable` to false for primary-key columns (a primary key is never null). */
export function primaryKeyNotNull(table: TableSchema): void {
  const keys = new Set(table.primaryKey?.columns ?? [])
  for (const column of table.columns) if (keys.has(column.name)) column.nullable = false
}

/**
 * Removes unique constraints on exactly the primary key's columns, in its order: PostgreSQL and
 * SQLite fold `UNIQUE (a, b)` written beside `PRIMARY KEY (a, b)` into the key (as `sync()` writes
 * for a `belongsToMany` junction whose model declares its own keys), so the table never has it.
 */
export function dropUniqueOnPrimaryKey(table: TableSchema): void {
  const key = table.primaryKey?.columns.join('\u0000')
  if (key === undefined) return
  table.uniqueConstraints = table.uniqueConstraints.filter((unique) => unique.columns.join('\u0000') !== key)
}
