/**
 * Naming conventions for indexes and constraints (the `autogenerate.namingConvention` setting),
 * after Alembic's `naming_convention`: what the models leave unnamed gets a name made from a
 * template, so that migrations create it under a name every database agrees on; a name the model
 * gives always wins. Pure: tables in, tables out.
 */
import {createHash} from 'node:crypto'

import {ConfigError} from '../errors'
import type {ForeignKeySchema, IndexSchema, TableSchema} from './schema'

/**
 * Name templates, one per kind of object. Tokens: `{table}`, `{columns}` (the column names joined
 * by `_`), `{column0}` (the first column) and, for foreign keys only, `{referencedTable}`.
 *
 * @example {index: 'ix_{table}_{columns}', unique: 'uq_{table}_{columns}', foreignKey: 'fk_{table}_{column0}_{referencedTable}', primaryKey: 'pk_{table}'}
 */
export interface NamingConvention {
  /** Indexes (`indexes: [...]` of a model, `index: true` JSONB columns). */
  index?: string
  /** Unique indexes (`indexes: [{unique: true, ...}]`). @default the `index` template */
  uniqueIndex?: string
  /** Unique constraints (`unique: true` columns); on MariaDB/MySQL they are unique indexes. */
  unique?: string
  /** Foreign keys (`references`). */
  foreignKey?: string
  /** Primary keys, where the database keeps their name (not MariaDB/MySQL, where it is `PRIMARY`). */
  primaryKey?: string
}

/** The longest identifier a database keeps. */
export interface IdentifierLimit {
  length: number
  /** PostgreSQL counts UTF-8 bytes, MariaDB/MySQL characters. */
  unit: 'bytes' | 'characters'
}

/** What the database does with names, as {@link applyNamingConvention} needs it. */
export interface NamingRules {
  /** The database keeps the name of a primary key (and reports it). */
  primaryKeyNames: boolean
  /** Longest identifier; `null` when there is no practical limit. */
  identifierLimit: IdentifierLimit | null
}

/** The values a template's tokens take. */
export interface NameTokens {
  table: string
  columns: string[]
  referencedTable?: string
}

const TOKENS = ['table', 'columns', 'column0', 'referencedTable']

/**
 * Fills a template.
 *
 * @example conventionName('fk_{table}_{column0}_{referencedTable}', {table: 'posts', columns: ['userId'], referencedTable: 'users'}) // 'fk_posts_userId_users'
 */
export function conventionName(template: string, tokens: NameTokens): string {
  return template.replace(/\{(\w+)\}/g, (_match, token: string) => {
    switch (token) {
      case 'table': return tokens.table
      case 'columns': return tokens.columns.join('_')
      case 'column0': return tokens.columns[0] ?? ''
      case 'referencedTable': return tokens.referencedTable ?? ''
      default: return `{${token}}`
    }
  })
}

/**
 * Checks every template of a convention.
 *
 * @throws ConfigError `INVALID_NAMING_CONVENTION` when a template uses an unknown token, uses
 *   `{referencedTable}` outside `foreignKey`, or makes an empty name.
 */
export function validateNamingConvention(convention: NamingConvention): void {
  for (const [kind, template] of Object.entries(convention) as Array<[keyof NamingConvention, unknown]>) {
    if (template === undefined) continue
    const setting = `autogenerate.namingConvention.${kind}`
    if (typeof template !== 'string' || template.trim() === '') {
      throw new ConfigError('INVALID_NAMING_CONVENTION', `${setting} must be a non-empty template such as 'ix_{table}_{columns}'`)
    }
    for (const [, token] of template.matchAll(/\{(\w*)\}/g)) {
      if (!TOKENS.includes(token)) {
        throw new ConfigError('INVALID_NAMING_CONVENTION', `${setting}: unknown token {${token}}; use {table}, {columns}, {column0} or (foreign keys only) {referencedTable}`)
      }
      if (token === 'referencedTable' && kind !== 'foreignKey') {
        throw new ConfigError('INVALID_NAMING_CONVENTION', `${setting}: {referencedTable} exists only for foreign keys; remove it from this template`)
      }
    }
  }
}

/**
 * The name Sequelize gives a model index that has none (`Utils.nameIndex`): table and fields
 * joined by `_`, then underscored.
 *
 * @example sequelizeIndexName('users', ['lastName', 'firstName']) // 'users_last_name_first_name'
 */
