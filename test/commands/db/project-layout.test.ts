/**
 * Where the verbs find things: revisions in every module format, file names that do not matter,
 * the migrations folder from `-d` or `SEQUELIZE_MIGRATE_DIR`, and `-x key=value` reaching env.
 */
import {mkdtempSync, renameSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import type {Sequelize} from 'sequelize'

import {expectOneLineError, expectSuccess} from '../../support/cli'
import {createScratchDatabase, forEachDialect, type ScratchDatabase} from '../../support/databases'
import {createProject, createTable, dropTable, type Project, type RevisionExtension} from '../../support/project'
import {recordedIds, tableNames} from '../../support/schema'

const FORMATS: Array<{id: string; extension: RevisionExtension; table: string}> = [
  {id: '01js00000000', extension: '.js', table: 'fmt_js'},
  {id: '02cjs0000000', extension: '.cjs', table: 'fmt_cjs'},
  {id: '03mjs0000000', extension: '.mjs', table: 'fmt_mjs'},
  {id: '04ts00000000', extension: '.ts', table: 'fmt_ts'},
  {id: '05mts0000000', extension: '.mts', table: 'fmt_mts'},
  {id: '06cts0000000', extension: '.cts', table: 'fmt_cts'},
]
const IDS = FORMATS.map((format) => format.id)
const TABLES = FORMATS.map((format) => format.table).sort()

forEachDialect('migrations folder, module formats and -x', (dialect) => {
  let db: ScratchDatabase
  let sequelize: Sequelize
  let project: Project
  const inFolder = (...args: string[]) => project.run(['db', ...args, '-d', 'db/migrations'])

  before(async () => {
    db = await createScratchDatabase(dialect)
    sequelize = db.connect()
    project = createProject({databaseUrl: db.url, directory: 'db/migrations'})
    FORMATS.forEach((format, index) => project.writeRevision({
      revision: format.id,
      downRevision: index === 0 ? null : FORMATS[index - 1].id,
      message: `create ${format.table}`,
      extension: format.extension,
      up: createTable(format.table),
      down: dropTable(format.table),
    }))
  })

  after(async () => {
    await sequelize?.close()
    await db?.drop()
    project?.dispose()
  })

  it('runs JavaScript (.js, .cjs, .mjs) and TypeScript (.ts, .mts, .cts) revisions alike (-d names the folder)', async () => {
    const steps = expectSuccess(await inFolder('upgrade'))
    expect(steps).to.deep.equal(FORMATS.map((format, index) =>
      `Running upgrade ${index === 0 ? '<base>' : FORMATS[index - 1].id} -> ${format.id}, create ${format.table}`))
    expect((await tableNames(sequelize)).filter((name) => name.startsWith('fmt_'))).to.deep.equal(TABLES)
    expect(await recordedIds(sequelize)).to.deep.equal(IDS)
  })

  it('finds the folder from SEQUELIZE_MIGRATE_DIR, and says to run `db init` when there is none', async () => {
    expect(expectSuccess(await project.run(['db', 'current'], {env: {SEQUELIZE_MIGRATE_DIR: 'db/migrations'}})))
      .to.deep.equal(['06cts0000000 (head)'])
    // From a folder outside the repository, whose own migrations folder a walk up would find.
    const elsewhere = mkdtempSync(join(tmpdir(), 'sm-no-migrations-'))
    try {
      expectOneLineError(await project.run(['db', 'current'], {cwd: elsewhere}), 'No migrations folder at migrations', '`db init`')
    } finally {
      rmSync(elsewhere, {recursive: true, force: true})
    }
    expectOneLineError(await project.run(['db', 'heads'], {env: {SEQUELIZE_MIGRATE_DIR: 'elsewhere'}}), 'No migrations folder at elsewhere', '`db init`')
  })

  it('does not care what a revision file is called', async () => {
    renameSync(join(project.versions, '05mts0000000_create_fmt_mts.mts'), join(project.versions, 'renamed-by-hand.mts'))
    const shown = (await inFolder('show', '05mts')).stdout
    expect(shown).to.include('Path: db/migrations/versions/renamed-by-hand.mts')
    const steps = expectSuccess(await inFolder('downgrade', 'base'))
    expect(steps).to.have.lengthOf(6)
    expect(steps[1]).to.equal('Running downgrade 05mts0000000 -> 04ts00000000, create fmt_mts')
    expect((await tableNames(sequelize)).filter((name) => name.startsWith('fmt_'))).to.deep.equal([])
    expect(await recordedIds(sequelize)).to.deep.equal([])
  })

  it('-x key=value reaches env: the factory\'s x and xArguments() while env loads', async () => {
    // No DATABASE_URL: the factory takes the URL from -x url=; env reads -x table= when it loads.
    const result = await project.run(['db', 'upgrade', '+2', '-d', 'db/migrations', '-x', `url=${db.url}`, '-x', 'table=custom_meta'],
      {env: {DATABASE_URL: undefined}})
    expect(expectSuccess(result)).to.have.lengthOf(2)
    expect(await recordedIds(sequelize, 'custom_meta')).to.deep.equal(IDS.slice(0, 2))
    expect(await recordedIds(sequelize)).to.deep.equal([])
    expect(expectSuccess(await inFolder('current', '-x', 'table=custom_meta'))).to.deep.equal(['02cjs0000000'])
    expectOneLineError(await inFolder('current', '-x', 'table'), '-x takes key=value')
  })
})
