/** PostgreSQL: transactional DDL; the migration lock is a session advisory lock. */
import type {RuntimeDialect} from '../dialect'
import {postgresCapabilities} from './capabilities'
import {standardRuntime, withSessionLock} from '../dialect'

export const postgresRuntime: RuntimeDialect = {
  ...standardRuntime,
  transactionalDDL: postgresCapabilities.transactionalDDL,
  // Loaded on use: only `--sql` runs need it.
  offline: () => (require('./offline') as typeof import('./offline')).postgresOffline,
  withLock: (sequelize, name, fn) =>
    withSessionLock(sequelize, 'SELECT pg_advisory_lock(hashtext($1))', 'SELECT pg_advisory_unlock(hashtext($1))', [name], fn),
}
