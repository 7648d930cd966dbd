/** SQLite: transactional DDL; one file, so there is no server lock to take. */
import type {RuntimeDialect} from '../dialect'

export const sqliteRuntime: RuntimeDialect = {
  names: ['sqlite'],
  transactionalDDL: true,
  withLock: (_sequelize, _name, fn) => fn(),
}
