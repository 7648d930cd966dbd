/** What MariaDB and MySQL can store and how autogenerate spells its few raw statements there. */
import type {DialectCapabilities} from '../../autogenerate/capabilities'

export const mariadbCapabilities: DialectCapabilities = {
  enumTypes: false,
  comments: true,
  partialIndexes: false,
  indexMethods: false,
  transactionalDDL: false,
  alterColumn: true,
  typeChangeNeedsCast: false,
  tableCommentSyntax: 'alter-table',
  identifierQuote: '`',
  backslashEscapes: true,
  autoIncrementInChangeColumn: true,
  nowTakesPrecision: true,
  dateHasTimezone: false,
  primaryKeyName: () => 'PRIMARY',
  namedPrimaryKey: false,
  primaryKeyNames: false,
  identifierLimit: {length: 64, unit: 'characters'},
  foreignKeyIndexes: true,
}
