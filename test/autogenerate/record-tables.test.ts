/**
 * The tables that record migrations are never compared: moving the version table does not make
 * autogenerate propose dropping sequelize-cli's SequelizeMeta, nor creating the new one.
 */
import {expect} from 'chai'

import {compareWithSettings, recordTableKeys} from '../../src/autogenerate/autogenerate'
import {describeOp} from '../../src/autogenerate/ops'
import {dialectNamed} from '../../src/dialects'
import {id, schema, table, varchar} from './builders'

const meta = (name: string) => table(name, [varchar('name', 255, {nullable: false})], {primaryKey: {columns: ['name']}})

describe('record tables in autogenerate', () => {
  const users = table('users', [id(), varchar('email')])

  it('a moved version table: SequelizeMeta and the new table are both left alone', () => {
    const database = schema('postgres', [users, meta('SequelizeMeta'), meta('sm_versions')])
    const models = schema('postgres', [users])
    const {ops} = compareWithSettings(database, models, dialectNamed('postgres'), {versionTable: {tableName: 'sm_versions', columnName: 'name'}})
    expect(ops.map(describeOp)).to.deep.equal([])
  })

  it('sequelize-cli table named in env is left alone too, whichever side has it', () => {
    const versionTable = {tableName: 'SequelizeMeta', columnName: 'name'}
    const recordTables = [{tableName: 'migrations_log', columnName: 'name'}]
    const {ops} = compareWithSettings(schema('sqlite', [users]), schema('sqlite', [users, meta('migrations_log')]), dialectNamed('sqlite'), {versionTable, recordTables})
    expect(ops).to.deep.equal([])
    expect(recordTableKeys(versionTable, recordTables)).to.deep.equal(['SequelizeMeta', 'SequelizeMeta_progress', 'migrations_log'])
  })

  it('a schema-qualified version table keeps its key, its side table of started revisions beside it', () => {
    expect(recordTableKeys({tableName: 'versions', columnName: 'name', schema: 'ops'})).to.deep.equal(['ops.versions', 'ops.versions_progress', 'SequelizeMeta'])
  })
})
