/**
 * sequelize-typescript reads the type of a `@Column` without an explicit type from `design:type`
 * decorator metadata. esbuild (and so tsx) never emits that metadata, and sequelize-typescript's
 * own error ("Specified type of property 'x' cannot be automatically resolved ...") names neither
 * the cause nor the fix; the error here names both.
 */
import {relative} from 'node:path'

import {ConfigError} from '../errors'

/** The advice shared by every message about missing decorator metadata. */
export const DECORATOR_METADATA_FIX =
  "load TypeScript with sequelize-migrate's loader (mocha --require sequelize-migrate/register) or another compiler emitting emitDecoratorMetadata, or give the column an explicit type (@Column(DataType.STRING))"

/**
 * Recognizes sequelize-typescript's error for a model compiled without decorator metadata and
 * returns the one-line `NO_DECORATOR_METADATA` error to throw instead; `undefined` otherwise.
 *
 * @param origin `file:line` of the model that threw, when known
 */
export function explainMissingMetadata(error: unknown, origin?: string): ConfigError | undefined {
  const message = error instanceof Error ? error.message : ''
  const property = /^Specified type of property '([^']+)'\s+cannot be automatically resolved/.exec(message)?.[1]
  if (property === undefined) return undefined
  const where = origin ? ` (${relative(process.cwd(), origin)})` : ''
  return new ConfigError(
    'NO_DECORATOR_METADATA',
    `Model property '${property}'${where} has no type: it was compiled without decorator metadata (tsx and esbuild never emit it); ${DECORATOR_METADATA_FIX}`,
    {cause: error},
  )
}
