/**
 * The sequelize-cli runner in-process on SQLite: module shapes sequelize-cli accepts (TypeScript,
 * a default export, plain promises), file-name order, and what it records; umzug 3 migrations
 * (`up({context, name, path})`) the same way; then `db upgrade` on an umzug 3 history on each
 * database.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {Sequelize} from 'sequelize'

import {listMigrationFiles} from '../../src/config/sequelize-cli'
import {Prehistory} from '../../src/runtime/prehistory'
import {upgrade} from '../../src/services/run'
import {createScratchDatabase, forEachDialect, type ScratchDatabase} from '../support/databases'
import {createProject, createTable} from '../support/project'
import {recordedIds, tableNames} from '../support/schema'

describe('Prehistory (sequelize-cli migrations)', () => {
  let folder: string
  let sequelize: Sequelize

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'sm-cli-'))
    sequelize = new Sequelize({dialect: 'sqlite', storage: ':memory:', logging: false})
  })
  afterEach(async () => {
    await sequelize.close()
    rmSync(folder, {recursive: true, force: true})
  })

  const write = (name: string, source: string) => writeFileSync(join(folder, name), source)
  const open = () => new Prehistory(sequelize, {migrationsDirectory: folder, table: {tableName: 'SequelizeMeta', columnName: 'name'}})

  it('lists .js, .cjs, .ts and .cts files by name, skipping .d.ts and others', () => {
    for (const name of ['2-b.ts', '1-a.js', '3-c.cjs', '4-d.cts', 'types.d.ts', 'notes.md', '5-e.mjs']) write(name, '')
    expect(listMigrationFiles(folder)).to.deep.equal(['1-a.js', '2-b.ts', '3-c.cjs', '4-d.cts'])
  })

  it('runs each shape with (queryInterface, Sequelize), records file names, and undoes newest first', async () => {
    write('20200101000000-a.js', `module.exports = {
  up: (queryInterface, Sequelize) => queryInterface.createTable('a', {id: {type: Sequelize.INTEGER, primaryKey: true}}),
  down: (queryInterface) => queryInterface.dropTable('a'),
}`)
    write('20200102000000-b.ts', `export default {
  async up(queryInterface: any, Sequelize: any) { await queryInterface.createTable('b', {id: {type: Sequelize.DataTypes.INTEGER, primaryKey: true}}) },
  async down(queryInterface: any) { await queryInterface.dropTable('b') },
}`)
    write('20200103000000-c.cjs', `exports.up = async (queryInterface, Sequelize) => { await queryInterface.addColumn('a', 'c', {type: Sequelize.STRING}) }
exports.down = async (queryInterface) => { await queryInterface.removeColumn('a', 'c') }`)
    const prehistory = open()
    expect(prehistory.pending(new Set(['20200101000000-a.js']))).to.deep.equal(['20200102000000-b.ts', '20200103000000-c.cjs'])
    const done = await prehistory.upgrade(new Set())
    expect(done.map((step) => step.file)).to.deep.equal(['20200101000000-a.js', '20200102000000-b.ts', '20200103000000-c.cjs'])
    expect(await recordedIds(sequelize)).to.deep.equal(['20200101000000-a.js', '20200102000000-b.ts', '20200103000000-c.cjs'])

    const undone = await prehistory.downgrade(new Set(await recordedIds(sequelize)))
    expect(undone.map((step) => step.file)).to.deep.equal(['20200103000000-c.cjs', '20200102000000-b.ts', '20200101000000-a.js'])
    expect(await tableNames(sequelize)).to.deep.equal(['SequelizeMeta'])
    expect(await recordedIds(sequelize)).to.deep.equal([])
  })

  it("runs umzug 3 migrations with ({context, name, path}), the QueryInterface by default, recording file names as umzug's SequelizeStorage does", async () => {
    write('2021.01.01T00.00.00.create-a.js', `exports.up = async ({context: queryInterface, name, path}) => {
  await queryInterface.createTable('a', {id: {type: 'INTEGER', primaryKey: true}, seen: {type: 'TEXT'}})
  await queryInterface.bulkInsert('a', [{id: 1, seen: name + ' ' + require('path').basename(path)}])
}
exports.down = async ({context: queryInterface}) => { await queryInterface.dropTable('a') }`)
    write('2021.01.02T00.00.00.create-b.ts', `import type {QueryInterface} from 'sequelize'
export const up = async ({context}: {context: QueryInterface}) => { await context.createTable('b', {id: {type: 'INTEGER', primaryKey: true}}) }
export const down = async ({context}: {context: QueryInterface}) => { await context.dropTable('b') }`)
    const prehistory = new Prehistory(sequelize, {migrationsDirectory: folder, table: {tableName: 'SequelizeMeta', columnName: 'name'}, style: 'umzug'})
    await prehistory.upgrade(new Set())
    expect(await recordedIds(sequelize)).to.deep.equal(['2021.01.01T00.00.00.create-a.js', '2021.01.02T00.00.00.create-b.ts'])
    const [row] = await sequelize.query('SELECT seen FROM a', {type: 'SELECT' as never})
    expect(row).to.deep.equal({seen: '2021.01.01T00.00.00.create-a.js 2021.01.01T00.00.00.create-a.js'})
    await prehistory.downgrade(new Set(await recordedIds(sequelize)))
    expect(await tableNames(sequelize)).to.deep.equal(['SequelizeMeta'])
  })

  it('gives umzug 3 migrations the context env builds, and names umzug in a failure', async () => {
    write('1-a.js', `exports.up = async ({context}) => { await context.sequelize.query('CREATE TABLE made_by_' + context.who + ' (id INTEGER)') }
exports.down = async () => {}`)
    write('2-b.js', `exports.up = async ({context}) => { await context.sequelize.query('SELECT * FROM missing') }`)
    const context = (instance: Sequelize) => ({sequelize: instance, who: 'env'})
    const prehistory = new Prehistory(sequelize, {migrationsDirectory: folder, table: {tableName: 'SequelizeMeta', columnName: 'name'}, style: 'umzug', context})
    const error = await prehistory.upgrade(new Set()).then(() => undefined, (caught: Error) => caught)
    expect(error?.message).to.match(/^umzug migration 2-b\.js failed during upgrade: .*missing/)
    expect(await tableNames(sequelize)).to.deep.equal(['SequelizeMeta', 'made_by_env'])
    expect(await recordedIds(sequelize)).to.deep.equal(['1-a.js'])
  })

  it('a file without down refuses before anything runs', async () => {
    write('1-a.js', 'exports.up = async () => {}')
    const error = await open().downgrade(new Set(['1-a.js'])).then(() => undefined, (caught: Error) => caught)
    expect(error?.message).to.match(/1-a\.js exports no down function/)
  })

  it('refuses a context for migrations that are not umzug ones', async () => {
    const project = createProject({envSource: `import {Sequelize} from 'sequelize'
export default {
  sequelize: () => new Sequelize('sqlite::memory:', {logging: false}),
  sequelizeCli: {migrationsPath: ${JSON.stringify(folder)}, context: () => ({})},
}
`})
    try {
      const error = await upgrade({directory: project.directory}).then(() => undefined, (caught: Error) => caught)
      expect(error?.message).to.match(/sequelizeCli\.context is a function \(sequelize\) => context, and only umzug migrations take one \(style: 'umzug'\)/)
    } finally {
      project.dispose()
    }
  })
})

forEachDialect('db upgrade on an umzug 3 history', (dialect) => {
  let folder: string
  let db: ScratchDatabase
  let sequelize: Sequelize

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'sm-umzug-'))
    db = await createScratchDatabase(dialect)
    sequelize = db.connect()
  })
  afterEach(async () => {
    await sequelize.close()
    await db.drop()
    rmSync(folder, {recursive: true, force: true})
  })

  it("runs the history with the context env gives, then the revisions building on it; a second run does nothing", async () => {
    const project = createProject({envSource: `import {Sequelize} from 'sequelize'
import {defineConfig} from 'sequelize-migrate'

export default defineConfig({
  sequelize: () => new Sequelize(${JSON.stringify(db.url)}, {logging: false}),
  sequelizeCli: {migrationsPath: ${JSON.stringify(folder)}, style: 'umzug', context: (sequelize) => ({queryInterface: sequelize.getQueryInterface()})},
})
`})
    try {
      writeFileSync(join(folder, '2021.01.01T00.00.00.create-a.js'), "exports.up = ({context}) => context.queryInterface.createTable('a', {id: {type: 'INTEGER', primaryKey: true}})")
      project.writeRevision({revision: 'b00000000001', downRevision: 'sequelize-cli', up: createTable('b')})
      expect((await upgrade({directory: project.directory})).steps.map((step) => step.file ?? step.revision)).to.deep.equal(['2021.01.01T00.00.00.create-a.js', 'b00000000001'])
      expect(await tableNames(sequelize)).to.include.members(['a', 'b'])
      expect(await recordedIds(sequelize)).to.deep.equal(['2021.01.01T00.00.00.create-a.js', 'b00000000001'])
      expect((await upgrade({directory: project.directory})).steps).to.deep.equal([])
    } finally {
      project.dispose()
    }
  })
})
