/**
 * The sequelize-cli (or umzug 3) migrations a project ran before its first revision, run and
 * recorded exactly as sequelize-cli (or umzug with its `SequelizeStorage`) runs and records them:
 * the files of the configured folder in file-name order, each called as `up(queryInterface,
 * Sequelize)` (umzug 3: `up({context, name, path})`) outside any transaction, and recorded after it
 * ran as one row holding its file name.
 */
import {join, relative} from 'node:path'
import type {Sequelize} from 'sequelize'

import {type ResolvedSequelizeCli, type ResolvedVersionTable} from '../config/environment'
import {defaultExport, loadModule} from '../loader'
import {listMigrationFiles} from '../config/sequelize-cli'
import {ConfigError, MigrationError} from '../errors'
import {NameRecordTable} from './record-table'

/** One sequelize-cli migration run or undone. */
export interface PrehistoryStep {
  direction: 'upgrade' | 'downgrade'
  /** The file name, as recorded. */
  file: string
}

interface CliMigration {
  up?: (...args: unknown[]) => unknown
  down?: (...args: unknown[]) => unknown
}

/**
 * The prehistory of one database: which of the folder's migrations the record holds, and running
 * the others.
 *
 * @example
 * const prehistory = new Prehistory(sequelize, environment.sequelizeCli)
 * await prehistory.upgrade((step) => console.log(step.file))
 */
export class Prehistory {
  /** The migration file names, sorted. */
  readonly files: string[]
  private readonly known: Set<string>
  private readonly record: NameRecordTable

  constructor(private readonly sequelize: Sequelize, readonly options: ResolvedSequelizeCli) {
    this.files = listMigrationFiles(options.migrationsDirectory)
    this.known = new Set(this.files)
    // One `name` column: the table sequelize-cli (and umzug's SequelizeStorage) creates and reads.
    this.record = new NameRecordTable(sequelize, options.table)
  }

  /** The names the record table holds (of any folder); none when it does not exist. */
  rows(): Promise<string[]> {
    return this.record.names()
  }

  /** Whether `name` is one of the folder's migration files. */
  has(name: string): boolean {
    return this.known.has(name)
  }

  /** The table the prehistory is recorded in. */
  get table(): ResolvedVersionTable {
    return this.options.table
  }

  /** The recorded file names, sorted; `recorded` is what the record table holds. */
  applied(recorded: Iterable<string>): string[] {
    return [...recorded].filter((name) => this.known.has(name)).sort()
  }

  /** The folder's files the record does not hold, in the order they run. */
  pending(recorded: ReadonlySet<string>): string[] {
    return this.files.filter((name) => !recorded.has(name))
  }

  /** Runs every pending migration, in file-name order, recording each after it ran. */
  async upgrade(recorded: ReadonlySet<string>, onStep?: (step: PrehistoryStep) => void): Promise<PrehistoryStep[]> {
    const pending = this.pending(recorded)
    return this.each(pending, 'upgrade', onStep)
  }

  /** Undoes every recorded migration, newest file name first, deleting each row after. */
  async downgrade(recorded: ReadonlySet<string>, onStep?: (step: PrehistoryStep) => void): Promise<PrehistoryStep[]> {
    return this.each(this.applied(recorded).reverse(), 'downgrade', onStep)
  }

  /** Runs every migration's `up` without reading or writing the record (an offline script's start). */
  async replay(): Promise<void> {
    await this.each(this.files, 'upgrade', undefined, false)
  }

  /** Records every pending migration as run, without running it. @returns the names added */
  async stamp(recorded: ReadonlySet<string>): Promise<string[]> {
    const pending = this.pending(recorded)
    for (const name of pending) await this.record.add(name)
    return pending
  }

  /** Deletes the given rows of the record. */
  async unstamp(names: readonly string[]): Promise<void> {
    for (const name of names) await this.record.remove(name)
  }

  private async each(names: string[], direction: PrehistoryStep['direction'], onStep?: (step: PrehistoryStep) => void, record = true): Promise<PrehistoryStep[]> {
    // Load them all first: a file that does not load stops the run before any runs.
    const loaded = new Map<string, CliMigration>()
    for (const name of names) loaded.set(name, await this.load(name, direction))
    const done: PrehistoryStep[] = []
    for (const name of names) {
      const step: PrehistoryStep = {direction, file: name}
      onStep?.(step)
      const migration = loaded.get(name) as CliMigration
      const method = direction === 'upgrade' ? migration.up : migration.down
      try {
        await method?.call(migration, ...this.argumentsFor(name))
      } catch (error) {
        const detail = error instanceof Error ? error.message.split('\n')[0] : String(error)
        throw new MigrationError('MIGRATION_FAILED',
          `${this.kind} migration ${name} failed during ${direction}: ${detail}; it ran outside a transaction, as ${this.kind} runs it, so part of it may be applied and it is not recorded: check the schema before running it again`,
          name, {cause: error})
      }
      if (!record) continue
      if (direction === 'upgrade') await this.record.add(name)
      else await this.record.remove(name)
      done.push(step)
    }
    return done
  }

  /** What runs the files: `sequelize-cli` or `umzug`, for messages. */
  private get kind(): string {
    return this.options.style ?? 'sequelize-cli'
  }

  /** The arguments of `up`/`down`: sequelize-cli's `(queryInterface, Sequelize)`, umzug 3's `({context, name, path})`. */
  private argumentsFor(name: string): unknown[] {
    if (this.options.style !== 'umzug') return [this.sequelize.getQueryInterface(), this.sequelize.constructor]
    const context = this.options.context ? this.options.context(this.sequelize) : this.sequelize.getQueryInterface()
    return [{context, name, path: join(this.options.migrationsDirectory, name)}]
  }

  private async load(name: string, direction: PrehistoryStep['direction']): Promise<CliMigration> {
    const file = join(this.options.migrationsDirectory, name)
    const loaded = await loadModule(file, `${this.kind} migration`)
    // As umzug 2 (which sequelize-cli runs on) reads a module: its default export's methods first.
    const exported = defaultExport(loaded) as CliMigration
    const method = direction === 'upgrade' ? 'up' : 'down'
    const found = typeof exported?.[method] === 'function' ? exported : typeof (loaded as CliMigration)[method] === 'function' ? loaded as CliMigration : undefined
    if (!found) throw new ConfigError('INVALID_MIGRATION_FILE', `${this.kind} migration ${relative(process.cwd(), file)} exports no ${method} function`)
    return found
  }
}
