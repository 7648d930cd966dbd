/**
 * `db migrate` (`db revision --autogenerate`) and `db check`: compare the models env registers
 * with the database at its current revision.
 */
import {createRequire} from 'node:module'
import {join, resolve} from 'node:path'
import {readFileSync, writeFileSync} from 'node:fs'

import {compareModelsToDatabase} from '../autogenerate/autogenerate'
import type {RenameSpec} from '../autogenerate/compare'
import {describeOp, type Op, opTarget} from '../autogenerate/ops'
import type {AutogenerateSettings} from '../config/define-config'
import {allDialects} from '../dialects'
import {AutogenerateError, MigrateError, RevisionError} from '../errors'
import {planUpgrade} from '../revision'
import type {DatabaseMigrator as Migrator} from '../runtime/migrator'
import type {RevisionOptions} from './scripts'
import {type FolderOptions, withMigrator} from './open'

/**
 * Parses `--rename` values: `old=new` renames a table, `table.old=new` a column.
 *
 * @throws {MigrateError} `INVALID_RENAME` for a value of another shape.
 */
export function parseRenames(values: string[]): RenameSpec[] {
  return values.map((value) => {
    const match = /^([^=]+?)(?:\.([^.=]+))?=([^=.]+)$/.exec(value)
    if (!match) throw new MigrateError('INVALID_RENAME', `--rename takes old=new (a table) or table.old=new (a column), got '${value}'`)
    const [, table, column, to] = match
    return column ? {table, column, to} : {table, to}
  })
}

async function differences(migrator: Migrator, renames: RenameSpec[] = []) {
  const {map} = migrator.scripts
  const pending = planUpgrade(map, await migrator.applied(), 'heads').steps
  if (pending.length > 0) {
    throw new RevisionError('NOT_UP_TO_DATE', `Target database is not up to date: revision(s) ${pending.join(', ')} not applied; run \`db upgrade\` first`)
  }
  const {environment} = migrator
  return compareModelsToDatabase({
    models: migrator.sequelize,
    database: migrator.sequelize,
    dialect: migrator.dialect,
    versionTable: environment.versionTable,
    recordTables: environment.recordTables,
    settings: environment.config.autogenerate,
    renames,
  })
}

/** One difference between the models and the database, as `db check --json` lists it. */
export interface Difference {
  /** The operation that would fix it: `addColumn`, `dropTable`, `alterColumn`, ... */
  kind: Op['kind']
  /** The table (`schema.table` outside the default schema), or the enum type, it concerns. */
  table: string
  /** The column, for column operations. */
  column?: string
  /** What differs, in words: `add column users.email`. */
  detail: string
  /** Why applying it may fail or lose data. */
  warnings?: string[]
}

/** The {@link Difference} an operation stands for. */
export function differenceOf(op: Op): Difference {
  const column = op.kind === 'addColumn' || op.kind === 'dropColumn' ? op.column.name
    : op.kind === 'alterColumn' ? op.to.name
      : op.kind === 'renameColumn' ? op.from : undefined
  return {kind: op.kind, table: opTarget(op), ...(column === undefined ? {} : {column}), detail: describeOp(op), ...(op.warnings ? {warnings: op.warnings} : {})}
}

/** What `db check` found: one entry per difference; none means the models match. */
export function check(options: FolderOptions): Promise<Difference[]> {
  return withMigrator(options, async (migrator) => (await differences(migrator)).ops.map(differenceOf))
}

/** Options of {@link autogenerateRevision}. */
export interface AutogenerateOptions extends Omit<RevisionOptions, 'body'> {
  /** `--rename` values. */
  renames?: string[]
}

/** What `db migrate` did: the differences found and the file written (none when nothing differs). */
export interface AutogenerateResult {
  changes: string[]
  /** Data-loss and failure warnings, `<change>: <warning>`, also written as comments in the file. */
  warnings: string[]
  /** Drops and adds that look like renames, with the `--rename` that keeps the data. */
  proposedRenames: string[]
  path?: string
  revision?: string
}

/** Writes a revision whose `up` makes the database match the models and whose `down` undoes it. */
export function autogenerateRevision(options: AutogenerateOptions): Promise<AutogenerateResult> {
  const renames = parseRenames(options.renames ?? [])
  return withMigrator(options, async (migrator) => {
    const {ops, proposedRenames} = await differences(migrator, renames)
    const changes = ops.map(describeOp)
    const warnings = ops.flatMap((op) => (op.warnings ?? []).map((warning) => `${describeOp(op)}: ${warning}`))
    const hints = proposedRenames.map((proposal) => proposal.hint)
    if (ops.length === 0) return {changes, warnings, proposedRenames: hints}
    // Loaded only to write a revision: `db check` and a `db migrate` that finds nothing never
    // render, and writing loads the templates and ejs.
    const {renderOps} = require('../autogenerate/render') as typeof import('../autogenerate/render')
    const {createRevision} = require('./scripts') as typeof import('./scripts')
    // Written to run on every database, not only the one it was generated on.
    const rendered = renderOps(ops, {dialect: migrator.dialect, targets: allDialects(), proposedRenames})
    const written = await createRevision({
      ...options,
      body: {
        upBody: rendered.up,
        downBody: rendered.down,
        upContext: rendered.context.up,
        downContext: rendered.context.down,
        // The revision runs on every database: outside a transaction if one of them needs it.
        nonTransactionalReason: allDialects().map((target) => target.nonTransactionalReason?.(ops)).find((reason) => reason !== undefined),
      },
    })
    await format(written.path, migrator.environment.config.autogenerate)
    return {changes, warnings, proposedRenames: hints, ...written}
  })
}

async function format(file: string, settings: AutogenerateSettings | undefined): Promise<void> {
  const formatter = settings?.formatter ?? 'prettier'
  if (formatter === false) return
  const path = resolve(file)
  const source = readFileSync(path, 'utf8')
  let formatted: string
  try {
    if (typeof formatter === 'function') {
      formatted = await formatter(source, path)
    } else {
      const prettier = loadProjectPrettier()
      if (!prettier) return
      formatted = await prettier.format(source, {...(await prettier.resolveConfig(path)), filepath: path})
    }
  } catch (error) {
    throw new AutogenerateError('FORMAT_FAILED', `The formatter failed on ${file}: ${(error as Error).message.split('\n')[0]}; the unformatted revision is kept`, {cause: error})
  }
  writeFileSync(path, formatted)
}

interface Prettier {
  format(source: string, options: object): string | Promise<string>
  resolveConfig(file: string): Promise<object | null>
}

/** The project's own prettier, when it has one (never ours: we do not depend on it). */
function loadProjectPrettier(): Prettier | undefined {
  try {
    return createRequire(join(process.cwd(), 'package.json'))('prettier') as Prettier
  } catch {
    return undefined
  }
}

export type {Op}
