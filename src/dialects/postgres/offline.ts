/**
 * PostgreSQL offline (`--sql`): two QueryInterface methods read the catalog online. `createTable`
 * asks whether each ENUM column's type exists before creating it; offline it always writes
 * Sequelize's own `CREATE TYPE` guarded by `EXCEPTION WHEN duplicate_object` (what `addColumn`
 * writes online), so the server decides. `renameColumn` reads the column only to check it exists;
 * offline the `RENAME COLUMN` itself fails on the server when it does not.
 */
import type {Sequelize} from 'sequelize'

import type {OfflineDialect} from '../dialect'

interface PostgresGenerator {
  pgEnum(table: unknown, field: string, type: unknown, options?: object): string
  renameColumnQuery(table: unknown, before: string, attributes: Record<string, string>): string
}

interface Attribute {
  type: {key?: string; type?: {key?: string}}
  field?: string
}

function isEnum(type: Attribute['type']): boolean {
  return type?.key === 'ENUM' || (type?.key === 'ARRAY' && type.type?.key === 'ENUM')
}

export const postgresOffline: OfflineDialect = {
  preamble: [],
  async hooks() {
    return {
      patchQueryInterface(sequelize: Sequelize) {
        const queryInterface = sequelize.getQueryInterface()
        const generator = (queryInterface as unknown as {queryGenerator: PostgresGenerator}).queryGenerator
        Object.assign(queryInterface, {
          async ensureEnums(table: unknown, attributes: Record<string, Attribute>, options: object) {
            for (const [key, attribute] of Object.entries(attributes)) {
              if (!isEnum(attribute.type)) continue
              const type = attribute.type.key === 'ARRAY' ? attribute.type.type : attribute.type
              await sequelize.query(generator.pgEnum(table, attribute.field ?? key, type, options), {...options, raw: true})
            }
          },
          renameColumn(table: unknown, before: string, after: string, options?: object) {
            return sequelize.query(generator.renameColumnQuery(table, before, {[after]: ''}), options)
          },
        })
      },
    }
  },
}
