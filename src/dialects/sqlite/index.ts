/**
 * SQLite, as the dialect registry sees it. Introspection is loaded on first use: verbs that only
 * run revisions never load it.
 */
import type {IntrospectFunction} from '../dialect-types'
import type {DialectEntry} from '../dialect-entry'
import {sqliteCapabilities} from './capabilities'
import {sqliteRuntime} from './runtime'
import {sqliteScratch} from './scratch'
import {sqliteDialect} from './types'

const introspect: IntrospectFunction = (sequelize, options) => (require('./introspect') as typeof import('./introspect')).introspectSqlite(sequelize, options)

export const sqlite: DialectEntry = {runtime: sqliteRuntime, capabilities: sqliteCapabilities, types: sqliteDialect, introspect, scratch: sqliteScratch}
