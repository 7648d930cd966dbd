/**
 * sequelize-migrate as a plugin of another oclif CLI: an application's own `app` binary lists
 * sequelize-migrate in `oclif.plugins` and gets the `db` topic.
 */
import {mkdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import type {Sequelize} from 'sequelize'

import {REPO_ROOT, expectSuccess} from '../support/cli'
import {forEachDialect, type ScratchDatabase} from '../support/databases'
import {createProject, createTable, dropTable, type Project, useDatabaseProject} from '../support/project'
import {recordedIds, tableNames} from '../support/schema'

const VERBS = ['branches', 'current', 'downgrade', 'edit', 'heads', 'history', 'init', 'list-templates', 'merge', 'revision', 'show', 'stamp', 'upgrade']

/** The host's package.json: oclif loads a core plugin only when it is also a dependency. */
function writeHostPackage(project: Project, topicSeparator: string): void {
  project.write('package.json', `${JSON.stringify({
    name: 'host-app',
    version: '1.0.0',
    private: true,
    dependencies: {'@oclif/core': '^4', 'sequelize-migrate': '*'},
    oclif: {bin: 'app', dirname: 'app', commands: './commands', plugins: ['sequelize-migrate'], topicSeparator},
  }, null, 2)}\n`)
}

/** Turns a project folder into a minimal oclif CLI named `app` with sequelize-migrate as its plugin. */
function makeHostCli(project: Project, topicSeparator = ' '): string {
  writeHostPackage(project, topicSeparator)
  mkdirSync(join(project.root, 'commands'))
  const bin = project.write('bin/run.js', '#!/usr/bin/env node\nrequire(\'@oclif/core\').execute({dir: __dirname})\n')
  mkdirSync(join(project.root, 'node_modules', '@oclif'), {recursive: true})
  symlinkSync(REPO_ROOT, join(project.root, 'node_modules', 'sequelize-migrate'))
  symlinkSync(join(REPO_ROOT, 'node_modules', '@oclif', 'core'), join(project.root, 'node_modules', '@oclif', 'core'))
  return bin
}

describe('a host oclif CLI with the plugin: help', () => {
  let project: Project
  let bin: string

  before(() => {
    project = createProject()
    bin = makeHostCli(project)
  })

  after(() => project?.dispose())

  it('app --help shows the db topic, app db --help lists every verb', async () => {
    const help = (await project.run(['--help'], {bin})).stdout
    expect(help).to.include('$ app [COMMAND]')
    expect(help).to.match(/^ {2}db\s+Manage database schema migrations/m)
    const topic = expectSuccess(await project.run(['db', '--help'], {bin})).join('\n')
    for (const verb of VERBS) expect(topic).to.match(new RegExp(`^ {2}db ${verb}\\s`, 'm'))
  })
})

forEachDialect('a host oclif CLI with the plugin', (dialect) => {
  let db: ScratchDatabase
  let sequelize: Sequelize
  let project: Project
  let bin: string

  useDatabaseProject(dialect, async (made) => {
    ({db, sequelize, project} = made)
    bin = makeHostCli(project)
    project.writeRevision({revision: '0a0a0a0a0001', message: 'create hosted', up: createTable('hosted'), down: dropTable('hosted')})
  })

  it('app db upgrade migrates the database', async () => {
    expect(expectSuccess(await project.run(['db', 'upgrade'], {bin}))).to.deep.equal(['Running upgrade <base> -> 0a0a0a0a0001, create hosted'])
    expect(await tableNames(sequelize)).to.include('hosted')
    expect(await recordedIds(sequelize)).to.deep.equal(['0a0a0a0a0001'])
    expect(expectSuccess(await project.run(['db', 'current'], {bin}))).to.deep.equal(['0a0a0a0a0001 (head)'])
  })

  it('a host keeping oclif\'s default \':\' separator runs app db:current', async () => {
    writeHostPackage(project, ':')
    expect(expectSuccess(await project.run(['db:current'], {bin}))).to.deep.equal(['0a0a0a0a0001 (head)'])
  })
})
