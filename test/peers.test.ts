/**
 * Packages the project installs (drivers, TypeScript): a missing one is one line naming it, from
 * the library and through the bin. Models compiled without decorator metadata say so and how to
 * fix it.
 */
import {expect} from 'chai'
import {Sequelize} from 'sequelize'

import {explainMissingPackage, missingPackage, requirePeer} from '../src/peers'
import {expectOneLineError} from './support/cli'
import {createProject, type Project} from './support/project'

/** The error `fn` throws (fails when it returns). */
function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected an error')
}

describe('missing peer packages', () => {
  it('names the package and the command', () => {
    expect(missingPackage('pg').message).to.equal('PostgreSQL needs the "pg" package: npm install pg')
    expect(missingPackage('typescript', 'Loading migrations/env.ts').message).to.equal('Loading migrations/env.ts needs the "typescript" package: npm install --save-dev typescript')
    expect(missingPackage('mariadb').code).to.equal('PACKAGE_MISSING')
  })

  it("turns Sequelize's missing-driver error into that line", () => {
    // mysql2 is not among the package's dev dependencies: Sequelize cannot load it.
    const error = thrown(() => new Sequelize('mysql://root@127.0.0.1:3306/app', {logging: false}))
    expect(explainMissingPackage(error)?.message).to.equal('MySQL needs the "mysql2" package: npm install mysql2')
    expect(explainMissingPackage(new Error("Cannot find module 'pg-hstore'"))?.message).to.equal('PostgreSQL\'s HSTORE type needs the "pg-hstore" package: npm install pg-hstore')
    expect(explainMissingPackage(new Error("Cannot find module '../models/user'"))).to.equal(undefined)
  })

  it('requirePeer throws the line only for the package itself', () => {
    const error = thrown(() => requirePeer('sequelize-migrate-no-such-package/sub', 'Loading env.ts')) as Error
    expect(error.message).to.equal('Loading env.ts needs the "sequelize-migrate-no-such-package" package: npm install sequelize-migrate-no-such-package')
  })
})

describe('missing peer packages and decorator metadata through the bin', () => {
  let project: Project

  afterEach(() => project?.dispose())

  it('db upgrade on MySQL without mysql2: one line naming the package', async () => {
    project = createProject({databaseUrl: 'mysql://root@127.0.0.1:3306/app'})
    expectOneLineError(await project.run(['db', 'upgrade']), 'MySQL needs the "mysql2" package: npm install mysql2')
  })

  it('a model compiled without decorator metadata: names the property, the cause and the fix', async () => {
    // What a compiler without emitDecoratorMetadata (esbuild, tsx) makes of `@Column name!: string`.
    project = createProject({
      envSource: `const {Sequelize} = require('sequelize-typescript')
const {defineConfig} = require('sequelize-migrate')
module.exports = defineConfig({sequelize: () => new Sequelize({dialect: 'sqlite', storage: ':memory:', logging: false, models: [require('../models/user').User]})})
`,
    })
    project.write('models/user.js', `const {Column, Model, Table} = require('sequelize-typescript')
class User extends Model {}
Column(User.prototype, 'name')
exports.User = Table(User)
`)
    expectOneLineError(await project.run(['db', 'upgrade']), "Model property 'name' (models/user.js:3) has no type", 'decorator metadata', '--require sequelize-migrate/register')
  })
})
