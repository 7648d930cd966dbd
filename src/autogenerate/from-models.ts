/**
 * The model side of autogenerate: every model registered on a Sequelize instance (junction
 * tables of `belongsToMany` included) described as the tables `sequelize.sync()` would create for
 * them on a dialect.
 *
 * Names the database chooses itself (primary keys, PostgreSQL's `users_email_key`, MariaDB's
 * `orders_ibfk_1`, SQLite's unnamed constraints) stay `undefined` here, while introspection reports
 * the real names: compare such constraints by their columns.
 */
import {DataTypes, type Model, type ModelStatic, type Sequelize, Utils} from 'sequelize'
import {AutogenerateError, ConfigError} from '../errors'
import {canonicalJson, canonicalLiteral, compact} from '../schema/sql-text'
import type {Dialect, ModelColumnContext} from '../dialects/dialect'
import {type ModelTable, mergeModelTables} from './shared-tables'
import {applyNamingConvention, type NamingConvention, validateNamingConvention} from '../schema/naming'
import {
  type ColumnDefault, type ColumnSchema, type ColumnType, type EnumTypeSchema, type ForeignKeySchema,
  type IndexSchema, type SchemaDescription, type TableSchema, tableKey, type UniqueConstraintSchema,
} from '../schema/schema'

/** Options of {@link describeModels}. */
export interface DescribeModelsOptions {
  /**
   * Names for what the models leave unnamed (the `autogenerate.namingConvention` setting). With
   * one, the description is what the migrations create rather than what `sync()` creates: unique
   * constraints keep their names on every dialect.
   * @default none: names as `sync()` gives them
   */
  namingConvention?: NamingConvention
  /**
   * Names of models (as in `sequelize.models`) to leave out, as if they were not registered. A
   * table only they define is not described.
   * @default none
   */
  excludeModels?: readonly string[]
  /**
   * An instance on the database the description is for, when the models sit on an instance of
   * another dialect (a test database on PostgreSQL, env's instance on SQLite): types, defaults
   * and index predicates are then what `sync()` on that database would write. It is not connected to.
   * @default `sequelize` itself
   */
  target?: Sequelize
}

// The parts of Sequelize's query generator used here (public in practice, untyped in v6).
interface QueryGenerator {
  escape(value: unknown, field?: unknown): string
  handleSequelizeMethod(method: unknown): string
  whereQuery(where: unknown): string
}

interface Attribute {
  type?: unknown
  field?: string
  allowNull?: boolean
  defaultValue?: unknown
  primaryKey?: boolean
  autoIncrement?: boolean
  unique?: boolean | string | {name?: string}
  comment?: string
  references?: string | {model?: unknown; key?: string}
  onDelete?: string
  onUpdate?: string
}

interface IndexOption {
  name?: string
  fields: Array<string | {name?: string; attribute?: string; order?: string} | object>
  unique?: boolean
  type?: string
  where?: unknown
  using?: string
}

interface Context {
  sequelize: Sequelize
  /** The instance whose dialect the description is for. */
  target: Sequelize
  dialect: Dialect
  generator: QueryGenerator
  namingConvention?: NamingConvention
}

interface PendingReference {
  model: string
  attribute: string
  key: string
}

/**
 * Describes the models registered on `sequelize` as the schema `sequelize.sync()` creates for them
 * on `dialect`, the dialect of `options.target` (by default `sequelize` itself).
 *
 * @example
 * const wanted = describeModels(sequelize, dialectOf(sequelize))
 * const live = await dialect.introspect(sequelize, {versionTable: 'sequelize_migrate'})
 * Models mapping to one table describe it together (see {@link mergeModelTables}).
 *
 * @throws AutogenerateError `TYPE_NOT_INFERRED` when an attribute has no usable column type,
 *   `TYPE_NOT_SUPPORTED` when the dialect has no column type for it, `MODELS_DISAGREE` when two
 *   models on one table define something differently, `UNKNOWN_REFERENCE` when a foreign key
 *   points at a table no model defines, `UNQUOTABLE_NAME` when a table or column name holds `"` or
 *   a backtick.
 * @throws ConfigError `INVALID_NAMING_CONVENTION` when a template of `namingConvention` is not
 *   usable, `UNKNOWN_MODEL` when `excludeModels` names a model the instance does not register.
 */
