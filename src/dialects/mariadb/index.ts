/** MariaDB and MySQL, as the dialect registry sees them: one runtime, two type dialects. */
import type {DialectEntry} from '../dialect-entry'
import {mariadbCapabilities} from './capabilities'
import {introspectMariadb} from './introspect'
import {mariadbRuntime} from './runtime'
import {mariadbDialect, mysqlDialect} from './types'

export const mariadb: DialectEntry = {runtime: mariadbRuntime, capabilities: mariadbCapabilities, types: mariadbDialect, introspect: introspectMariadb}
export const mysql: DialectEntry = {...mariadb, types: mysqlDialect}
