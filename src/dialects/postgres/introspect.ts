/**
 * Reads a PostgreSQL database into the canonical schema model with one catalog query (five lists:
 * tables, columns, constraints, indexes, enum types), whatever the number of tables.
 */
import {QueryTypes, type Sequelize, type Transaction} from 'sequelize'
import type {IntrospectOptions} from '../dialect'
import {compact, primaryKeyNotNull} from '../../schema/sql-text'
import {
  type ColumnType, type EnumTypeSchema, type SchemaDescription, type TableSchema, tableKey,
} from '../../schema/schema'
import {postgresTypes, postgresType, qualifiedName} from './types'

interface TableRow {schema: string; name: string; comment: string | null}
interface ColumnRow {
  schema: string; table: string; name: string; type: string; notNull: boolean; default: string | null
  identity: string; comment: string | null; typeType: string; typeSchema: string; typeName: string
  elementType: string | null; elementSchema: string | null; elementName: string | null
}
interface ConstraintRow {
  schema: string; table: string; name: string; type: 'p' | 'u' | 'f'; columns: string[]
  refSchema: string | null; refTable: string | null; refColumns: string[]; onDelete: string; onUpdate: string
}
interface IndexRow {
  schema: string; table: string; name: string; unique: boolean; method: string; where: string | null
  columns: string[]; descending: boolean[]
}
interface EnumRow {schema: string; name: string; values: string[]}

// Comments come from joins on pg_description and plain index columns from pg_attribute (quoted
// as pg_get_indexdef quotes them): obj_description, col_description and pg_get_indexdef run once
// per row and open each relation, which a fresh connection pays for table by table. pg_get_expr
// opens the table only to name the columns an expression refers to: a default refers to none, a
// generated column's expression may (its node tree then holds a {VAR node), so only that one is
// given the table (a third less server time for the column list of 500 tables).
const TABLES_SQL = `
SELECT n.nspname AS "schema", c.relname AS "name", ds.description AS "comment",
  row_number() OVER (ORDER BY n.nspname, c.relname) AS "n"
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = 0
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname IN (:schemas)
ORDER BY 1, 2`

const COLUMNS_SQL = `
SELECT n.nspname AS "schema", c.relname AS "table", a.attname AS "name",
  format_type(a.atttypid, a.atttypmod) AS "type", a.attnotnull AS "notNull",
  pg_get_expr(d.adbin, CASE WHEN d.adbin::text LIKE '%{VAR %' THEN d.adrelid ELSE 0 END) AS "default", a.attidentity::text AS "identity",
  ds.description AS "comment",
  t.typtype::text AS "typeType", tn.nspname AS "typeSchema", t.typname AS "typeName",
  et.typtype::text AS "elementType", etn.nspname AS "elementSchema", et.typname AS "elementName",
  row_number() OVER (ORDER BY n.nspname, c.relname, a.attnum) AS "n"
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_catalog.pg_namespace etn ON etn.oid = et.typnamespace
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = a.attnum
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
  AND n.nspname IN (:schemas)
ORDER BY n.nspname, c.relname, a.attnum`

const CONSTRAINTS_SQL = `
SELECT n.nspname AS "schema", c.relname AS "table", con.conname AS "name", con.contype::text AS "type",
  ARRAY(SELECT (SELECT a.attname::text FROM pg_catalog.pg_attribute a WHERE a.attrelid = con.conrelid AND a.attnum = k.num)
        FROM unnest(con.conkey) WITH ORDINALITY k(num, ord) ORDER BY k.ord) AS "columns",
  rn.nspname AS "refSchema", rc.relname AS "refTable",
  ARRAY(SELECT (SELECT a.attname::text FROM pg_catalog.pg_attribute a WHERE a.attrelid = con.confrelid AND a.attnum = k.num)
        FROM unnest(con.confkey) WITH ORDINALITY k(num, ord) ORDER BY k.ord) AS "refColumns",
  con.confdeltype::text AS "onDelete", con.confupdtype::text AS "onUpdate",
  row_number() OVER (ORDER BY n.nspname, c.relname, con.conname) AS "n"
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.contype IN ('p', 'u', 'f') AND n.nspname IN (:schemas)
ORDER BY 1, 2, 3`

