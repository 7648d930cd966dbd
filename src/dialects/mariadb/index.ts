/**
 * MariaDB and MySQL, as the dialect registry sees them: one runtime, two type dialects.
 * Introspection is loaded on first use: verbs that only run revisions never load it.
 */
import type {IntrospectFunction} from '../dialect-types'
import type {DialectEntry} from '../dialect-entry'
import {mariadbCapabilities} from './capabilities'
import {mariadbRuntime} from './runtime'
import {mariadbScratch} from './scratch'
import {mariadbDialect, mysqlDialect} from './types'

const introspect: IntrospectFunction = (sequelize, options) => (require('./introspect') as typeof import('./introspect')).introspectMariadb(sequelize, options)

export const mariadb: DialectEntry = {runtime: mariadbRuntime, capabilities: mariadbCapabilities, types: mariadbDialect, introspect, scratch: mariadbScratch}
export const mysql: DialectEntry = {...mariadb, types: mysqlDialect}
