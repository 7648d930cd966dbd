/** What PostgreSQL can store and how autogenerate spells its few raw statements there. */
import type {DialectCapabilities} from '../../autogenerate/capabilities'

export const postgresCapabilities: DialectCapabilities = {
  enumTypes: true,
  comments: true,
  partialIndexes: true,
  indexMethods: true,
  transactionalDDL: true,
  alterColumn: true,
  typeChangeNeedsCast: true,
  tableCommentSyntax: 'comment-on',
  identifierQuote: '"',
  backslashEscapes: false,
  autoIncrementInChangeColumn: false,
  nowTakesPrecision: false,
  dateHasTimezone: true,
  primaryKeyName: (table) => `${table}_pkey`,
  namedPrimaryKey: true,
  primaryKeyNames: true,
  identifierLimit: {length: 63, unit: 'bytes'},
  foreignKeyIndexes: false,
}
