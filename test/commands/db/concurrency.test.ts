/**
 * Two `db upgrade` processes started at once against one database (replicas deploying together):
 * the migration lock makes one wait for the other, so each revision runs exactly once.
 * SQLite is a single file without a server lock, so only PostgreSQL and MariaDB are covered.
 */
import {expect} from 'chai'
import {QueryTypes, type Sequelize} from 'sequelize'

import {expectSuccess} from '../../support/cli'
import {forEachDialect, type ScratchDatabase} from '../../support/databases'
import {type Project, useDatabaseProject} from '../../support/project'
import {recordedIds} from '../../support/schema'

const K1 = 'cc00000000a1'
const K2 = 'cc00000000a2'
const K3 = 'cc00000000a3'

forEachDialect('concurrent upgrades', (dialect) => {
  let db: ScratchDatabase
  let sequelize: Sequelize
  let project: Project

  useDatabaseProject(dialect, async (made) => {
    ({db, sequelize, project} = made)
    // The sleep keeps the first process inside the revisions while the second one arrives.
    const sleep = dialect === 'postgres' ? 'SELECT pg_sleep(1)' : 'SELECT SLEEP(1)'
    const mark = (label: string) => `  await queryInterface.bulkInsert('marks', [{label: '${label}'}])`
    project.writeRevision({
      revision: K1, message: 'create marks',
      up: '  await queryInterface.createTable(\'marks\', {id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true}, label: DataTypes.STRING})',
      down: '  await queryInterface.dropTable(\'marks\')',
    })
    project.writeRevision({
      revision: K2, downRevision: K1, message: 'slow mark',
      up: `  await sequelize.query('${sleep}', {type: 'SELECT'})\n${mark(K2)}`,
    })
    project.writeRevision({revision: K3, downRevision: K2, message: 'quick mark', up: mark(K3)})
  })

  it('both exit 0 and each revision runs once', async () => {
    const results = await Promise.all([project.run(['db', 'upgrade']), project.run(['db', 'upgrade'])])
    const outputs = results.map((result) => expectSuccess(result))
    // the run that waited finds everything applied and says so
    expect(outputs.flat().filter((line) => line.startsWith('Already at head'))).to.deep.equal([`Already at head ${K3}`])
    const steps = outputs.flat().filter((line) => line.startsWith('Running upgrade'))
    expect(steps.sort()).to.deep.equal([
      `Running upgrade <base> -> ${K1}, create marks`,
      `Running upgrade ${K1} -> ${K2}, slow mark`,
      `Running upgrade ${K2} -> ${K3}, quick mark`,
    ])
    const marks = await sequelize.query<{label: string}>('SELECT label FROM marks', {type: QueryTypes.SELECT})
    expect(marks.map((row) => row.label).sort()).to.deep.equal([K2, K3])
    expect(await recordedIds(sequelize)).to.deep.equal([K1, K2, K3])
  })
}, ['postgres', 'mariadb'])
