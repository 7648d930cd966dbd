/**
 * MariaDB/MySQL offline (`--sql`). Three QueryInterface methods read the catalog online:
 * `removeColumn` looks up the foreign keys on the column to drop them first, `removeConstraint`
 * looks up whether the name is a foreign key (DROP FOREIGN KEY) or a key (DROP INDEX), and
 * `renameColumn` reads the column's definition to write `CHANGE`. Offline the foreign keys are
 * tracked from the script's own statements (with the names InnoDB gives unnamed ones,
 * `<table>_ibfk_<n>`), and `renameColumn` writes `RENAME COLUMN` (MariaDB 10.5.2, MySQL 8.0),
 * which keeps the column's definition as it is.
 */
import type {Sequelize} from 'sequelize'

import type {OfflineDialect} from '../dialect'

interface ForeignKey {
  name: string
  table: string
  columns: string[]
  referencedTable: string
  referencedColumns: string[]
}

interface MariadbGenerator {
  quoteTable(table: unknown): string
  quoteIdentifier(name: string): string
  dropForeignKeyQuery(table: unknown, name: string): string
  removeIndexQuery(table: unknown, name: string): string
  removeColumnQuery(table: unknown, column: string): string
}

const NAME = '`((?:[^`]|``)+)`'
const unquote = (name: string) => name.replace(/``/g, '`')
const names = (list: string) => [...list.matchAll(new RegExp(NAME, 'g'))].map((match) => unquote(match[1]))
const tableOf = (table: unknown) => (typeof table === 'string' ? table : (table as {tableName: string}).tableName)

/** The foreign keys the script's statements create and drop, by table. */
export class ForeignKeyTracker {
  readonly keys: ForeignKey[] = []

  /** Updates the keys from one statement; statements it does not recognize change nothing. */
  observe(sql: string): void {
    const head = new RegExp(`^\\s*(CREATE TABLE(?: IF NOT EXISTS)?|ALTER TABLE|DROP TABLE(?: IF EXISTS)?) ${NAME}`, 'i').exec(sql)
    if (!head) return
    const verb = head[1].toUpperCase()
    const table = unquote(head[2])
    if (verb.startsWith('DROP')) {
      this.remove((key) => key.table === table)
      return
    }
    const renamed = new RegExp(`^\\s*ALTER TABLE ${NAME} RENAME (?:TO )?${NAME}\\s*;?\\s*$`, 'i').exec(sql)
    if (renamed) {
      const to = unquote(renamed[2])
      for (const key of this.keys) {
        if (key.table === table) Object.assign(key, {table: to, name: key.name.replace(`${table}_ibfk_`, `${to}_ibfk_`)})
        if (key.referencedTable === table) key.referencedTable = to
      }
      return
    }
    for (const match of sql.matchAll(new RegExp(`DROP FOREIGN KEY ${NAME}`, 'gi'))) this.remove((key) => key.table === table && key.name === unquote(match[1]))
    for (const match of sql.matchAll(new RegExp(`(?:CHANGE(?: COLUMN)?|RENAME COLUMN) ${NAME} (?:TO )?${NAME}`, 'gi'))) {
      const [from, to] = [unquote(match[1]), unquote(match[2])]
      for (const key of this.keys) {
        if (key.table === table) key.columns = key.columns.map((column) => (column === from ? to : column))
        if (key.referencedTable === table) key.referencedColumns = key.referencedColumns.map((column) => (column === from ? to : column))
      }
    }
    const foreignKey = new RegExp(`(?:CONSTRAINT ${NAME} )?FOREIGN KEY \\(([^)]*)\\) REFERENCES ${NAME} \\(([^)]*)\\)`, 'gi')
    for (const match of sql.matchAll(foreignKey)) {
      this.keys.push({
        name: match[1] === undefined ? this.generatedName(table) : unquote(match[1]),
        table,
        columns: names(match[2]),
        referencedTable: unquote(match[3]),
        referencedColumns: names(match[4]),
      })
    }
  }

  /** InnoDB names an unnamed key `<table>_ibfk_<n>`, n one more than the highest such name. */
  private generatedName(table: string): string {
    const prefix = `${table}_ibfk_`
    const taken = this.keys.filter((key) => key.table === table && key.name.startsWith(prefix)).map((key) => Number(key.name.slice(prefix.length)))
    return `${prefix}${Math.max(0, ...taken.filter(Number.isFinite)) + 1}`
  }

  private remove(which: (key: ForeignKey) => boolean): void {
    for (let at = this.keys.length - 1; at >= 0; at--) if (which(this.keys[at])) this.keys.splice(at, 1)
  }
}

export const mariadbOffline: OfflineDialect = {
  preamble: [],
  async hooks() {
    const tracker = new ForeignKeyTracker()
    return {
      observe: async (sql) => tracker.observe(sql),
      patchQueryInterface(sequelize: Sequelize) {
        const queryInterface = sequelize.getQueryInterface()
        const generator = (queryInterface as unknown as {queryGenerator: MariadbGenerator}).queryGenerator
        Object.assign(queryInterface, {
          async removeColumn(table: unknown, column: string, options?: object) {
            const name = tableOf(table)
            const keys = tracker.keys.filter((key) => (key.table === name && key.columns.includes(column)) || (key.referencedTable === name && key.referencedColumns.includes(column)))
            for (const key of keys) await sequelize.query(generator.dropForeignKeyQuery(key.table, key.name), {raw: true, ...options})
            return sequelize.query(generator.removeColumnQuery(table, column), {raw: true, ...options})
          },
          removeConstraint(table: unknown, name: string, options?: object) {
            const foreign = tracker.keys.some((key) => key.table === tableOf(table) && key.name === name)
            return sequelize.query(foreign ? generator.dropForeignKeyQuery(table, name) : generator.removeIndexQuery(table, name), options)
          },
          renameColumn(table: unknown, before: string, after: string, options?: object) {
            const sql = `ALTER TABLE ${generator.quoteTable(table)} RENAME COLUMN ${generator.quoteIdentifier(before)} TO ${generator.quoteIdentifier(after)};`
            return sequelize.query(sql, options)
          },
        })
      },
    }
  },
}
