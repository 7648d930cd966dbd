/**
 * PostgreSQL, as the dialect registry sees it. Introspection is loaded on first use: verbs that only
 * run revisions never load it.
 */
import type {IntrospectFunction} from '../dialect-types'
import type {DialectEntry} from '../dialect-entry'
import {postgresCapabilities} from './capabilities'
import {postgresRuntime} from './runtime'
import {postgresScratch} from './scratch'
import {postgresDialect} from './types'

const introspect: IntrospectFunction = (sequelize, options) => (require('./introspect') as typeof import('./introspect')).introspectPostgres(sequelize, options)

export const postgres: DialectEntry = {runtime: postgresRuntime, capabilities: postgresCapabilities, types: postgresDialect, introspect, scratch: postgresScratch}
