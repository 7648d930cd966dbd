/**
 * SQLite offline (`--sql`). The table rebuilds read the table's stored `CREATE TABLE`, its
 * indexes and triggers from `sqlite_master`; offline those reads are answered by a shadow: an
 * in-memory SQLite database that runs every statement the script writes, so it holds exactly the
 * schema the script has built so far (and none of the real rows). Reads of anything but the
 * catalog (`sqlite_master`, `PRAGMA`, `sqlite_version()`) are not answered.
 *
 * The script switches foreign-key enforcement off first, as the online run does for each revision.
 */
import type {QueryOptions, Sequelize} from 'sequelize'

import type {OfflineDialect} from '../dialect'

const CATALOG = /\b(sqlite_master|sqlite_schema|sqlite_temp_master|sqlite_version\s*\()/i
const OTHER_TABLE = /\b(?:FROM|JOIN)\s+(?!(?:sqlite_master|sqlite_schema|sqlite_temp_master)\b)/i

/** Whether a read touches the catalog only. */
export function isCatalogRead(sql: string): boolean {
  if (/^\s*PRAGMA\b/i.test(sql)) return !sql.includes('=')
  return /^\s*SELECT\b/i.test(sql) && CATALOG.test(sql) && !OTHER_TABLE.test(sql)
}

export const sqliteOffline: OfflineDialect = {
  preamble: ['PRAGMA foreign_keys = OFF;'],
  async hooks(sequelize) {
    const SequelizeClass = sequelize.constructor as new (options: object) => Sequelize
    const shadow = new SequelizeClass({dialect: 'sqlite', storage: ':memory:', logging: false, foreignKeys: false})
    return {
      async answer(sql: string, options: QueryOptions) {
        if (!isCatalogRead(sql)) return undefined
        return {result: await shadow.query(sql, {type: options.type, plain: options.plain, raw: true})}
      },
      async observe(sql: string) {
        await shadow.query(sql, {raw: true})
      },
      close: () => shadow.close(),
    }
  },
}
