/**
 * MariaDB and MySQL: DDL commits implicitly; the migration lock is a named GET_LOCK per database
 * (see ./runtime.ts).
 * Introspection is loaded on first use: verbs that only run revisions never load it.
 */
import type {Dialect} from '../dialect'
import {renderMariadbOp} from './foreign-keys'
import {mariadbRuntime} from './runtime'
import {mariadbScratch} from './scratch'
import {mariadbTypes} from './types'

export const mariadb: Dialect = {
  name: 'mariadb',
  schemas: false,
  enumTypes: false,
  comments: true,
  partialIndexes: false,
  indexMethods: false,
  transactionalDDL: false,
  alterColumn: true,
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
  types: mariadbTypes,
  renderOp: renderMariadbOp,
  introspect: (sequelize, options) => (require('./introspect') as typeof import('./introspect')).introspectMariadb(sequelize, options),
  scratch: mariadbScratch,
  runtime: mariadbRuntime,
}

/**
 * MySQL: the same rules as MariaDB; introspection tells the two catalogs apart. No render hook:
 * MariaDB's is written with `DROP INDEX IF EXISTS`, which MySQL lacks, so on MySQL the index InnoDB
 * made for a foreign key that a revision generated elsewhere drops stays.
 */
export const mysql: Dialect = {...mariadb, name: 'mysql', renderOp: undefined}
