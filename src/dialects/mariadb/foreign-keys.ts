/**
 * MariaDB's render hook: InnoDB keeps the index it made for a foreign key when the key is dropped.
 */
import type {OwnStatements, RenderKit} from '../dialect'
import {portableForeignKeyName} from '../../schema/naming'
import type {Op} from '../../schema/ops'

/**
 * A revision generated on a database without such indexes (the key carries no `index`) drops the
 * index InnoDB made for the key: named after the key for one a revision created (under the
 * portable name), after its first column for one the database named (`sync()` declares keys
 * inline) or after the key if this revision's down added it again. `IF EXISTS`: a key created
 * otherwise may use another index, which stays.
 */
export function renderMariadbOp(op: Op, _ops: readonly Op[], kit: RenderKit): OwnStatements | undefined {
  if (op.kind !== 'dropForeignKey' || op.foreignKey.index !== undefined) return undefined
  const portable = portableForeignKeyName(op.table, op.foreignKey.columns, op.foreignKey.referencedTable)
  // A key the database named may also be one this revision's down added again, under that name.
  const names = op.foreignKey.name === portable ? [portable] : [...new Set([op.foreignKey.columns[0], op.foreignKey.name ?? portable])]
  return {after: [kit.query(`ALTER TABLE ${kit.sqlName(op.table)} ${names.map((name) => `DROP INDEX IF EXISTS ${kit.sqlName(name)}`).join(', ')}`)]}
}
