/**
 * Faults a deploy meets, injected with real processes and servers: replicas upgrading at once, a
 * run killed in a revision, the lock's session terminated from outside, an edited or deleted
 * applied revision, a lock held too long. Each test waits for states (a file the revision writes,
 * a line the run prints), never for time.
 */
import {existsSync, unlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import {QueryTypes, type Sequelize} from 'sequelize'

import {type CliResult, expectOneLineError, expectSuccess, lines, startCli, type StartedCli} from '../../support/cli'
import {createScratchDatabase, forEachDialect, type ScratchDatabase, type TestDialect} from '../../support/databases'
import {createProject, type Project} from '../../support/project'
import {recordedIds, tableNames} from '../../support/schema'

const R1 = 'dd00000000a1'
const R2 = 'dd00000000a2'
const R3 = 'dd00000000a3'
const RUN_LOCK = 'sequelize-migrate:SequelizeMeta'

// R2 inserts its mark, says so in SM_REACHED, then waits for the file SM_GATE (when set).
const SLOW_MARK = `  await queryInterface.bulkInsert('marks', [{label: '${R2}'}])
  const fs = require('node:fs')
  if (process.env.SM_REACHED) fs.writeFileSync(process.env.SM_REACHED, '')
  while (process.env.SM_GATE && !fs.existsSync(process.env.SM_GATE)) await new Promise((resolve) => setTimeout(resolve, 25))`

function writeRevisions(project: Project): void {
  project.writeRevision({
    revision: R1, message: 'create marks', extension: '.js',
    up: '  await queryInterface.createTable(\'marks\', {id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true}, label: DataTypes.STRING})',
    down: '  await queryInterface.dropTable(\'marks\')',
  })
  project.writeRevision({revision: R2, downRevision: R1, message: 'slow mark', extension: '.js', up: SLOW_MARK, down: `  await queryInterface.bulkDelete('marks', {label: '${R2}'})`})
  project.writeRevision({
    revision: R3, downRevision: R2, message: 'quick mark', extension: '.js',
    up: `  await queryInterface.bulkInsert('marks', [{label: '${R3}'}])`, down: `  await queryInterface.bulkDelete('marks', {label: '${R3}'})`,
  })
}

async function marks(sequelize: Sequelize): Promise<string[]> {
  const rows = await sequelize.query<{label: string}>('SELECT label FROM marks', {type: QueryTypes.SELECT})
  return rows.map((row) => row.label).sort()
}

async function until(condition: () => boolean | Promise<boolean>, what: string, run?: StartedCli): Promise<void> {
  for (let tries = 0; !(await condition()); tries++) {
    if (tries > 4000) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(run?.output())}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

forEachDialect('deploy safety', (dialect: TestDialect) => {
  let db: ScratchDatabase
  let sequelize: Sequelize
  let project: Project
  let gate: string
  let reached: string

  const start = (args: string[], env: Record<string, string> = {}) => startCli(['db', ...args], {cwd: project.root, env: {...project.env, ...env}})
  const slow = () => ({SM_GATE: gate, SM_REACHED: reached})

  beforeEach(async () => {
    db = await createScratchDatabase(dialect)
    sequelize = db.connect()
    project = createProject({databaseUrl: db.url})
    writeRevisions(project)
    gate = join(project.root, 'gate')
    reached = join(project.root, 'reached')
  })
  afterEach(async () => {
    if (!existsSync(gate)) writeFileSync(gate, '')
    await sequelize.close()
    await db.drop()
    project.dispose()
  })

  it('10 upgrades at once: all succeed, each revision runs once', async function () {
    // Ten CLI processes on a shared two-core machine: more than the suite's default allows.
    this.timeout(300_000)
    const runs = Array.from({length: 10}, () => start(['upgrade']))
    const results = await Promise.all(runs.map((run) => run.done))
    // The runs that found nothing left say so; the steps are the Running lines.
    const outputs = results.map((result) => expectSuccess(result))
    for (const output of outputs.filter((lines) => !lines.some((line) => line.startsWith('Running ')))) expect(output).to.deep.equal([`Already at head ${R3}`])
    const steps = outputs.flat().filter((line) => line.startsWith('Running '))
    expect(steps.sort()).to.deep.equal([`Running upgrade <base> -> ${R1}, create marks`, `Running upgrade ${R1} -> ${R2}, slow mark`, `Running upgrade ${R2} -> ${R3}, quick mark`])
    expect(await marks(sequelize)).to.deep.equal([R2, R3])
    expect(await recordedIds(sequelize)).to.deep.equal([R1, R2, R3])
  })

  it('kill -9 in a revision, then upgrade again: nothing runs twice', async () => {
    const run = start(['upgrade'], slow())
    await until(() => existsSync(reached), 'the revision to start', run)
    run.child.kill('SIGKILL')
    await run.done
    if (dialect === 'mariadb') {
      // Its DDL and rows committed as they ran: the run refuses until told how R2 ended.
      expectOneLineError(await project.run(['db', 'upgrade']), `Revision ${R2} (slow mark) started to upgrade`, 'never finished', `db resolve ${R2} --applied`)
      expect(await marks(sequelize)).to.deep.equal([R2])
      expectSuccess(await project.run(['db', 'resolve', R2, '--applied']))
      expect(expectSuccess(await project.run(['db', 'upgrade']))).to.deep.equal([`Running upgrade ${R2} -> ${R3}, quick mark`])
    } else {
      // Its transaction died with it: R2 runs again, from scratch.
      expect(expectSuccess(await project.run(['db', 'upgrade']))).to.deep.equal([`Running upgrade ${R1} -> ${R2}, slow mark`, `Running upgrade ${R2} -> ${R3}, quick mark`])
    }
    expect(await marks(sequelize)).to.deep.equal([R2, R3])
    expect(await recordedIds(sequelize)).to.deep.equal([R1, R2, R3])
  })

  it('an edited or deleted applied revision stops upgrade and downgrade until dealt with', async function () {
    this.timeout(300_000)
    // A fresh database and an unknown target: refused, and nothing written.
    expectOneLineError(await project.run(['db', 'upgrade', 'zzzz9999']), 'zzzz9999')
    expect(await tableNames(sequelize)).to.deep.equal([])
    // A record as sequelize-cli leaves it (no checksum column): adopted without complaint.
    await sequelize.getQueryInterface().createTable('SequelizeMeta', {name: {type: 'VARCHAR(255)', allowNull: false, primaryKey: true}})
    expectSuccess(await project.run(['db', 'upgrade', R1]))
    expectSuccess(await project.run(['db', 'upgrade']))

    const file = project.versionFiles()
    const r1File = Object.keys(file).find((name) => name.startsWith(R1)) as string
    writeFileSync(join(project.versions, r1File), `${file[r1File]}// edited after it was applied\n`)
    for (const verb of ['upgrade', 'downgrade']) {
      expectOneLineError(await project.run(['db', verb]), R1, 'changed since they were applied', `db accept ${R1}`)
    }
    expect(expectSuccess(await project.run(['db', 'current']))).to.deep.equal([`${R3} (head)`, `${R1} (changed since applied: see db accept)`])
    expect(expectSuccess(await project.run(['db', 'history', '-i']))[2]).to.include('(changed since applied)')
    expect(expectSuccess(await project.run(['db', 'accept', R1]))).to.deep.equal([`Accepted the current file of ${R1}`])
    expectSuccess(await project.run(['db', 'downgrade']))

    // R3 goes too: a graph with a missing parent would not load at all.
    for (const name of Object.keys(file).filter((name) => name.startsWith(R2) || name.startsWith(R3))) unlinkSync(join(project.versions, name))
    expectOneLineError(await project.run(['db', 'upgrade']), R2, 'no file')
    expect(await recordedIds(sequelize)).to.deep.equal([R1, R2])
  })

  it('--lock-timeout: waits visibly, then gives up with one line and nothing run', async () => {
    expectSuccess(await project.run(['db', 'upgrade', R1]))
    let result: CliResult | undefined
    await sequelize.transaction(async (transaction) => {
      const hold = {postgres: `SELECT pg_advisory_xact_lock(hashtext('${RUN_LOCK}'))`, mariadb: `SELECT GET_LOCK(SHA1(CONCAT(DATABASE(), '.', '${RUN_LOCK}')), 0)`, sqlite: 'DELETE FROM SequelizeMeta WHERE 0'}[dialect]
      await sequelize.query(hold, {transaction})
      result = await project.run(['db', 'upgrade', '--lock-timeout', '2'])
      if (dialect === 'mariadb') await sequelize.query(`SELECT RELEASE_LOCK(SHA1(CONCAT(DATABASE(), '.', '${RUN_LOCK}')))`, {transaction})
    })
    const errors = lines(result!.stderr).filter((line) => !line.startsWith('Database: '))
    expect(result!.code).to.not.equal(0)
    expect(errors[0]).to.match(/^Waiting for the migration lock/)
    if (dialect !== 'sqlite') expect(errors[0]).to.match(/held by (pid|connection) \d+/)
    expect(errors.at(-1)).to.match(/^Error: Gave up waiting for .* after 2 s.*nothing was run/)
    expect(await recordedIds(sequelize)).to.deep.equal([R1])
  })

  if (dialect !== 'sqlite') {
    it('the lock\'s session terminated mid-run while a second upgrade starts: nothing runs twice', async () => {
      const first = start(['upgrade'], slow())
      await until(() => existsSync(reached), 'the revision to start', first)
      const holder = dialect === 'postgres'
        ? `SELECT pid AS id FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND objid = (hashtext('${RUN_LOCK}')::bigint & 4294967295)::oid AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`
        : `SELECT IS_USED_LOCK(SHA1(CONCAT(DATABASE(), '.', '${RUN_LOCK}'))) AS id`
      const [{id}] = await sequelize.query<{id: number}>(holder, {type: QueryTypes.SELECT})
      await sequelize.query(dialect === 'postgres' ? `SELECT pg_terminate_backend(${id})` : `KILL ${id}`)
      const second = start(['upgrade'])
      if (dialect === 'postgres') await until(() => second.output().stderr.includes('Waiting for the migration lock'), 'the second run to wait for R2', second)
      else await second.done
      writeFileSync(gate, '')
      const [one, two] = [await first.done, await second.done]
      expectOneLineError(one, 'Lost the migration lock', `stopped before applying ${R3}`)
      if (dialect === 'postgres') {
        // The second run waited for R2's transaction, found it applied, and went on with R3.
        expect(expectSuccess(two)).to.deep.equal([`Running upgrade ${R2} -> ${R3}, quick mark`])
      } else {
        // The second run found R2 started by another run and refused to touch it.
        expectOneLineError(two, `Revision ${R2} (slow mark) started to upgrade`)
        expect(expectSuccess(await project.run(['db', 'upgrade']))).to.deep.equal([`Running upgrade ${R2} -> ${R3}, quick mark`])
      }
      expect(await marks(sequelize)).to.deep.equal([R2, R3])
      expect(await recordedIds(sequelize)).to.deep.equal([R1, R2, R3])
    })
  }

  if (dialect === 'sqlite') {
    it('an upgrade and a downgrade at once leave a consistent record', async () => {
      expectSuccess(await project.run(['db', 'upgrade', R2]))
      const [up, down] = await Promise.all([start(['upgrade']).done, start(['downgrade', 'base']).done])
      for (const result of [up, down]) {
        if (result.code === 0) continue
        // One error line, after the database line and any report of waiting for the other run.
        const errors = lines(result.stderr).filter((line) => !line.startsWith('Database: '))
        expect(errors.slice(0, -1).every((line) => /^(Still w|W)aiting for the migration lock/.test(line)), result.stderr).to.equal(true)
        expect(errors.at(-1)).to.match(/^Error: Another run changed the record/)
      }
      const recorded = await recordedIds(sequelize)
      expect([[], [R1], [R1, R2], [R1, R2, R3]]).to.deep.include(recorded)
      expect((await tableNames(sequelize)).includes('marks')).to.equal(recorded.length > 0)
      if (recorded.length > 0) expect(await marks(sequelize)).to.deep.equal(recorded.slice(1))
      expect(expectSuccess(await project.run(['db', 'current']))).to.have.length.at.most(1)
    })
  }
})
