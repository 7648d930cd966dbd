/**
 * What a verb loads before it works, through the real bin: the graph verbs read the revision files
 * and nothing else, so they never load Sequelize or a database driver (loading Sequelize is a
 * third of their start-up); an upgrade with nothing to do never loads what runs revisions, and one
 * that runs revisions loads umzug without its command line (170 modules). A preload given through NODE_OPTIONS lists the
 * files the process loaded.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'

import {expectSuccess} from '../../support/cli'
import {createProject, createTable, dropTable, type Project} from '../../support/project'

const A = '0a1b2c3d4e01'
const B = '0a1b2c3d4e02'

// Writes every module file the process loaded to $SM_TEST_LOADED when it exits.
const LIST_LOADED = `process.on('exit', () => require('node:fs').writeFileSync(process.env.SM_TEST_LOADED, Object.keys(require.cache).join('\\n')))\n`

describe('start-up of the graph verbs', () => {
  let project: Project

  before(() => {
    project = createProject()
    project.writeRevision({revision: A, message: 'create authors', up: createTable('authors'), down: dropTable('authors')})
    project.writeRevision({revision: B, downRevision: A, message: 'create books', up: createTable('books'), down: dropTable('books')})
    project.write('list-loaded.js', LIST_LOADED)
  })

  after(() => project?.dispose())

  /** Runs a verb and returns the files it loaded. */
  async function loadedBy(args: string[]): Promise<string[]> {
    const listFile = join(project.root, 'loaded.txt')
    const env = {NODE_OPTIONS: `--require ${join(project.root, 'list-loaded.js')}`, SM_TEST_LOADED: listFile}
    expectSuccess(await project.run(['db', ...args], {env}))
    return readFileSync(listFile, 'utf8').split('\n')
  }

  for (const args of [['history'], ['heads'], ['branches'], ['show', A]]) {
    it(`db ${args.join(' ')} loads neither Sequelize nor a driver`, async () => {
      const loaded = await loadedBy(args)
      // The preload ran: the command's own module is in the list.
      expect(loaded.some((file) => /[\\/]commands[\\/]db[\\/]/.test(file)), 'the list names the command').to.equal(true)
      expect(loaded.filter((file) => /[\\/]node_modules[\\/](sequelize|pg|mariadb|mysql2|sqlite3)[\\/]/.test(file))).to.deep.equal([])
    })
  }

  it('db upgrade with nothing to do loads neither umzug\'s runner nor its command line', async () => {
    project.env.DATABASE_URL = `sqlite:${join(project.root, 'startup.sqlite')}`
    expectSuccess(await project.run(['db', 'upgrade']))
    const loaded = await loadedBy(['upgrade'])
    expect(loaded.some((file) => /[\\/]node_modules[\\/]sequelize[\\/]/.test(file)), 'env built its Sequelize').to.equal(true)
    expect(loaded.filter((file) => /[\\/]node_modules[\\/](umzug[\\/]lib[\\/](index|umzug|cli)\.js|@rushstack[\\/])/.test(file))).to.deep.equal([])
  })

  it('db upgrade that runs a revision loads umzug\'s runner, not its command line', async () => {
    project.env.DATABASE_URL = `sqlite:${join(project.root, 'startup.sqlite')}`
    expectSuccess(await project.run(['db', 'downgrade', 'base']))
    const loaded = await loadedBy(['upgrade'])
    expect(loaded.some((file) => /[\\/]node_modules[\\/]umzug[\\/]lib[\\/]umzug\.js$/.test(file)), 'umzug ran the revisions').to.equal(true)
    expect(loaded.filter((file) => /[\\/]node_modules[\\/](@rushstack|fs-extra|graceful-fs|z-schema)[\\/]/.test(file))).to.deep.equal([])
  })
})
