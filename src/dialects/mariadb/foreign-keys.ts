/**
 * MariaDB's render hook: InnoDB keeps the index it made for a foreign key when the key is dropped.
 */
import type {OwnStatements, RenderKit} from '../dialect'
import {portableForeignKeyName} from '../../schema/naming'
import type {Op} from '../../schema/ops'

/**
 * A revision generated on a database without such indexes (the key carries no `index`) drops the
 * index InnoDB made for a key the revisions created: it is named after the key. `IF EXISTS`: a key
 * created otherwise may use another index, which stays.
 */
export function renderMariadbOp(op: Op, _ops: readonly Op[], kit: RenderKit): OwnStatements | undefined {
  if (op.kind !== 'dropForeignKey' || op.foreignKey.index !== undefined) return undefined
  const name = portableForeignKeyName(op.table, op.foreignKey.columns, op.foreignKey.referencedTable)
  return {after: [kit.query(`ALTER TABLE ${kit.sqlName(op.table)} DROP INDEX IF EXISTS ${kit.sqlName(name)}`)]}
}
