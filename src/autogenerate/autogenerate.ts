/**
 * Autogenerate end to end: describe the models, introspect the database, compare the two. Used by
 * `db migrate`, `db check` and the test helpers; rendering is the caller's next step.
 */
import type {Sequelize} from 'sequelize'

import type {AutogenerateSettings} from '../config/define-config'
import {progressTableName, type ResolvedVersionTable, SEQUELIZE_CLI_TABLE} from '../config/environment'
import type {Dialect} from '../dialects/dialect'
import {AutogenerateError} from '../errors'
import {compareSchemas, type CompareResult, type RenameSpec} from './compare'
import {describeModels, modelTableKey, modelTableName} from './from-models'
import {type SchemaDescription, tableKey} from '../schema/schema'

/** The key of the version table in a schema description. */
export function versionTableKey(table: ResolvedVersionTable): string {
  return table.schema ? `${table.schema}.${table.tableName}` : table.tableName
}

/**
 * The keys of every table that records migrations: the version table and its side table of started
 * revisions (see runtime/record-table.ts), sequelize-cli's default `SequelizeMeta` and any other
 * given. Autogenerate never compares them, so moving the version table never proposes dropping
 * sequelize-cli's.
 */
export function recordTableKeys(versionTable: ResolvedVersionTable, recordTables: ResolvedVersionTable[] = []): string[] {
  const others = [{tableName: SEQUELIZE_CLI_TABLE, columnName: 'name'}, ...recordTables].map(versionTableKey)
  return [...new Set([versionTableKey(versionTable), progressTableKey(versionTable), ...others])]
}

/** The key of the version table's side table of started revisions (see runtime/record-table.ts). */
function progressTableKey(versionTable: ResolvedVersionTable): string {
  return versionTableKey({...versionTable, tableName: progressTableName(versionTable)})
}

/**
 * Reads the live schema of a database, leaving out the version table. Schemas read (where the
 * dialect has schemas): the `schemas` setting, else the default one plus any the models use.
 */
export function introspectDatabase(database: Sequelize, dialect: Dialect, options: {versionTable: ResolvedVersionTable; settings?: AutogenerateSettings; models?: SchemaDescription}): Promise<SchemaDescription> {
  return readLiveSchema(database, dialect, {...options, modelSchemas: [...(options.models?.tables.values() ?? [])].map((table) => table.schema)})
}

/**
 * {@link introspectDatabase} given the schemas the models name (undefined: the default one), and a
 * signal that drops it (see `IntrospectOptions.signal`).
 */
async function readLiveSchema(database: Sequelize, dialect: Dialect, options: {versionTable: ResolvedVersionTable; settings?: AutogenerateSettings; modelSchemas: Array<string | undefined>; signal?: AbortSignal}): Promise<SchemaDescription> {
  const {versionTable, settings, modelSchemas, signal} = options
  const schemas = settings?.schemas ?? [...new Set([dialect.defaultSchema, ...modelSchemas].filter((schema): schema is string => schema !== undefined))]
  const live = await dialect.introspect(database, {versionTable: versionTableKey(versionTable), schemas, signal})
  // The record's side table of started revisions is the runtime's bookkeeping, like the record.
  return withoutTables(live, [progressTableKey(versionTable)])
}

/** What {@link compareModelsToDatabase} needs. */
export interface ModelComparison {
  /** The Sequelize instance the models are registered on (it is not connected to). */
  models: Sequelize
  /** A connected Sequelize instance on the database to compare with. */
  database: Sequelize
  /** The dialect of `database`. */
  dialect: Dialect
  versionTable: ResolvedVersionTable
  /** Other tables that record migrations (env's `recordTables`); never compared. */
  recordTables?: ResolvedVersionTable[]
  settings?: AutogenerateSettings
  /** Drop+add pairs to emit as renames (from `--rename`). */
  renames?: RenameSpec[]
}

