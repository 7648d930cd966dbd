/**
 * What a dialect can store and how it spells the few statements autogenerate renders as raw SQL.
 * Compare and render ask these instead of testing the dialect name; each dialect's values live in
 * `src/dialects/<db>/capabilities.ts`.
 */
import {findDialect} from '../dialects'
import {postgresCapabilities} from '../dialects/postgres/capabilities'
import type {IdentifierLimit} from '../schema/naming'

/** The features of one dialect that change what autogenerate compares, warns about or renders. */
export interface DialectCapabilities {
  /** Enums are named types (`CREATE TYPE ... AS ENUM`) rather than inline column types. */
  enumTypes: boolean
  /** Tables and columns carry comments. */
  comments: boolean
  /** Indexes may have a `WHERE` predicate. */
  partialIndexes: boolean
  /** Indexes may name a method (`USING gin`). */
  indexMethods: boolean
  /** DDL runs inside a transaction and rolls back with it. */
  transactionalDDL: boolean
  /** Columns and constraints change in place; `false` means Sequelize rebuilds the table. */
  alterColumn: boolean
  /** Changing a column to an unrelated type needs `USING <cast>`, which `changeColumn` never writes. */
  typeChangeNeedsCast: boolean
  /** How a table comment is set: `COMMENT ON TABLE`, `ALTER TABLE ... COMMENT =`, or not at all. */
  tableCommentSyntax: 'comment-on' | 'alter-table' | null
  /** Character that quotes identifiers in raw SQL. */
  identifierQuote: '"' | '`'
  /** A backslash escapes the next character inside string literals (MySQL's default mode). */
  backslashEscapes: boolean
  /**
   * `changeColumn` must repeat `autoIncrement: true` to keep it (MySQL's MODIFY); PostgreSQL would
   * instead try to change the type to SERIAL and fail.
   */
  autoIncrementInChangeColumn: boolean
  /** `CURRENT_TIMESTAMP` must repeat the fractional precision of the column (`CURRENT_TIMESTAMP(3)`). */
  nowTakesPrecision: boolean
  /** `DataTypes.DATE` creates a column that stores the time zone (PostgreSQL's TIMESTAMPTZ). */
  dateHasTimezone: boolean
  /** The name the database gives a primary key constraint of `table`. */
  primaryKeyName: (table: string) => string
  /** `ADD CONSTRAINT <name> PRIMARY KEY` keeps the name (MySQL's primary key is always `PRIMARY` and refuses one). */
  namedPrimaryKey: boolean
  /**
   * The catalog reports a primary key's own name, and a new table can take a named one (added right
   * after `createTable`). False on MariaDB/MySQL (always `PRIMARY`) and SQLite (names are not kept,
   * and an INTEGER key must stay inline to be the rowid).
   */
  primaryKeyNames: boolean
  /** Longest identifier the database keeps (PostgreSQL cuts at 63 bytes, MariaDB refuses over 64 characters). */
  identifierLimit: IdentifierLimit | null
  /**
   * A foreign key needs an index starting with its columns: the database makes one when none
   * exists and keeps it when the key is dropped (InnoDB). See `ForeignKeySchema.index`.
   */
  foreignKeyIndexes: boolean
}

/**
 * Capabilities assumed for a dialect the registry does not know: compare everything, render only
 * QueryInterface calls, warn as if DDL were not transactional.
 */
export const GENERIC_CAPABILITIES: DialectCapabilities = {
  ...postgresCapabilities,
  enumTypes: false,
  transactionalDDL: false,
  typeChangeNeedsCast: false,
  tableCommentSyntax: null,
  dateHasTimezone: false,
}

/**
 * The capabilities of `dialect` (from the dialect registry), or {@link GENERIC_CAPABILITIES} when it
 * is unknown.
 *
 * @example capabilitiesOf('postgres').enumTypes // true
 */
export function capabilitiesOf(dialect: string | undefined): DialectCapabilities {
  return (dialect === undefined ? undefined : findDialect(dialect)?.capabilities) ?? GENERIC_CAPABILITIES
}