export function sequelizeIndexName(table: string, columns: string[]): string {
  // Loaded on use: the dialects import this module, and the graph verbs load them without Sequelize.
  const {Utils} = require('sequelize') as typeof import('sequelize')
  return Utils.underscoredIf(`${table}_${columns.join('_')}`, true)
}

/**
 * The name Sequelize's `addConstraint` gives a foreign key that has none: table, columns and
 * referenced table joined by `_`, then `_fk`. The same on every database, so revisions name the
 * keys they create by it.
 *
 * @example portableForeignKeyName('posts', ['userId'], 'users') // 'posts_userId_users_fk'
 */
export function portableForeignKeyName(table: string, columns: string[], referencedTable: string): string {
  return `${table}_${columns.join('_')}_${referencedTable}_fk`
}

/**
 * The name Sequelize's `addConstraint` gives a unique constraint that has none: table and columns
 * joined by `_`, then `_uk`. The same on every database.
 *
 * @example portableUniqueName('users', ['email']) // 'users_email_uk'
 */
export function portableUniqueName(table: string, columns: string[]): string {
  return `${table}_${columns.join('_')}_uk`
}

/**
 * Cuts a name to the database's limit. A name that is too long keeps its start and ends with `_`
 * and four hex digits of its MD5 (as SQLAlchemy does), so two long names that share a start stay
 * different, and the same name always gives the same result.
 *
 * @example shortenIdentifier('x'.repeat(70), {length: 64, unit: 'characters'}) // 'xxx…x_1a2b' (64 characters)
 */
export function shortenIdentifier(name: string, limit: IdentifierLimit | null): string {
  const size = (text: string) => (limit?.unit === 'bytes' ? Buffer.byteLength(text) : [...text].length)
  if (limit === null || size(name) <= limit.length) return name
  const suffix = `_${createHash('md5').update(name).digest('hex').slice(-4)}`
  let kept = ''
  for (const char of name) {
    if (size(kept + char + suffix) > limit.length) break
    kept += char
  }
  return kept + suffix
}

/**
 * A copy of a model table in which the objects the model leaves unnamed carry the convention's
 * names: unique constraints without a name, foreign keys, the primary key (where
 * `rules.primaryKeyNames`), and indexes without a name or with the name Sequelize makes up for
 * them ({@link sequelizeIndexName}). Names are cut to the database's limit.
 *
 * @example
 * applyNamingConvention(table, {foreignKey: 'fk_{table}_{column0}_{referencedTable}'}, {primaryKeyNames: true, identifierLimit: null})
 * @throws ConfigError `INVALID_NAMING_CONVENTION` (see {@link validateNamingConvention}).
 */
export function applyNamingConvention(table: TableSchema, convention: NamingConvention, rules: NamingRules): TableSchema {
  validateNamingConvention(convention)
  const name = (template: string | undefined, columns: string[], referencedTable?: string) =>
    template === undefined ? undefined : shortenIdentifier(conventionName(template, {table: table.name, columns, referencedTable}), rules.identifierLimit)
  const result = structuredClone(table)

  result.indexes = result.indexes.map((index): IndexSchema => {
    const columns = index.columns.map((column) => column.name)
    if (index.name !== '' && index.name !== sequelizeIndexName(table.name, columns)) return index
    const template = index.unique ? convention.uniqueIndex ?? convention.index : convention.index
    return {...index, name: name(template, columns) ?? index.name}
  })
  result.uniqueConstraints = result.uniqueConstraints.map((unique) =>
    unique.name !== undefined || convention.unique === undefined ? unique : {...unique, name: name(convention.unique, unique.columns)})
  result.foreignKeys = result.foreignKeys.map((foreignKey): ForeignKeySchema =>
    foreignKey.name !== undefined || convention.foreignKey === undefined ? foreignKey
      : {...foreignKey, name: name(convention.foreignKey, foreignKey.columns, foreignKey.referencedTable)})
  if (result.primaryKey && result.primaryKey.name === undefined && rules.primaryKeyNames && convention.primaryKey !== undefined) {
    result.primaryKey = {...result.primaryKey, name: name(convention.primaryKey, result.primaryKey.columns)}
  }
  return result
}
