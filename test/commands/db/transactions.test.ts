/**
 * A revision that fails half way: on PostgreSQL and SQLite its transaction takes the DDL and the
 * record row back; on MariaDB, whose DDL commits as it runs, the row is not written, the error says
 * part of the revision may be applied, and later runs refuse until `db resolve` says how it ended.
 */
import {expect} from 'chai'
import type {Sequelize} from 'sequelize'

import {expectOneLineError, expectSuccess, lines} from '../../support/cli'
import {forEachDialect, type ScratchDatabase} from '../../support/databases'
import {createTable, dropTable, type Project, useDatabaseProject} from '../../support/project'
import {recordedIds, tableNames} from '../../support/schema'

const KEPT = '7a7a7a7a0001'
const HALF = '7b7b7b7b0002'

forEachDialect('a failing revision', (dialect) => {
  const transactionalDDL = dialect !== 'mariadb'
  let db: ScratchDatabase
  let sequelize: Sequelize
  let project: Project

  useDatabaseProject(dialect, async (made) => {
    ({db, sequelize, project} = made)
    project.writeRevision({
      revision: KEPT, message: 'create kept', up: createTable('kept'),
      down: `${dropTable('kept')}\n  throw new Error('boom in down')`,
    })
    project.writeRevision({
      revision: HALF, downRevision: KEPT, message: 'create half then fail',
      up: `${createTable('half')}\n  throw new Error('boom in up')`, down: dropTable('half'),
    })
  })

  it(`upgrade: the revisions before it stay applied; ${transactionalDDL ? 'neither its table nor its record row remains' : 'its record row is not written and the error warns the DDL may be partly applied'}`, async () => {
    const result = await project.run(['db', 'upgrade'])
    expect(lines(result.stdout).filter((line) => line.startsWith('Running'))).to.deep.equal([
      `Running upgrade <base> -> ${KEPT}, create kept`,
      `Running upgrade ${KEPT} -> ${HALF}, create half then fail`,
    ])
    const error = expectOneLineError(result, `Revision ${HALF} (create half then fail) failed during upgrade: boom in up`)
    expect(await recordedIds(sequelize)).to.deep.equal([KEPT])
    if (transactionalDDL) {
      expect(error).to.include('nothing of it was applied')
      expect(await tableNames(sequelize)).to.include('kept').and.not.include('half')
    } else {
      expect(error).to.include('part of it may be applied').and.include(`db resolve ${HALF} --rolled-back`)
      expect(await tableNames(sequelize)).to.include('kept').and.include('half')
      expectOneLineError(await project.run(['db', 'upgrade']), `Revision ${HALF} (create half then fail) started to upgrade`, 'never finished')
      await sequelize.getQueryInterface().dropTable('half')
      expect(expectSuccess(await project.run(['db', 'resolve', HALF, '--rolled-back']))).to.have.lengthOf(1)
    }
  })

  it('downgrade: a failing down keeps its record row', async () => {
    const result = await project.run(['db', 'downgrade', 'base'])
    const error = expectOneLineError(result, `Revision ${KEPT} (create kept) failed during downgrade: boom in down`)
    expect(await recordedIds(sequelize)).to.deep.equal([KEPT])
    if (transactionalDDL) {
      expect(error).to.include('nothing of it was applied')
      expect(await tableNames(sequelize)).to.include('kept')
    } else {
      expect(error).to.include('part of it may be applied')
      expect(await tableNames(sequelize)).to.not.include('kept')
    }
  })
})
