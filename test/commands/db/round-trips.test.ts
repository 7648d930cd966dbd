/**
 * What a step of `db upgrade` costs in queries, beyond the revision's own: the same for every step
 * however long the record, and on PostgreSQL exactly four (START TRANSACTION; the section's lock
 * with the run lock's check and the record read; the record row; COMMIT). Counted through
 * Sequelize's logging, every query the run sends on the application's connections.
 */
import {readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'

import {expectSuccess} from '../../support/cli'
import {forEachDialect, useScratchDatabasePerTest} from '../../support/databases'
import {createProject, createTable, dropTable, type Project} from '../../support/project'

const REVISIONS = Array.from({length: 7}, (_, n) => `aa00000000b${n}`)

// Every query the run sends, one per line, into SM_QUERY_LOG.
const COUNTING_ENV = `import {appendFileSync} from 'node:fs'
import {Sequelize} from 'sequelize'
import {defineConfig} from 'sequelize-migrate'

export default defineConfig({
  sequelize: () => new Sequelize(process.env.DATABASE_URL as string, {
    logging: (sql: string) => appendFileSync(process.env.SM_QUERY_LOG as string, sql.replace(/\\s+/g, ' ') + '\\n'),
  }),
})
`

forEachDialect('queries a db upgrade step sends', (dialect) => {
  let project: Project
  let log: string

  useScratchDatabasePerTest(dialect, ({db}) => {
    project = createProject({databaseUrl: db.url})
    project.write('migrations/env.ts', COUNTING_ENV)
    REVISIONS.forEach((revision, n) => project.writeRevision({revision, downRevision: n === 0 ? null : REVISIONS[n - 1], message: `t${n}`, up: createTable(`t${n}`), down: dropTable(`t${n}`)}))
    log = join(project.root, 'queries.log')
  })
  afterEach(() => project.dispose())

  /** The queries of `db upgrade <target>`. */
  async function upgrade(target: string): Promise<string[]> {
    rmSync(log, {force: true})
    expectSuccess(await project.run(['db', 'upgrade', target], {env: {SM_QUERY_LOG: log}}))
    return readFileSync(log, 'utf8').trim().split('\n')
  }

  it('is the same for every step, whatever the record holds', async () => {
    await upgrade(REVISIONS[0])
    const one = await upgrade(REVISIONS[1])
    const four = await upgrade(REVISIONS[5])
    const perStep = (four.length - one.length) / 3
    expect(Number.isInteger(perStep), `${one.length} queries for one step, ${four.length} for four`).to.equal(true)
    // One more step costs what one step costs: nothing grows with the record.
    expect((await upgrade(REVISIONS[6])).length).to.equal(one.length)
    if (dialect === 'postgres') {
      // The revision's CREATE TABLE, plus four.
      expect(perStep, four.join('\n')).to.equal(5)
      expect(four.filter((sql) => /information_schema/i.test(sql)), 'a catalog view asked per step').to.have.length.below(2)
      // A record the read found as a prepare leaves it is not prepared again (no DDL, no describe).
      expect(four.filter((sql) => /SequelizeMeta/.test(sql) && /CREATE TABLE|ALTER TABLE|information_schema/i.test(sql))).to.deep.equal([])
    }
  })
})
