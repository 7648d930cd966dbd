/**
 * Waiting for a lock visibly and within bounds: one report when the wait starts and one every
 * few seconds after, and a one-line `LOCK_TIMEOUT` when the caller's patience runs out.
 */
import {LockError} from '../errors'
import type {LockWaitOptions, RunLock} from './dialect'

/** Seconds between two reports of the same wait. */
export const REPORT_EVERY_SECONDS = 5

const POLL_MS = 200

/** What a dialect tells {@link waitForLock}. */
export interface LockAttempt {
  /** Tries once without blocking; true when the lock is now held. */
  take(): Promise<boolean>
  /** Who holds the lock, when the database can tell. */
  holder?(): Promise<string | undefined>
}

/**
 * Calls `attempt.take()` until it succeeds, reporting the wait through `wait.onLockWait`.
 *
 * @throws {LockError} `LOCK_TIMEOUT` after `wait.timeoutSeconds`, naming the holder when known.
 */
export async function waitForLock(attempt: LockAttempt, wait: LockWaitOptions, what = 'the migration lock'): Promise<void> {
  if (await attempt.take()) return
  const started = Date.now()
  const reporter = startReports(wait, attempt.holder)
  try {
    for (;;) {
      const waited = (Date.now() - started) / 1000
      if (wait.timeoutSeconds !== undefined && waited >= wait.timeoutSeconds) {
        throw lockTimeout(wait.timeoutSeconds, what, await attempt.holder?.().catch(() => undefined))
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
      if (await attempt.take()) return
    }
  } finally {
    reporter.stop()
  }
}

/**
 * Reports a wait the database does natively (SQLite's busy handler): once now, then every
 * {@link REPORT_EVERY_SECONDS} until `stop()`.
 */
export function startReports(wait: LockWaitOptions, holder?: () => Promise<string | undefined>): {stop(): void} {
  const started = Date.now()
  const report = async () => {
    const who = await holder?.().catch(() => undefined)
    wait.onLockWait?.({waitedSeconds: Math.floor((Date.now() - started) / 1000), holder: who})
  }
  void report()
  const timer = setInterval(() => void report(), REPORT_EVERY_SECONDS * 1000)
  timer.unref()
  return {stop: () => clearInterval(timer)}
}

/** The `LOCK_TIMEOUT` error: nothing ran, and what to do about it. */
export function lockTimeout(seconds: number, what = 'the migration lock', holder?: string): LockError {
  return new LockError('LOCK_TIMEOUT', `Gave up waiting for ${what} after ${seconds} s${holder ? ` (held by ${holder})` : ''}; nothing was run. Another run is migrating this database: wait for it to finish, or raise --lock-timeout`)
}

/**
 * The `LOCK_LOST` error an exclusive section throws when the run's lock is gone (its session
 * ended); the migrator says which revision it stopped before.
 */
export function runLockLost(): LockError {
  return new LockError('LOCK_LOST', 'Lost the migration lock (its database session ended); nothing more was run; run the command again to continue')
}

/** Throws {@link runLockLost} unless the run still holds `runLock` (no lock given: nothing to check). */
export async function ensureHeld(runLock: RunLock | undefined): Promise<void> {
  if (runLock && !(await runLock.held())) throw runLockLost()
}