export function describeModels(sequelize: Sequelize, dialect: Dialect, options: DescribeModelsOptions = {}): SchemaDescription {
  const target = options.target ?? sequelize
  const context: Context = {
    sequelize,
    target,
    dialect,
    generator: (target.getQueryInterface() as unknown as {queryGenerator: QueryGenerator}).queryGenerator,
    namingConvention: options.namingConvention,
  }
  // Checked once up front, so a broken template is reported even when no model would use it.
  if (options.namingConvention !== undefined) validateNamingConvention(options.namingConvention)
  const byTable = new Map<string, ModelTable[]>()
  const references: PendingReference[] = []
  for (const model of includedModels(sequelize, options.excludeModels ?? [])) {
    checkQuotableNames(model)
    const table = describeModel(model, context, references)
    // Only a disagreement between models on one table asks which attribute maps to a column.
    const attributeOf = (column: string) => Object.entries(model.getAttributes() as Record<string, Attribute>)
      .find(([name, attribute]) => (attribute.field ?? name) === column)?.[0]
    const key = tableKey(table)
    const models = byTable.get(key)
    if (models) models.push({model: model.name, table, attributeOf})
    else byTable.set(key, [{model: model.name, table, attributeOf}])
  }
  // A table one model describes is that model's own (fresh) description: nothing to merge or copy.
  const tables = new Map([...byTable].map(([key, models]) => [key, models.length === 1 ? models[0].table : mergeModelTables(models)]))
  for (const reference of references) {
    if (!tables.has(reference.key)) {
      throw new AutogenerateError('UNKNOWN_REFERENCE',
        `Model ${reference.model}, attribute ${reference.attribute}: the foreign key references table ${reference.key}, ` +
        'which no model defines; add a model for that table or remove the reference')
    }
  }
  return {dialect: dialect.name, tables, enums: collectEnums(tables)}
}

function includedModels(sequelize: Sequelize, excluded: readonly string[]): ModelStatic<Model>[] {
  const unknown = excluded.filter((name) => !Object.hasOwn(sequelize.models, name))
  if (unknown.length > 0) {
    throw new ConfigError('UNKNOWN_MODEL',
      `autogenerate.excludeModels names ${unknown.join(', ')}, which env's Sequelize instance does not register; ` +
      `use names as in sequelize.models (${listed(Object.keys(sequelize.models))})`)
  }
  return (Object.values(sequelize.models) as ModelStatic<Model>[]).filter((model) => !excluded.includes(model.name))
}

function listed(names: string[], shown = 10): string {
  return names.length <= shown ? names.join(', ') : `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`
}

/**
 * The key ({@link tableKey}) of the table a model maps to on `dialect`.
 *
 * @example modelTableKey(sequelize.models.Order, postgres) // 'shop.orders'
 */
export function modelTableKey(model: ModelStatic<Model>, dialect: Dialect): string {
  return tableKey(modelTableName(model, dialect))
}

/** The table a model maps to on `dialect`; `schema` only outside the default one. */
export function modelTableName(model: ModelStatic<Model>, dialect: Dialect): {name: string; schema?: string} {
  return tableNameOf(model.getTableName(), dialect)
}

/**
 * Refuses table, schema and column names holding `"` or a backtick: Sequelize strips them when it
 * quotes a name, so the database would get another name than the model and every comparison would
 * differ.
 *
 * @throws {AutogenerateError} `UNQUOTABLE_NAME` naming the model and the attribute.
 */