const INDEXES_SQL = `
SELECT n.nspname AS "schema", t.relname AS "table", i.relname AS "name", ix.indisunique AS "unique",
  am.amname AS "method", pg_get_expr(ix.indpred, ix.indrelid, true) AS "where",
  ARRAY(SELECT CASE WHEN ix.indkey[k - 1] <> 0
                 THEN (SELECT quote_ident(a.attname) FROM pg_catalog.pg_attribute a WHERE a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k - 1])
                 ELSE pg_get_indexdef(ix.indexrelid, k, true) END
        FROM generate_series(1, ix.indnkeyatts) k ORDER BY k) AS "columns",
  ARRAY(SELECT (ix.indoption[k - 1] & 1) = 1 FROM generate_series(1, ix.indnkeyatts) k ORDER BY k) AS "descending",
  row_number() OVER (ORDER BY n.nspname, t.relname, i.relname) AS "n"
FROM pg_catalog.pg_index ix
JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
JOIN pg_catalog.pg_class t ON t.oid = ix.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = i.relam
WHERE t.relkind IN ('r', 'p') AND n.nspname IN (:schemas)
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                  WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY 1, 2, 3`

// All enum types, not only those of the read schemas: a column may use a type from elsewhere.
const ENUMS_SQL = `
SELECT n.nspname AS "schema", t.typname AS "name",
  ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS "values",
  row_number() OVER (ORDER BY n.nspname, t.typname) AS "n"
FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e'
ORDER BY 1, 2`

// One round trip: each list comes back as one JSON array per field, which JSON.parse reads at a
// fraction of the cost of the driver's row-by-row parsing (text arrays above all), and the five
// lists come from one snapshot. Per field rather than per row: json_agg of a whole row looks up how
// to print each field again for every row (a fifth of the server's time). The fields of a list are
// aggregated in one pass over its query, so they stay aligned. That the rows also come in the
// query's order is what PostgreSQL usually does with a sorted subquery, not what it promises: each
// list numbers its rows in its order ("n", row_number over the ORDER BY's keys), and a list that
// came otherwise is sorted back by that number.
const LISTS = {
  tables: {sql: TABLES_SQL, fields: ['schema', 'name', 'comment']},
  columns: {
    sql: COLUMNS_SQL,
    fields: ['schema', 'table', 'name', 'type', 'notNull', 'default', 'identity', 'comment', 'typeType', 'typeSchema', 'typeName', 'elementType', 'elementSchema', 'elementName'],
  },
  constraints: {sql: CONSTRAINTS_SQL, fields: ['schema', 'table', 'name', 'type', 'columns', 'refSchema', 'refTable', 'refColumns', 'onDelete', 'onUpdate']},
  indexes: {sql: INDEXES_SQL, fields: ['schema', 'table', 'name', 'unique', 'method', 'where', 'columns', 'descending']},
  enums: {sql: ENUMS_SQL, fields: ['schema', 'name', 'values']},
} satisfies {[list in keyof Catalog]: {sql: string; fields: Array<keyof Catalog[list][number]>}}

interface Catalog {
  tables: TableRow[]; columns: ColumnRow[]; constraints: ConstraintRow[]; indexes: IndexRow[]; enums: EnumRow[]
}

const CATALOG_SQL = `SELECT\n${Object.entries(LISTS).map(([list, {sql, fields}]) =>
  `(SELECT json_build_array(${['n', ...fields].map((field) => `coalesce(json_agg(r."${field}"), '[]')`).join(', ')})\nFROM (${sql}) r) AS "${list}"`).join(',\n')}`

/**
 * The rows of a list read field by field, in the list's order: `values[0]` numbers the rows in
 * that order, and `fields[i]` of the row numbered `values[0][k]` is `values[i + 1][k]`.
 */
