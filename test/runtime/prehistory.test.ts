/**
 * The sequelize-cli runner in-process on SQLite: module shapes sequelize-cli accepts (TypeScript,
 * a default export, plain promises), file-name order, and what it records.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {Sequelize} from 'sequelize'

import {listMigrationFiles} from '../../src/config/sequelize-cli'
import {Prehistory} from '../../src/runtime/prehistory'
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

  it('a file without down refuses before anything runs', async () => {
    write('1-a.js', 'exports.up = async () => {}')
    const error = await open().downgrade(new Set(['1-a.js'])).then(() => undefined, (caught: Error) => caught)
    expect(error?.message).to.match(/1-a\.js exports no down function/)
  })
})
