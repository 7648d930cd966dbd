/**
 * A record kept in memory: what the migrator's own tests run on, and a model of the contract in
 * `./record-storage.ts`. Runs in one process serialize on its lock and its exclusive sections.
 */
import {ensureHeld, waitForLock} from '../dialects/lock-wait'
import type {LockWaitOptions, ReadOptions, RecordState, RecordStorage, RunLock, SectionOptions, StartedRevision} from './record-storage'

/** One holder at a time, in arrival order. */
class Mutex {
  private tail: Promise<void> = Promise.resolve()
  locked = false

  async acquire(): Promise<() => void> {
    let release!: () => void
    const previous = this.tail
    this.tail = new Promise((resolve) => (release = resolve))
    await previous
    this.locked = true
    return () => {
      this.locked = false
      release()
    }
  }
}

/**
 * @example
 * const storage = new MemoryRecordStorage()
 * const migrator = Migrator.create(scripts, storage)
 */
export class MemoryRecordStorage implements RecordStorage {
  /** Applied revision → checksum. */
  readonly applied = new Map<string, string | null>()
  readonly started = new Map<string, StartedRevision>()
  /** Whether {@link MemoryRecordStorage.prepare} ran: a run that writes nothing leaves it false. */
  prepared = false
  private runLock = new Mutex()
  private writer = new Mutex()
  private lost = false

  async read(options: ReadOptions = {}): Promise<RecordState> {
    const {revisions} = options
    const applied = revisions ? [...this.applied].filter(([revision]) => revisions.includes(revision)) : this.applied
    return {applied: new Map(applied), started: [...this.started.values()]}
  }

  async prepare(): Promise<void> {
    this.prepared = true
  }

  async lock(wait: LockWaitOptions): Promise<RunLock> {
    await waitForLock({take: async () => !this.runLock.locked}, wait)
    const release = await this.runLock.acquire()
    this.lost = false
    let released = false
    return {
      held: async () => !this.lost,
      release: async () => {
        if (!released) release()
        released = true
      },
    }
  }

  /** Makes the current run lock report itself lost, as when its session is terminated. */
  loseLock(): void {
    this.lost = true
  }

  async exclusive<T>(fn: (record?: RecordState) => Promise<T>, _wait?: LockWaitOptions, {runLock, read}: SectionOptions = {}): Promise<T> {
    const release = await this.writer.acquire()
    try {
      await ensureHeld(runLock)
      return await fn(read && (await this.read(read)))
    } finally {
      release()
    }
  }

  async add(revision: string, checksum: string): Promise<void> {
    this.applied.set(revision, checksum)
  }

  async remove(revision: string): Promise<void> {
    this.applied.delete(revision)
  }

  async setChecksum(revision: string, checksum: string): Promise<void> {
    if (this.applied.has(revision)) this.applied.set(revision, checksum)
  }

  async start(started: StartedRevision): Promise<void> {
    if (this.started.has(started.revision)) throw new Error(`${started.revision} is already started`)
    this.started.set(started.revision, started)
  }

  async finish(revision: string): Promise<void> {
    this.started.delete(revision)
  }
}