export function checkQuotableNames(model: ModelStatic<Model>): void {
  const bad = (name: unknown) => typeof name === 'string' && /["`]/.test(name)
  const fix = 'Sequelize cannot quote a name holding " or a backtick; rename it'
  const tableName = model.getTableName() as string | {tableName: string; schema?: string}
  const {tableName: table, schema} = typeof tableName === 'string' ? {tableName, schema: undefined} : tableName
  if (bad(table) || bad(schema)) throw new AutogenerateError('UNQUOTABLE_NAME', `Model ${model.name}: its table name ${JSON.stringify(bad(table) ? table : schema)} holds " or a backtick; ${fix}`)
  for (const [attribute, definition] of Object.entries(model.getAttributes() as Record<string, {field?: string}>)) {
    const column = definition.field ?? attribute
    if (bad(column)) {
      const shown = column === attribute ? '' : ` (column ${JSON.stringify(column)})`
      throw new AutogenerateError('UNQUOTABLE_NAME', `Model ${model.name}, attribute ${JSON.stringify(attribute)}${shown}: the name holds " or a backtick; ${fix}`)
    }
  }
}

function describeModel(model: ModelStatic<Model>, context: Context, references: PendingReference[]): TableSchema {
  const {dialect} = context
  const {name, schema} = tableNameOf(model.getTableName(), dialect)
  const table: TableSchema = compact({
    name, schema, columns: [], uniqueConstraints: [], indexes: [], foreignKeys: [],
    comment: dialect.comments ? nonEmpty(model.options.comment) : undefined,
  })
  const attributes = model.getAttributes() as Record<string, Attribute>
  const primaryKey: string[] = []
  const inlineUnique: UniqueConstraintSchema[] = []
  const namedUnique = new Map<string, string[]>()

  for (const [attributeName, modelAttribute] of Object.entries(attributes)) {
    if (isVirtual(modelAttribute.type)) continue
    const attribute = {...modelAttribute, type: inDialect(modelAttribute.type, context)}
    const column = attribute.field ?? attributeName
    const isPrimaryKey = attribute.primaryKey === true
    refuseUnsupportedType(attribute.type, dialect, () => `Model ${model.name}, attribute ${attributeName}`)
    const sqlType = sqlTypeOf(attribute.type, context.generator)
    if (sqlType === undefined) {
      throw new AutogenerateError('TYPE_NOT_INFERRED',
        `Model ${model.name}, attribute ${attributeName}: the column type could not be inferred; give @Column an explicit type`)
    }
    const columnContext: ModelColumnContext = {table: {name, schema}, column, sqlType, dataType: attribute.type, primaryKey: isPrimaryKey}
    const type = dialect.types.modelColumnType(columnContext)
    const autoIncrement = attribute.autoIncrement === true
    const keepsDefault = dialect.types.modelKeepsDefault?.(columnContext) ?? true
    table.columns.push(compact({
      name: column,
      type,
      nullable: !isPrimaryKey && attribute.allowNull !== false,
      default: keepsDefault ? modelDefault(attribute, type, context) : undefined,
      autoIncrement,
      comment: dialect.comments ? nonEmpty(attribute.comment) : undefined,
    }) as ColumnSchema)

    if (isPrimaryKey) primaryKey.push(column)
    if (attribute.unique === true) {
      inlineUnique.push({columns: [column]})
    } else if (attribute.unique) {
      // Same key naming as Sequelize's Model.refreshAttributes.
      const key = typeof attribute.unique === 'string'
        ? attribute.unique
        : attribute.unique.name ?? `${model.tableName}_${attributeName}_unique`
      namedUnique.set(key, [...namedUnique.get(key) ?? [], column])
    }
    const foreignKey = foreignKeyOf(attribute, column, table, context)
    if (foreignKey) {
      table.foreignKeys.push(foreignKey)
      references.push({
        model: model.name, attribute: attributeName,
        key: tableKey({name: foreignKey.referencedTable, schema: foreignKey.referencedSchema}),
      })
    }
  }

  if (primaryKey.length > 0) table.primaryKey = {columns: primaryKey}
  table.uniqueConstraints = [...inlineUnique, ...[...namedUnique].map(([key, columns]) => ({name: key, columns}))]
  table.indexes = indexesOf(model, context)
  // Before the dialect's rewrite: it turns MariaDB's unique constraints into unique indexes (named
  // after the constraint) and drops names sync() would not write, so only here is it still known
  // what the model itself named.
  const convention = context.namingConvention
  if (convention === undefined) {
    dialect.types.finishModelTable(table)
    return table
  }
  const named = applyNamingConvention(table, convention, dialect)
  dialect.types.finishModelTable(named, {keepConstraintNames: true})
  return named
}

function tableNameOf(tableName: string | {tableName: string; schema?: string}, dialect: Dialect): {name: string; schema?: string} {
  if (typeof tableName === 'string') return {name: tableName}
  const schema = dialect.schemas && tableName.schema && tableName.schema !== dialect.defaultSchema ? tableName.schema : undefined
  return {name: tableName.tableName, schema}
}

// Abstract types and default-value markers: never a column type.
const NO_COLUMN_TYPE = ['NUMBER', 'NOW', 'UUIDV1', 'UUIDV4']

/** Throws when the attribute's data type (or an array's element type) has no column type on the dialect. */
function refuseUnsupportedType(type: unknown, dialect: Dialect, where: () => string): void {
  for (let current: unknown = type; current instanceof DataTypes.ABSTRACT; current = (current as {type?: unknown}).type) {
    const key = current.key ?? ''
    if (NO_COLUMN_TYPE.includes(key)) {
      throw new AutogenerateError('TYPE_NOT_SUPPORTED',
        `${where()}: DataTypes.${key} is not a column type; use a concrete one (INTEGER, BIGINT, DECIMAL, DOUBLE, ...)`)
    }
    if (dialect.types.unsupportedDataTypes.includes(key)) {
      throw new AutogenerateError('TYPE_NOT_SUPPORTED',
        `${where()}: DataTypes.${key} has no column type on ${dialect.name}; use a type this database has, or leave the model out with autogenerate.excludeModels`)
    }
    if (key !== 'ARRAY') return
  }
}

/** The attribute's data type as the target's dialect has it (a copy: the model's stays untouched). */
function inDialect(type: unknown, context: Context): unknown {
  if (context.target === context.sequelize || !(type instanceof DataTypes.ABSTRACT)) return type
  const normalize = (value: unknown) => (context.target as unknown as {normalizeDataType(type: unknown): unknown}).normalizeDataType(value)
  // normalizeDataType replaces an array's element type in place.
  if (type instanceof DataTypes.ARRAY) return normalize(new DataTypes.ARRAY(inDialect((type as unknown as {type: unknown}).type, context) as DataTypes.AbstractDataType))
  return normalize(type)
}

function isVirtual(type: unknown): boolean {
  return (type as {key?: string} | undefined)?.key === 'VIRTUAL'
}

/** The type as Sequelize writes it into CREATE TABLE, or `undefined` when there is no usable one. */
function sqlTypeOf(type: unknown, generator: QueryGenerator): string | undefined {
  if (typeof type === 'string') return type.trim() || undefined
  if (!(type instanceof DataTypes.ABSTRACT) || type.key === 'ABSTRACT') return undefined
  try {
    const sql = (type as unknown as {toString(options: object): string}).toString({escape: generator.escape.bind(generator)})
    return typeof sql === 'string' && sql.trim() !== '' ? sql.trim() : undefined
  } catch {
    return undefined
  }
}

/** The server default `sync()` writes for the attribute; client-side defaults give `undefined`. */
function modelDefault(attribute: Attribute, type: ColumnType, context: Context): ColumnDefault | undefined {
  const value = attribute.defaultValue
  if (value === undefined || value === null || typeof value === 'function') return undefined
  // Sequelize fills these in JavaScript and never writes them into the table.
  if (value instanceof DataTypes.NOW || value instanceof DataTypes.UUIDV1 || value instanceof DataTypes.UUIDV4) return undefined
  if (value instanceof Utils.SequelizeMethod) {
    return context.dialect.types.parseDefault(context.generator.handleSequelizeMethod(value), type)
  }
  // Sequelize stores the JSON encoding of any value, a string included: compare that text.
  if (type.kind === 'json' || type.kind === 'jsonb') return {kind: 'literal', value: canonicalJson(value)}
  if (value instanceof Date || Buffer.isBuffer(value) || Array.isArray(value)) {
    return context.dialect.types.parseDefault(context.generator.escape(value, attribute), type)
  }
  if (typeof value === 'object') return {kind: 'literal', value: canonicalLiteral(canonicalJson(value), type)}
  return {kind: 'literal', value: canonicalLiteral(value, type)}
}

function foreignKeyOf(attribute: Attribute, column: string, table: TableSchema, context: Context): ForeignKeySchema | undefined {
  const references = typeof attribute.references === 'string' ? {model: attribute.references} : attribute.references
  if (!references?.model) return undefined
  let target = references.model as string | {tableName: string; schema?: string} | {getTableName(): unknown}
  if (typeof target === 'function' || (typeof target === 'object' && 'getTableName' in target)) {
    target = (target as {getTableName(): string | {tableName: string; schema?: string}}).getTableName()
  }
  const referenced = tableNameOf(target as string | {tableName: string; schema?: string}, context.dialect)
  // Like Sequelize's CREATE TABLE: a reference by bare name resolves in the referencing table's schema.
  const referencedSchema = typeof target === 'string' ? table.schema : referenced.schema
  return compact({
    columns: [column],
    referencedTable: referenced.name,
    referencedSchema,
    referencedColumns: [references.key ?? 'id'],
    onDelete: context.dialect.types.referentialAction(attribute.onDelete),
    onUpdate: context.dialect.types.referentialAction(attribute.onUpdate),
  })
}

function indexesOf(model: ModelStatic<Model>, context: Context): IndexSchema[] {
  const {dialect, generator} = context
  // `_indexes` holds `options.indexes` named by Sequelize, plus the GIN indexes of `index: true` JSONB attributes.
  const indexes = ((model as unknown as {_indexes?: IndexOption[]})._indexes ?? model.options.indexes ?? []) as IndexOption[]
  return indexes.map((index) => {
    const where = dialect.partialIndexes && index.where ? generator.whereQuery(index.where) : ''
    const using = dialect.indexMethods && index.using ? index.using.toLowerCase() : undefined
    return compact({
      name: index.name ?? '',
      columns: index.fields.map((field) => {
        if (typeof field === 'string') return {name: field}
        if (field instanceof Utils.SequelizeMethod) return {name: generator.handleSequelizeMethod(field)}
        const named = field as {name?: string; attribute?: string; order?: string}
        return compact({
          name: named.attribute ?? named.name ?? '',
          order: named.order?.toUpperCase() === 'DESC' ? 'DESC' as const : undefined,
        })
      }),
      unique: index.unique === true || index.type?.toUpperCase() === 'UNIQUE',
      where: where ? dialect.types.indexWhere(where) : undefined,
      using: using === 'btree' ? undefined : using,
    })
  })
}

function collectEnums(tables: Map<string, TableSchema>): Map<string, EnumTypeSchema> {
  const enums = new Map<string, EnumTypeSchema>()
  const add = (type: ColumnType | undefined) => {
    if (!type) return
    if (type.kind === 'array') add(type.element)
    if (type.kind !== 'enum' || !type.enumName) return
    const dot = type.enumName.lastIndexOf('.')
    enums.set(type.enumName, compact({
      name: dot < 0 ? type.enumName : type.enumName.slice(dot + 1),
      schema: dot < 0 ? undefined : type.enumName.slice(0, dot),
      values: type.values ?? [],
    }))
  }
  for (const table of tables.values()) for (const column of table.columns) add(column.type)
  return enums
}

function nonEmpty(text: unknown): string | undefined {
  return typeof text === 'string' && text !== '' ? text : undefined
}
