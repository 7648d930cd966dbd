/**
 * PostgreSQL: transactional DDL, named enum types, schemas; the migration lock is a session
 * advisory lock. Introspection is loaded on first use: verbs that only run revisions never load it.
 */
import type {Dialect} from '../dialect'
import {postgresNonTransactionalReason, postgresOpWarnings, renderPostgresOp} from './enums'
import {postgresRuntime} from './runtime'
import {postgresScratch} from './scratch'
import {postgresTypes} from './types'

export const postgres: Dialect = {
  name: 'postgres',
  defaultSchema: 'public',
  schemas: true,
  enumTypes: true,
  comments: true,
  partialIndexes: true,
  indexMethods: true,
  transactionalDDL: true,
  alterColumn: true,
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
  types: postgresTypes,
  renderOp: renderPostgresOp,
  opWarnings: postgresOpWarnings,
  nonTransactionalReason: postgresNonTransactionalReason,
  introspect: (sequelize, options) => (require('./introspect') as typeof import('./introspect')).introspectPostgres(sequelize, options),
  abortableIntrospection: true,
  scratch: postgresScratch,
  runtime: postgresRuntime,
}
