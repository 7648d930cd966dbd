/** PostgreSQL: transactional DDL; the migration lock is a session advisory lock. */
import type {RuntimeDialect} from '../dialect'
import {postgresCapabilities} from './capabilities'
import {standardRuntime, withPinnedConnection} from '../dialect'

export const postgresRuntime: RuntimeDialect = {
  ...standardRuntime,
  transactionalDDL: postgresCapabilities.transactionalDDL,
  withLock: (sequelize, name, fn) =>
    withPinnedConnection(sequelize, 'SELECT pg_advisory_lock(hashtext(:name))', 'SELECT pg_advisory_unlock(hashtext(:name))', {name}, fn),
}