export function rowsOf<T>(fields: readonly string[], values: unknown[][]): T[] {
  const [numbers, ...columns] = values as [number[], ...unknown[][]]
  const rows = numbers.map((_, k) => {
    const row: Record<string, unknown> = {}
    fields.forEach((field, i) => { row[field] = columns[i][k] })
    return row as T
  })
  if (numbers.every((number, k) => k === 0 || numbers[k - 1] < number)) return rows
  const order = numbers.map((number, k) => [number, k]).sort((a, b) => a[0] - b[0])
  return order.map(([, k]) => rows[k])
}

// The parts of Sequelize's connection manager (public in practice, untyped in v6) that lend a
// connection out of its pool and take it back or destroy it.
interface ConnectionManager {
  getConnection(options: {type: string}): Promise<object>
  releaseConnection(connection: object): void
  destroyConnection(connection: object): Promise<void>
}

/**
 * Runs the catalog query. With a signal (outside any transaction) it runs on a connection lent to it
 * alone, which an abort destroys: node-postgres then drops the socket of its running query at once,
 * the query rejects, and the pool no longer counts the connection as in use, so `sequelize.close()`
 * does not wait for the query either. The connection rides in as `{connection}`, the stand-in for a
 * transaction Sequelize itself passes to read the server version on a connection of its own.
 */
async function readCatalog(sequelize: Sequelize, schemas: string[], {transaction, signal}: IntrospectOptions): Promise<Record<keyof Catalog, unknown[][]>> {
  const query = async (on: unknown) => (await sequelize.query<Record<keyof Catalog, unknown[][]>>(CATALOG_SQL, {
    type: QueryTypes.SELECT, replacements: {schemas}, transaction: on as Transaction | undefined,
  }))[0]
  // Inside a transaction, given or the ambient one of a CLS namespace (a test wrapped in one), the
  // catalog is read in it, as it sees what that transaction has done.
  const ambient = (sequelize.constructor as unknown as {_cls?: {get(key: string): unknown}})._cls?.get('transaction')
  if (!signal || transaction || ambient) return query(transaction)
  signal.throwIfAborted()
  const manager = sequelize.connectionManager as unknown as ConnectionManager
  const connection = await manager.getConnection({type: 'SELECT'})
  if (signal.aborted) {
    manager.releaseConnection(connection)
    throw signal.reason
  }
  let destroyed: Promise<void> | undefined
  const abort = () => { destroyed = manager.destroyConnection(connection) }
  signal.addEventListener('abort', abort, {once: true})
  try {
    return await query({connection})
  } catch (error) {
    throw signal.aborted ? signal.reason : error
  } finally {
    signal.removeEventListener('abort', abort)
    if (destroyed) await destroyed.catch(() => undefined)
    else manager.releaseConnection(connection)
  }
}

