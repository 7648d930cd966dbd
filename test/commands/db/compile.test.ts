/**
 * `db compile`: what an image build runs to carry the compile cache, with no database.
 */
import {expect} from 'chai'
import {readdirSync} from 'node:fs'
import {join} from 'node:path'

import {expectOneLineError, expectSuccess} from '../../support/cli'
import {createProject, type Project} from '../../support/project'

describe('db compile', () => {
  let project: Project
  before(() => {
    project = createProject({databaseUrl: 'postgres://nobody@127.0.0.1:1/none'})
    project.writeRevision({revision: 'c0c0c0c00001', message: 'first'})
    project.writeRevision({revision: 'c0c0c0c00002', downRevision: 'c0c0c0c00001', message: 'second'})
  })
  after(() => project.dispose())

  it('compiles env and every revision into the cache without reaching the database', async () => {
    const cache = join(project.root, 'image-cache')
    const env = {SEQUELIZE_MIGRATE_CACHE: cache}
    expect(expectSuccess(await project.run(['db', 'compile'], {env}))).to.deep.equal(['Compiled env and 2 revision file(s) into image-cache'])
    const compiled = readdirSync(cache).filter((name) => name.endsWith('.js'))
    // env.ts and the two revisions
    expect(compiled).to.have.length(3)
    // a second run finds everything compiled: the cache does not grow
    expectSuccess(await project.run(['db', 'compile'], {env}))
    expect(readdirSync(cache).filter((name) => name.endsWith('.js'))).to.have.length(3)
  })

  it('an unusable SEQUELIZE_MIGRATE_CACHE is one line naming the folder', async () => {
    expectOneLineError(await project.run(['db', 'compile'], {env: {SEQUELIZE_MIGRATE_CACHE: '/dev/null/cache'}}), 'Cannot create a compile cache folder (tried /dev/null/cache)', 'SEQUELIZE_MIGRATE_CACHE')
  })

  it('a model importing a missing module names the importing file', async () => {
    const broken = createProject({databaseUrl: 'postgres://nobody@127.0.0.1:1/none', envSource: "import {defineConfig} from 'sequelize-migrate'\nimport {Order} from '../models/order'\nexport default defineConfig({sequelize: () => Order as never})\n"})
    try {
      broken.write('models/order.ts', "import {money} from './money'\nexport const Order = money\n")
      expectOneLineError(await broken.run(['db', 'compile']), "Cannot find module './money'", '(imported by models/order.ts)')
    } finally {
      broken.dispose()
    }
  })
})
