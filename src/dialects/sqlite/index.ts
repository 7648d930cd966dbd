/**
 * SQLite: transactional DDL, no schemas or comments, most ALTERs rebuild the table. Introspection is
 * loaded on first use: verbs that only run revisions never load it.
 */
import type {Dialect} from '../dialect'
import {sqliteRuntime} from './runtime'
import {sqliteScratch} from './scratch'
import {sqliteTypes} from './types'

export const sqlite: Dialect = {
  name: 'sqlite',
  schemas: false,
  enumTypes: false,
  comments: false,
  partialIndexes: true,
  indexMethods: false,
  transactionalDDL: true,
  alterColumn: false,
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
  enumsAsText: true,
  types: sqliteTypes,
  introspect: (sequelize, options) => (require('./introspect') as typeof import('./introspect')).introspectSqlite(sequelize, options),
  scratch: sqliteScratch,
  runtime: sqliteRuntime,
}