const actions: Record<string, string> = {a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT'}

/**
 * Reads the tables, columns, keys, indexes and enum types of the given schemas.
 *
 * @example
 * const schema = await introspectPostgres(sequelize, {schemas: ['public', 'shop'], versionTable: 'sequelize_migrate'})
 */
export async function introspectPostgres(sequelize: Sequelize, options: IntrospectOptions): Promise<SchemaDescription> {
  const schemas = options.schemas?.length ? options.schemas : ['public']
  options.onQuery?.(CATALOG_SQL)
  const catalog = await readCatalog(sequelize, schemas, options)
  const tableRows = rowsOf<TableRow>(LISTS.tables.fields, catalog.tables)
  const columnRows = rowsOf<ColumnRow>(LISTS.columns.fields, catalog.columns)
  const constraintRows = rowsOf<ConstraintRow>(LISTS.constraints.fields, catalog.constraints)
  const indexRows = rowsOf<IndexRow>(LISTS.indexes.fields, catalog.indexes)
  const enumRows = rowsOf<EnumRow>(LISTS.enums.fields, catalog.enums)

  const schemaOf = (schema: string | null) => (schema && schema !== 'public' ? schema : undefined)
  const keyOf = (schema: string, name: string) => tableKey({name, schema: schemaOf(schema)})
  const isVersionTable = (schema: string, name: string) => options.versionTable === `${schema}.${name}`
    || (schema === 'public' && name === options.versionTable)

  const tables = new Map<string, TableSchema>()
  for (const row of tableRows) {
    if (isVersionTable(row.schema, row.name)) continue
    tables.set(keyOf(row.schema, row.name), compact({
      name: row.name, schema: schemaOf(row.schema), columns: [], uniqueConstraints: [], indexes: [], foreignKeys: [],
      comment: row.comment ?? undefined,
    }))
  }

  const enumValues = new Map(enumRows.map((row) => [qualifiedName(row.name, row.schema), row.values]))
  const enums = new Map<string, EnumTypeSchema>()
  for (const row of enumRows) {
    if (!schemas.includes(row.schema)) continue
    const key = qualifiedName(row.name, row.schema)
    enums.set(key, compact({name: row.name, schema: schemaOf(row.schema), values: row.values}))
  }

  for (const row of columnRows) {
    const table = tables.get(keyOf(row.schema, row.table))
    if (!table) continue
    const type = columnType(row, enumValues)
    const identity = row.identity === 'a' || row.identity === 'd'
    const serial = /^nextval\(/i.test(row.default ?? '')
    table.columns.push(compact({
      name: row.name,
      type,
      nullable: !row.notNull,
      default: row.default === null ? undefined : postgresTypes.parseDefault(row.default, type),
      autoIncrement: identity || serial,
      comment: row.comment ?? undefined,
    }))
  }

  for (const row of constraintRows) {
    const table = tables.get(keyOf(row.schema, row.table))
    if (!table) continue
    if (row.type === 'p') {
      table.primaryKey = {name: row.name, columns: row.columns}
    } else if (row.type === 'u') {
      table.uniqueConstraints.push({name: row.name, columns: row.columns})
    } else {
      table.foreignKeys.push(compact({
        name: row.name,
        columns: row.columns,
        referencedTable: row.refTable ?? '',
        referencedSchema: schemaOf(row.refSchema),
        referencedColumns: row.refColumns,
        onDelete: postgresTypes.referentialAction(actions[row.onDelete]),
        onUpdate: postgresTypes.referentialAction(actions[row.onUpdate]),
      }))
    }
  }

  for (const row of indexRows) {
    const table = tables.get(keyOf(row.schema, row.table))
    if (!table) continue
    table.indexes.push(compact({
      name: row.name,
      columns: row.columns.map((column, position) =>
        compact({name: unquoteIdentifier(column), order: row.descending[position] ? 'DESC' as const : undefined})),
      unique: row.unique,
      where: row.where === null ? undefined : postgresTypes.indexWhere(row.where),
      using: row.method === 'btree' ? undefined : row.method,
    }))
  }

  for (const table of tables.values()) primaryKeyNotNull(table)
  return {dialect: 'postgres', tables, enums}
}

function columnType(row: ColumnRow, enumValues: Map<string, string[]>): ColumnType {
  const enumType = (schema: string, name: string): ColumnType => {
    const enumName = qualifiedName(name, schema)
    return {kind: 'enum', values: enumValues.get(enumName) ?? [], enumName}
  }
  if (row.typeType === 'e') return {...enumType(row.typeSchema, row.typeName), raw: row.type}
  if (row.elementType === 'e' && row.elementSchema && row.elementName) {
    return {kind: 'array', element: enumType(row.elementSchema, row.elementName), raw: row.type}
  }
  return postgresType(row.type)
}

/** `"deletedAt"` → `deletedAt`; expressions stay as PostgreSQL prints them. */
function unquoteIdentifier(text: string): string {
  const match = /^"((?:[^"]|"")*)"$/.exec(text)
  return match ? match[1].replace(/""/g, '"') : text
}

export {introspectPostgres as introspect}
