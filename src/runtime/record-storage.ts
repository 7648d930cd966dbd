/**
 * The record of applied revisions, as the migrator sees it: what it reads, what it writes, and
 * how it keeps other runs out. `SqlRecordStorage` keeps it in the database (the format is
 * described in `./record-table.ts`); `MemoryRecordStorage` keeps it in memory for tests.
 */
import type {LockWaitOptions, RunLock} from '../dialects/dialect'

export type {LockWaitEvent, LockWaitOptions, RunLock} from '../dialects/dialect'

/** Where a revision stands in the record. */
export interface RecordState {
  /** Applied revision id → checksum of its source when applied (null: applied before checksums). */
  applied: Map<string, string | null>
  /** Revisions a run started outside a transaction and never finished (interrupted or failed). */
  started: StartedRevision[]
}

/** Options of {@link RecordStorage.read}. */
export interface ReadOptions {
  /** Read the rows of these revisions only (none of the others is in the state read). */
  revisions?: string[]
}

/** A revision a run started outside a transaction: written before it runs, removed once recorded. */
export interface StartedRevision {
  revision: string
  direction: 'upgrade' | 'downgrade'
  startedAt: Date
  /** `host pid N` of the process that started it. */
  startedBy: string
}

/** Options of {@link RecordStorage.exclusive}. */
export interface SectionOptions {
  /** `fn` runs only while the run still holds this lock (else {@link LockError} `LOCK_LOST`). */
  runLock?: RunLock
  /**
   * `fn` receives the record as {@link RecordStorage.read} with these options reads it inside the
   * section (PostgreSQL reads it in the round trip that takes the section's lock).
   */
  read?: ReadOptions
}

/**
 * What the migrator needs from a record. Every write happens inside {@link RecordStorage.exclusive},
 * which serializes the record across processes even when the run lock was lost.
 */
export interface RecordStorage {
  /**
   * Reads the record; an absent record reads as empty. Never creates anything. With `revisions`,
   * only their rows (every unfinished note still): what one step needs, however long the record.
   */
  read(options?: ReadOptions): Promise<RecordState>
  /**
   * Creates the record (and what {@link RecordStorage.start} writes to), or brings an older one up
   * to date (adds missing columns and tables). Idempotent; never inside `exclusive` (DDL commits
   * MariaDB's transactions).
   */
  prepare(): Promise<void>
  /**
   * Takes the run lock; SQLite and memory storages return one that is always held, their
   * {@link RecordStorage.exclusive} alone serializes runs.
   *
   * @throws {LockError} `LOCK_TIMEOUT` after `wait.timeoutSeconds`.
   */
  lock(wait: LockWaitOptions): Promise<RunLock>
  /**
   * Runs `fn` as the only writer of the record, in a database transaction: reads inside see the
   * latest record, and a revision run inside commits or rolls back with its record row.
   * Needs {@link RecordStorage.prepare} first.
   */
  exclusive<T>(fn: (record?: RecordState) => Promise<T>, wait: LockWaitOptions, options?: SectionOptions): Promise<T>
  /** Records `revision` as applied (inside `exclusive`). */
  add(revision: string, checksum: string): Promise<void>
  /** Removes `revision` from the record (inside `exclusive`). */
  remove(revision: string): Promise<void>
  /** Sets the checksum recorded for an applied revision. */
  setChecksum(revision: string, checksum: string): Promise<void>
  /** Notes that a run starts `started.revision` outside a transaction (inside `exclusive`). */
  start(started: StartedRevision): Promise<void>
  /** Clears the note {@link RecordStorage.start} wrote (inside `exclusive`). */
  finish(revision: string): Promise<void>
}