/** Compares two schema descriptions with the env's autogenerate settings. */
export function compareWithSettings(from: SchemaDescription, to: SchemaDescription, dialect: Dialect, options: {versionTable: ResolvedVersionTable; recordTables?: ResolvedVersionTable[]; settings?: AutogenerateSettings; renames?: RenameSpec[]; ignoreTables?: string[]}): CompareResult {
  const {settings = {}} = options
  const records = recordTableKeys(options.versionTable, options.recordTables)
  return compareSchemas(withoutTables(from, records), withoutTables(to, records), dialect, {
    include: settings.include,
    exclude: settings.exclude,
    compareTypes: settings.compareTypes,
    compareDefaults: settings.compareDefaults,
    renames: options.renames,
    versionTable: versionTableKey(options.versionTable),
    ignoreTables: options.ignoreTables,
  })
}

/**
 * The operations that make the database match the models.
 *
 * @throws {AutogenerateError} `NO_MODELS` when the instance registers no model; when a model cannot
 *   be described or a rename does not apply.
 */
export async function compareModelsToDatabase(input: ModelComparison): Promise<CompareResult> {
  const excludeModels = input.settings?.excludeModels ?? []
  const records = recordTableKeys(input.versionTable, input.recordTables)
  // A model error must not wait for the catalog: the catalog query runs while the models are
  // described only where it can be dropped on such an error (`db check` of 500 tables on
  // PostgreSQL: 0.95x the wall); elsewhere the models come first.
  const catalog = input.dialect.abortableIntrospection ? await startIntrospection(input, excludeModels, records) : undefined
  let models: SchemaDescription
  let ignoreTables: string[]
  try {
    // In the database's dialect: env's instance may be of another one (test helpers).
    const described = describeModels(input.models, input.dialect, {namingConvention: input.settings?.namingConvention, excludeModels, target: input.database})
    models = withoutTables(described, records)
    // A table only excluded models define is left alone, neither created nor dropped.
    ignoreTables = excludeModels.map((name) => modelTableKey(input.models.models[name], input.dialect)).filter((key) => !models.tables.has(key))
    // Compared with nothing, every table would be dropped: an env not wired to the models yet.
    if (models.tables.size === 0) {
      throw new AutogenerateError('NO_MODELS',
        "no models registered on env's Sequelize instance; add the application's models to the instance env.ts returns (sequelize.addModels or sequelize.define)")
    }
  } catch (error) {
    await catalog?.drop()
    throw error
  }
  const database = await (catalog?.schema ?? introspectDatabase(input.database, input.dialect, {...input, models}))
  return compareWithSettings(database, models, input.dialect, {...input, ignoreTables})
}

/**
 * Starts reading the catalog before the models are described (the schemas to read come from the
 * models' table names), and returns once its query is on its way: the models are then described
 * while the server runs it. Undefined when a model's table name cannot be read: the description
 * then reports that model as it would without this.
 */
async function startIntrospection(input: ModelComparison, excludeModels: readonly string[], records: string[]): Promise<{schema: Promise<SchemaDescription>; drop(): Promise<void>} | undefined> {
  let modelSchemas: Array<string | undefined>
  try {
    const tables = Object.values(input.models.models).filter((model) => !excludeModels.includes(model.name)).map((model) => modelTableName(model, input.dialect))
    modelSchemas = tables.filter((table) => !records.includes(tableKey(table))).map((table) => table.schema)
  } catch {
    return undefined
  }
  const controller = new AbortController()
  const schema = readLiveSchema(input.database, input.dialect, {...input, modelSchemas, signal: controller.signal})
  // Dropped on a model error: its rejection then is expected, and never unhandled.
  schema.catch(() => undefined)
  // Lending a pooled connection and writing the query take only promise callbacks.
  await new Promise<void>((resolve) => { setImmediate(resolve) })
  return {
    schema,
    drop: async () => {
      controller.abort(new Error('the models could not be described'))
      await schema.catch(() => undefined)
    },
  }
}

// umzug's storages register the record tables as models on the same instance; they are never compared.
function withoutTables(schema: SchemaDescription, keys: string[]): SchemaDescription {
  if (!keys.some((key) => schema.tables.has(key))) return schema
  const tables = new Map(schema.tables)
  for (const key of keys) tables.delete(key)
  return {...schema, tables}
}
