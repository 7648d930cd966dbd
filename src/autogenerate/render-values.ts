/**
 * The small pieces rendered revision code is built from: JavaScript string literals, object keys,
 * Sequelize data types and defaults, and quoted SQL for the few raw statements.
 */
import type {DialectFlags} from '../dialects/dialect'
import {ColumnDefault, ColumnType, DEFAULT_STRING_LENGTH} from '../schema/schema'

/**
 * A JavaScript string literal for `value`: single quotes unless the value holds one and no double
 * quote; backslashes, quotes, line breaks and control characters escaped.
 *
 * @example jsString("it's") // "\"it's\""
 */
export function jsString(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'"
  return quote + escapeCharacters(value, quote) + quote
}

/**
 * A JavaScript literal for a SQL statement: a template literal when the SQL has nothing a template
 * would interpret (easier to read with both quote kinds inside), else {@link jsString}.
 */
export function jsSql(sql: string): string {
  return /[`\\\u0000-\u001f\u007f\u2028\u2029]|\$\{/.test(sql) ? jsString(sql) : `\`${sql}\``
}

function escapeCharacters(value: string, quote: string): string {
  const named: Record<string, string> = {'\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\v': '\\v'}
  let out = ''
  for (const character of value) {
    const code = character.codePointAt(0)!
    if (character === quote) out += `\\${quote}`
    else if (named[character] !== undefined) out += named[character]
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`
    else out += character
  }
  return out
}

/** An object key: bare when it is an identifier, quoted otherwise. */
export function jsKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : jsString(name)
}

/** One line of a `//` comment (line breaks in names and messages become spaces). */
export function jsComment(text: string): string {
  return `// ${text.replace(/[\r\n\u2028\u2029]+/g, ' ')}`
}

/** The table argument of a QueryInterface call: `'orders'` or `{ tableName: 'orders', schema: 'shop' }`. */
export function tableArgument(name: string, schema?: string): string {
  return schema === undefined ? jsString(name) : `{ tableName: ${jsString(name)}, schema: ${jsString(schema)} }`
}

/**
 * Sequelize code for a column type.
 *
 * @example renderType({kind: 'decimal', precision: 10, scale: 2}, dialect) // 'DataTypes.DECIMAL(10, 2)'
 */
export function renderType(type: ColumnType, dialect: DialectFlags): string {
  const args = (...values: Array<number | string | undefined>) => {
    const given = values.filter((value) => value !== undefined)
    return given.length > 0 ? `(${given.map((value) => (typeof value === 'string' ? jsString(value) : String(value))).join(', ')})` : ''
  }
  const numeric = (name: string, ...values: Array<number | undefined>) =>
    `DataTypes.${name}${args(...values)}${type.unsigned ? '.UNSIGNED' : ''}${type.zerofill ? '.ZEROFILL' : ''}`
  switch (type.kind) {
    case 'string': {
      const length = type.length === DEFAULT_STRING_LENGTH ? undefined : type.length
      return `DataTypes.STRING${args(length)}${type.binary ? '.BINARY' : ''}`
    }
    case 'char': return `DataTypes.CHAR${args(type.length)}${type.binary ? '.BINARY' : ''}`
    case 'text': case 'blob': return `DataTypes.${type.kind.toUpperCase()}${args(typeof type.length === 'string' ? type.length : undefined)}`
    case 'tinyint': case 'smallint': case 'mediumint': case 'integer': case 'bigint': return numeric(type.kind.toUpperCase())
    case 'float': case 'real': case 'double': case 'decimal': return numeric(type.kind.toUpperCase(), type.precision, type.scale)
    case 'date':
      // DataTypes.DATE is TIMESTAMP WITH TIME ZONE where the dialect has both; say so when the column has none.
      if (dialect.dateHasTimezone && !type.withTimezone) {
        return jsString(`TIMESTAMP${type.precision === undefined ? '' : `(${type.precision})`} WITHOUT TIME ZONE`)
      }
      return `DataTypes.DATE${args(type.precision)}`
    case 'dateonly': return 'DataTypes.DATEONLY'
    case 'time': return 'DataTypes.TIME'
    case 'enum': return `DataTypes.ENUM(${(type.values ?? []).map(jsString).join(', ')})`
    case 'array': return `DataTypes.ARRAY(${type.element ? renderType(type.element, dialect) : 'DataTypes.TEXT'})`
    case 'other': return jsString(type.raw ?? 'TEXT')
    default: return `DataTypes.${type.kind.toUpperCase()}`
  }
}

/**
 * Sequelize code for a server default. "Now" becomes `CURRENT_TIMESTAMP`, which every dialect
 * accepts in a column definition (unlike `NOW()` on SQLite or `DataTypes.NOW`, which Sequelize
 * keeps client-side).
 */
export function renderDefault(value: ColumnDefault, type: ColumnType, dialect: DialectFlags): string {
  switch (value.kind) {
    case 'literal':
      // Sequelize JSON-encodes a JSON column's default itself: hand it the value, not its text.
      if ((type.kind === 'json' || type.kind === 'jsonb') && typeof value.value === 'string') return jsonValue(value.value)
      return typeof value.value === 'string' ? jsString(value.value) : String(value.value)
    case 'now':
      return `sequelize.literal(${jsString(nowSql(type, dialect))})`
    case 'function':
      return `sequelize.fn(${[jsString(value.name), ...value.args.map((arg) => `sequelize.literal(${jsString(arg)})`)].join(', ')})`
    case 'sql':
      return `sequelize.literal(${jsString(value.sql)})`
  }
}

/**
 * JavaScript code for the value a JSON text holds: `{ field: 'title', tags: ['a'] }`. Text that
 * is not JSON is kept as a string.
 *
 * @example jsonValue('{"a":[1,true],"b c":null}') // "{ a: [1, true], 'b c': null }"
 */
export function jsonValue(text: string): string {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return jsString(text)
  }
  const render = (item: unknown): string => {
    if (typeof item === 'string') return jsString(item)
    if (Array.isArray(item)) return `[${item.map(render).join(', ')}]`
    if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item)
      return entries.length === 0 ? '{}' : `{ ${entries.map(([key, entry]) => `${objectKey(key)}: ${render(entry)}`).join(', ')} }`
    }
    return String(item)
  }
  return render(parsed)
}

