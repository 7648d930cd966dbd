/**
 * MariaDB and MySQL: DDL commits implicitly; the migration lock is a named GET_LOCK per database.
 * Introspection is loaded on first use: verbs that only run revisions never load it.
 */
import type {Dialect} from '../dialect'
import {standardRuntime, withSessionLock} from '../session-lock'
import {mariadbScratch} from './scratch'
import {mariadbTypes} from './types'

// GET_LOCK names are server-wide and at most 64 characters: hash the database and table names.
const LOCK_NAME = "SHA1(CONCAT(DATABASE(), '.', ?))"
// Replicas wait this long for the one running migrations (seconds).
const LOCK_TIMEOUT = 86_400

export const mariadb: Dialect = {
  name: 'mariadb',
  schemas: false,
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
  types: mariadbTypes,
  introspect: (sequelize, options) => (require('./introspect') as typeof import('./introspect')).introspectMariadb(sequelize, options),
  scratch: mariadbScratch,
  runtime: {
    ...standardRuntime,
    // Loaded on use: only `--sql` runs need it.
    offline: () => (require('./offline') as typeof import('./offline')).mariadbOffline,
    withLock: (sequelize, name, fn) =>
      withSessionLock(sequelize, `SELECT GET_LOCK(${LOCK_NAME}, ${LOCK_TIMEOUT})`, `SELECT RELEASE_LOCK(${LOCK_NAME})`, [name], fn),
  },
}

/** MySQL: the same rules as MariaDB; introspection tells the two catalogs apart. */
export const mysql: Dialect = {...mariadb, name: 'mysql'}
