/** MariaDB and MySQL: DDL commits implicitly; the migration lock is a named GET_LOCK per database. */
import type {RuntimeDialect} from '../dialect'
import {mariadbCapabilities} from './capabilities'
import {standardRuntime, withSessionLock} from '../dialect'

// GET_LOCK names are server-wide and at most 64 characters: hash the database and table names.
const LOCK_NAME = "SHA1(CONCAT(DATABASE(), '.', ?))"
// Replicas wait this long for the one running migrations (seconds).
const LOCK_TIMEOUT = 86_400

export const mariadbRuntime: RuntimeDialect = {
  ...standardRuntime,
  transactionalDDL: mariadbCapabilities.transactionalDDL,
  // Loaded on use: only `--sql` runs need it.
  offline: () => (require('./offline') as typeof import('./offline')).mariadbOffline,
  withLock: (sequelize, name, fn) =>
    withSessionLock(sequelize, `SELECT GET_LOCK(${LOCK_NAME}, ${LOCK_TIMEOUT})`, `SELECT RELEASE_LOCK(${LOCK_NAME})`, [name], fn),
}
