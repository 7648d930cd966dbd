/**
 * The dialect registry: adding a dialect is one file under `src/dialects/` and one line here.
 */
import type {Sequelize} from 'sequelize'

import {ConfigError} from '../errors'
import type {RuntimeDialect} from './dialect'
import {mariadbRuntime} from './mariadb/runtime'
import {postgresRuntime} from './postgres/runtime'
import {sqliteRuntime} from './sqlite/runtime'

const RUNTIME_DIALECTS: RuntimeDialect[] = [postgresRuntime, mariadbRuntime, sqliteRuntime]

/**
 * The runtime behaviour of the database behind `sequelize`.
 *
 * @throws {ConfigError} `UNSUPPORTED_DIALECT` for a dialect sequelize-migrate does not support.
 */
export function runtimeDialect(sequelize: Sequelize): RuntimeDialect {
  const name = sequelize.getDialect()
  const dialect = RUNTIME_DIALECTS.find((candidate) => candidate.names.includes(name))
  if (!dialect) {
    const supported = RUNTIME_DIALECTS.flatMap((candidate) => candidate.names).join(', ')
    throw new ConfigError('UNSUPPORTED_DIALECT', `sequelize-migrate does not support the ${name} dialect; supported: ${supported}`)
  }
  return dialect
}

export type {RuntimeDialect} from './dialect'
