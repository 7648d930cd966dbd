/** PostgreSQL, as the dialect registry sees it. */
import type {DialectEntry} from '../dialect-entry'
import {postgresCapabilities} from './capabilities'
import {introspectPostgres} from './introspect'
import {postgresRuntime} from './runtime'
import {postgresDialect} from './types'

export const postgres: DialectEntry = {runtime: postgresRuntime, capabilities: postgresCapabilities, types: postgresDialect, introspect: introspectPostgres}
