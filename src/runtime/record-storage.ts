/**
 * The record of applied revisions: umzug's Sequelize storage (table `SequelizeMeta`, column
 * `name`, one row per applied revision id), so umzug and sequelize-cli read the same table.
 */
import type {Sequelize} from 'sequelize'
// The storage module alone: umzug's index also loads its CLI, which read-only verbs never need.
import {SequelizeStorage} from 'umzug/lib/storage/sequelize'

import type {ResolvedVersionTable} from '../config/environment'

/**
 * umzug's Sequelize storage, creating its table once per run instead of before every write, and
 * remembering what it read: the run holds the migration lock, so nobody else changes the record.
 */
export class RecordStorage extends SequelizeStorage {
  private synced = false
  private names: Set<string> | undefined

  constructor(sequelize: Sequelize, table: ResolvedVersionTable) {
    super({sequelize, tableName: table.tableName, columnName: table.columnName, schema: table.schema, modelName: 'SequelizeMeta'})
  }

  override async syncModel(): Promise<void> {
    if (this.synced) return
    await super.syncModel()
    this.synced = true
  }

  override async executed(): Promise<string[]> {
    this.names ??= new Set(await super.executed())
    return [...this.names]
  }

  override async logMigration(params: {name: string}): Promise<void> {
    await super.logMigration(params)
    this.names?.add(params.name)
  }

  override async unlogMigration(params: {name: string}): Promise<void> {
    await super.unlogMigration(params)
    this.names?.delete(params.name)
  }

  /** The table exists: this run created it or found it. */
  get knownToExist(): boolean {
    return this.synced
  }

  /** Notes that the table is known to exist, so reading it needs no CREATE TABLE IF NOT EXISTS. */
  markExisting(): void {
    this.synced = true
  }

  /** Forgets what was read, e.g. after a failed transaction rolled the record back. */
  forget(): void {
    this.names = undefined
  }
}
