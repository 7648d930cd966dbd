/**
 * Hand-built schema descriptions for autogenerate unit tests.
 */
import {compareSchemas, type CompareOptions, type CompareResult} from '../../src/autogenerate/compare'
import {dialectNamed} from '../../src/dialects'
import {
  ColumnSchema, ColumnType, EnumTypeSchema, ForeignKeySchema, IndexSchema, SchemaDescription, TableSchema,
  tableKey, TypeKind,
} from '../../src/schema/schema'

/** A schema description of `tables` (and PostgreSQL `enums`). */
export function schema(dialect: string, tables: TableSchema[], enums: EnumTypeSchema[] = []): SchemaDescription {
  return {
    dialect,
    tables: new Map(tables.map((table) => [tableKey(table), table])),
    enums: new Map(enums.map((enumType) => [tableKey(enumType), enumType])),
  }
}

/** {@link compareSchemas} on the dialect the schemas name. */
export function compareOn(from: SchemaDescription, to: SchemaDescription, options?: CompareOptions): CompareResult {
  return compareSchemas(from, to, dialectNamed(to.dialect), options)
}

/** A table; the primary key is `id` when a column of that name exists and `extra` gives none. */
export function table(name: string, columns: ColumnSchema[], extra: Partial<TableSchema> = {}): TableSchema {
  const hasId = columns.some((candidate) => candidate.name === 'id')
  return {
    name,
    columns,
    ...(hasId ? {primaryKey: {columns: ['id']}} : {}),
    uniqueConstraints: [],
    indexes: [],
    foreignKeys: [],
    ...extra,
  }
}

/** A nullable column without default unless `extra` says otherwise. */
export function column(name: string, type: TypeKind | ColumnType, extra: Partial<ColumnSchema> = {}): ColumnSchema {
  return {name, type: typeof type === 'string' ? {kind: type} : type, nullable: true, autoIncrement: false, ...extra}
}

/** `id INTEGER NOT NULL AUTO_INCREMENT`. */
export function id(): ColumnSchema {
  return column('id', 'integer', {nullable: false, autoIncrement: true})
}

/** `VARCHAR(length)`. */
export function varchar(name: string, length = 255, extra: Partial<ColumnSchema> = {}): ColumnSchema {
  return column(name, {kind: 'string', length}, extra)
}

/** A foreign key from `columns` to `referencedTable(id)`. */
export function fk(columns: string | string[], referencedTable: string, extra: Partial<ForeignKeySchema> = {}): ForeignKeySchema {
  return {columns: typeof columns === 'string' ? [columns] : columns, referencedTable, referencedColumns: ['id'], ...extra}
}

/** An ascending, non-unique index. */
export function index(name: string, columns: string[], extra: Partial<IndexSchema> = {}): IndexSchema {
  return {name, columns: columns.map((columnName) => ({name: columnName})), unique: false, ...extra}
}

/**
 * A plain, order-independent view of a schema for deep equality: maps become sorted arrays,
 * columns, constraints and enum values are sorted, `undefined` fields disappear.
 */
export function normalize(description: SchemaDescription): unknown {
  const sortBy = <T>(list: T[], key: (item: T) => string) => [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
  const tables = sortBy([...description.tables.values()], tableKey).map((entry) => ({
    ...entry,
    columns: sortBy(entry.columns, (item) => item.name),
    indexes: sortBy(entry.indexes, (item) => item.name),
    uniqueConstraints: sortBy(entry.uniqueConstraints, (item) => JSON.stringify(item)),
    foreignKeys: sortBy(entry.foreignKeys, (item) => JSON.stringify(item)),
  }))
  const enums = sortBy([...description.enums.values()], tableKey)
  // Enum values are a set to autogenerate: their order is not compared.
  return JSON.parse(JSON.stringify({dialect: description.dialect, tables, enums}, (key, value: unknown) =>
    (key === 'values' && Array.isArray(value) ? [...value].sort() : value)))
}
