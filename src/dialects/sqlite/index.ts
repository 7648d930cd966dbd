/** SQLite, as the dialect registry sees it. */
import type {DialectEntry} from '../dialect-entry'
import {sqliteCapabilities} from './capabilities'
import {introspectSqlite} from './introspect'
import {sqliteRuntime} from './runtime'
import {sqliteDialect} from './types'

export const sqlite: DialectEntry = {runtime: sqliteRuntime, capabilities: sqliteCapabilities, types: sqliteDialect, introspect: introspectSqlite}
