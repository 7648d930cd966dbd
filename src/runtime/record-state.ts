/**
 * Sorting out what the record tables hold: revision ids, sequelize-cli migrations of the adopted
 * folder, and names neither defines (reported in one short line).
 */
import {relative} from 'node:path'

import type {Environment} from '../config/environment'
import {ConfigError, RevisionError} from '../errors'
import {listSome, PREHISTORY, type RevisionMap} from '../revision'
import type {Prehistory} from './prehistory'

/** The record, sorted. */
export interface SortedRecord {
  /** Revision ids the version table holds. */
  revisions: Set<string>
  /** File names of the adopted sequelize-cli folder the record holds. */
  prehistory: Set<string>
  /** Names neither a revision file nor the sequelize-cli folder defines, sorted. */
  unknown: string[]
  /** Those of {@link SortedRecord.unknown} read from sequelize-cli's table when it is not the version table. */
  unknownCli: Set<string>
}

/**
 * Sorts the rows of the version table and, when it is another table, of sequelize-cli's table.
 *
 * @example sortRecord(map, ['a1b2c3d4e5f6', '20200101-create-users.js'], [], prehistory).prehistory // Set {'20200101-create-users.js'}
 */
export function sortRecord(map: RevisionMap, versionRows: string[], cliRows: string[], prehistory?: Prehistory): SortedRecord {
  const state: SortedRecord = {revisions: new Set(), prehistory: new Set(), unknown: [], unknownCli: new Set()}
  for (const name of versionRows) {
    if (name !== PREHISTORY && map.has(name)) state.revisions.add(name)
    else if (prehistory?.has(name)) state.prehistory.add(name)
    else state.unknown.push(name)
  }
  for (const name of cliRows) {
    if (prehistory?.has(name)) state.prehistory.add(name)
    else if (!state.revisions.has(name)) {
      state.unknown.push(name)
      state.unknownCli.add(name)
    }
  }
  state.unknown.sort()
  return state
}

/**
 * The one-line error for record rows no file defines: the first few names, how many, and what to
 * do, which depends on whether they look like sequelize-cli migrations (file names).
 */
export function unknownRowsError(unknown: string[], environment: Environment): RevisionError {
  const files = unknown.some((name) => name.includes('.'))
  const cli = environment.sequelizeCli
  const envShown = relative(process.cwd(), environment.envFile)
  const hint = files && !cli
    ? `they look like sequelize-cli migrations: set sequelizeCli: {migrationsPath: '<their folder>'} in ${envShown} (\`db init --sequelize-cli\` writes it)`
    : files && cli
      ? `restore those files in ${relative(process.cwd(), cli.migrationsDirectory) || '.'}, or point sequelizeCli.migrationsPath at the folder that has them`
      : 'restore the revision files, or reset the record with `db stamp <revision> --purge`'
  return new RevisionError('UNKNOWN_APPLIED_REVISION', `The database records ${listSome(unknown)} that no file defines; ${hint}`)
}

/**
 * Checks env and the revisions agree on the prehistory: revisions build on `sequelize-cli` only
 * when env sets `sequelizeCli`, and then one of them does (or there are none yet).
 *
 * @throws {ConfigError} `NO_SEQUELIZE_CLI_CONFIG`, `PREHISTORY_NOT_LINKED`.
 */
export function checkPrehistoryLinks(map: RevisionMap, environment: Environment): void {
  if (!map.has(PREHISTORY)) return
  const envShown = relative(process.cwd(), environment.envFile)
  const children = map.children(PREHISTORY)
  if (!environment.sequelizeCli) {
    throw new ConfigError('NO_SEQUELIZE_CLI_CONFIG', `Revision ${children.join(', ')} builds on '${PREHISTORY}' (the sequelize-cli migrations) but ${envShown} sets no sequelizeCli; add sequelizeCli: {migrationsPath: '<folder of the sequelize-cli migrations>'} to defineConfig`)
  }
  if (children.length === 0 && map.all.length > 1) {
    throw new ConfigError('PREHISTORY_NOT_LINKED', `${envShown} adopts sequelize-cli migrations but no revision builds on them; set \`export const downRevision = '${PREHISTORY}'\` in the first revision (${map.bases.filter((id) => id !== PREHISTORY).join(', ')})`)
  }
}
