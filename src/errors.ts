/**
 * The errors sequelize-migrate throws. Every one carries a stable `code` (for `--json` output and
 * for programs that catch them) and a message that says what went wrong and what to do next.
 *
 * This module imports nothing, so every layer (the pure revision graph included) may use it.
 */

/** Options accepted by every {@link MigrateError}. */
export interface MigrateErrorOptions {
  /** The underlying error, kept for `--stack-trace` output. */
  cause?: unknown
}

/**
 * Base class of every error sequelize-migrate throws on purpose.
 *
 * @example
 * try { await upgrade(config) } catch (error) {
 *   if (error instanceof MigrateError) console.error(error.code, error.message)
 * }
 */
export class MigrateError extends Error {
  /** Stable machine-readable identifier, e.g. `MULTIPLE_HEADS`. */
  readonly code: string

  constructor(code: string, message: string, options: MigrateErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = new.target.name
    this.code = code
  }
}

/** The revision graph or a revision reference is not usable (heads, unknown ids, cycles, ...). */
export class RevisionError extends MigrateError {}

/** The migrations folder, `env.ts` or a revision file cannot be used as it is. */
export class ConfigError extends MigrateError {}

/** The database cannot be reached or refused the credentials. */
export class ConnectionError extends MigrateError {}

/** A revision's `up` or `down` failed while running. */
export class MigrationError extends MigrateError {
  /** The revision whose script failed. */
  readonly revision: string

  constructor(code: string, message: string, revision: string, options: MigrateErrorOptions = {}) {
    super(code, message, options)
    this.revision = revision
  }
}

/** The migration lock could not be taken in time, or was lost during a run. */
export class LockError extends MigrateError {}

/**
 * The record of applied revisions does not match the revision files, or holds a revision a run
 * started and never finished: nothing runs until the user resolves it.
 */
export class RecordError extends MigrateError {
  /** The revisions concerned. */
  readonly revisions: string[]

  constructor(code: string, message: string, revisions: string[], options: MigrateErrorOptions = {}) {
    super(code, message, options)
    this.revisions = revisions
  }
}

/** Autogenerate met models or a schema it cannot compare or render safely. */
export class AutogenerateError extends MigrateError {}

/**
 * Thrown by a revision's `down` to say it cannot be undone. `walkVersions` ends its descent
 * cleanly at such a revision; `db downgrade` reports it as a failure of that revision.
 *
 * @example
 * export async function down() { throw new IrreversibleMigrationError('drops data') }
 */
export class IrreversibleMigrationError extends MigrateError {
  constructor(message = 'this revision cannot be downgraded') {
    super('IRREVERSIBLE_MIGRATION', message)
  }
}
