/** What SQLite can store and how autogenerate spells its few raw statements there. */
import type {DialectCapabilities} from '../../autogenerate/capabilities'

export const sqliteCapabilities: DialectCapabilities = {
  enumTypes: false,
  comments: false,
  partialIndexes: true,
  indexMethods: false,
  transactionalDDL: true,
  alterColumn: false,
  typeChangeNeedsCast: false,
  tableCommentSyntax: null,
  identifierQuote: '`',
  backslashEscapes: false,
  autoIncrementInChangeColumn: true,
  nowTakesPrecision: false,
  dateHasTimezone: false,
  primaryKeyName: (table) => `${table}_pkey`,
  namedPrimaryKey: true,
  primaryKeyNames: false,
  identifierLimit: null,
  foreignKeyIndexes: false,
}
