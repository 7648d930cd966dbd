/** PostgreSQL: transactional DDL; the migration lock is a session advisory lock. */
import type {RuntimeDialect} from '../dialect'
import {standardRuntime, withPinnedConnection} from '../dialect'

export const postgresRuntime: RuntimeDialect = {
  ...standardRuntime,
  names: ['postgres'],
  transactionalDDL: true,
  withLock: (sequelize, name, fn) =>
    withPinnedConnection(sequelize, 'SELECT pg_advisory_lock(hashtext(:name))', 'SELECT pg_advisory_unlock(hashtext(:name))', {name}, fn),
}