// In an object literal `__proto__: x`, quoted or not, sets the prototype; a computed key does not.
function objectKey(key: string): string {
  return key === '__proto__' ? `[${jsString(key)}]` : jsKey(key)
}

function nowSql(type: ColumnType, dialect: DialectFlags): string {
  return dialect.nowTakesPrecision && type.precision ? `CURRENT_TIMESTAMP(${type.precision})` : 'CURRENT_TIMESTAMP'
}

/** A quoted SQL identifier, optionally schema-qualified. */
export function sqlName(dialect: DialectFlags, name: string, schema?: string): string {
  const quote = (part: string) => dialect.identifierQuote + part.split(dialect.identifierQuote).join(dialect.identifierQuote.repeat(2)) + dialect.identifierQuote
  return schema === undefined ? quote(name) : `${quote(schema)}.${quote(name)}`
}

/** A SQL string literal. */
export function sqlString(dialect: DialectFlags, value: string): string {
  const escaped = dialect.backslashEscapes ? value.replace(/\\/g, '\\\\') : value
  return `'${escaped.replace(/'/g, "''")}'`
}

/** A server default as SQL, for the raw statements around an enum type change. */
export function sqlDefault(dialect: DialectFlags, value: ColumnDefault, type: ColumnType): string {
  switch (value.kind) {
    case 'literal':
      if (typeof value.value === 'string') return sqlString(dialect, value.value)
      return typeof value.value === 'boolean' ? String(value.value).toUpperCase() : String(value.value)
    case 'now': return nowSql(type, dialect)
    case 'function': return `${value.name}(${value.args.join(', ')})`
    case 'sql': return value.sql
  }
}
