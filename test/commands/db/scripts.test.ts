/**
 * `db init`, `db list-templates`, `db revision` and `db edit` through the real bin: what they
 * write, what they refuse, and that what `db init` scaffolds runs on each dialect.
 */
import {chmodSync, existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import type {Sequelize} from 'sequelize'

import {type CliResult, expectOneLineError, expectSuccess} from '../../support/cli'
import {createScratchDatabase, forEachDialect, type ScratchDatabase} from '../../support/databases'
import {createProject, type Project} from '../../support/project'
import {recordedIds} from '../../support/schema'

/** `Generating <path> ... done` → the revision id in the file name. */
function generatedId(stdout: string): string {
  const match = /^Generating migrations\/versions\/([0-9a-z_-]+?)_[a-z0-9_]+\.ts \.\.\. done$/m.exec(stdout)
  expect(match, stdout).to.not.equal(null)
  return (match as RegExpExecArray)[1]
}

// These verbs only read and write files (no env is loaded, no database is reached), so they run
// once; what `db init` scaffolds is run against each dialect below.
describe('db init / list-templates / revision / edit', () => {
  let project: Project
  const dbVerb = (...args: string[]): Promise<CliResult> => project.run(['db', ...args])
  const ids: Record<string, string> = {}

  before(() => {
    project = createProject({scaffold: false})
  })

  after(() => project?.dispose())

  it('init scaffolds ./migrations (env.ts, template, versions/, README) and refuses a folder that is not empty', async () => {
    expect(expectSuccess(await dbVerb('init')).slice(0, 4)).to.deep.equal([
      'Creating migrations/versions ... done',
      'Creating migrations/env.ts ... done',
      'Creating migrations/script.ts.ejs ... done',
      'Creating migrations/README.md ... done',
    ])
    expect(readdirSync(project.directory).sort()).to.deep.equal(['README.md', 'env.ts', 'script.ts.ejs', 'versions'])
    const env = readFileSync(join(project.directory, 'env.ts'), 'utf8')
    // DATABASE_URL, else an explicit local fallback that every run names on its first line
    expect(env).to.include('databaseUrl({x, fallback: \'sqlite:./dev.sqlite\'})')

    expectOneLineError(await dbVerb('init'), 'migrations already exists and is not empty')
    expect(readFileSync(join(project.directory, 'env.ts'), 'utf8')).to.equal(env)
  })

  it('init --js writes env.js and a JavaScript template; -t picks a template; an unknown one lists them', async () => {
    expectSuccess(await dbVerb('init', '-d', 'js-migrations', '--js'))
    expect(readdirSync(join(project.root, 'js-migrations')).sort()).to.deep.equal(['README.md', 'env.js', 'script.js.ejs', 'versions'])

    expectSuccess(await dbVerb('init', '-d', 'typed', '-t', 'sequelize-typescript'))
    expect(readFileSync(join(project.root, 'typed', 'env.ts'), 'utf8')).to.include('from \'sequelize-typescript\'')

    expectOneLineError(await dbVerb('init', '-d', 'other', '-t', 'nope'), 'No template named nope', 'default, sequelize-typescript')
    expect(existsSync(join(project.root, 'other'))).to.equal(false)
  })

  it('list-templates names every template (--json too)', async () => {
    const text = expectSuccess(await dbVerb('list-templates'))
    expect(text.some((line) => /^default\s+- /.test(line))).to.equal(true)
    expect(text.some((line) => /^sequelize-typescript\s+- /.test(line))).to.equal(true)
    const json = JSON.parse((await dbVerb('list-templates', '--json')).stdout) as Array<{name: string; description: string}>
    expect(json.map((template) => template.name)).to.deep.equal(['default', 'sequelize-typescript'])
    expect(json[0].description).to.be.a('string').and.not.equal('')
  })

  it('revision writes <id>_<slug>.ts with the header and exports, on top of the head', async () => {
    const first = await dbVerb('revision', '-m', 'Create users')
    ids.first = generatedId(first.stdout)
    expect(ids.first).to.match(/^[0-9a-f]{12}$/)
    const source = project.versionFiles()[`${ids.first}_create_users.ts`]
    expect(source).to.match(new RegExp(
      `^/\\*\\*\\n \\* Create users\\n \\*\\n \\* Revision ID: ${ids.first}\\n \\* Revises: <base>\\n \\* Create Date: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\n \\*/`))
    expect(source).to.include(`export const revision = '${ids.first}'`)
    expect(source).to.include('export const downRevision: string | string[] | null = null')
    expect(source).to.include('export const branchLabels: string[] = []')
    expect(source).to.match(/export async function up\(/)
    expect(source).to.match(/export async function down\(/)

    expect(expectSuccess(await dbVerb('revision', '-m', 'add email', '--rev-id', '0123456789ab')))
      .to.deep.equal(['Generating migrations/versions/0123456789ab_add_email.ts ... done'])
    const second = project.versionFiles()['0123456789ab_add_email.ts']
    expect(second).to.include(`export const downRevision: string | string[] | null = '${ids.first}'`)
    expect(second).to.include(` * Revises: ${ids.first}\n`)
  })

  it('revision --head base --branch-label starts a labelled root; --head <rev> needs --splice', async () => {
    ids.reports = generatedId((await dbVerb('revision', '-m', 'reports', '--head', 'base', '--branch-label', 'reports')).stdout)
    const reports = project.versionFiles()[`${ids.reports}_reports.ts`]
    expect(reports).to.include('export const downRevision: string | string[] | null = null')
    expect(reports).to.include('export const branchLabels: string[] = [\'reports\']')

    const before = project.versionFiles()
    expectOneLineError(await dbVerb('revision', '-m', 'hotfix', '--head', ids.first), 'is not a head', '--splice')
    expect(project.versionFiles()).to.deep.equal(before)

    ids.hotfix = generatedId((await dbVerb('revision', '-m', 'hotfix', '--head', ids.first.slice(0, 6), '--splice')).stdout)
    expect(project.versionFiles()[`${ids.hotfix}_hotfix.ts`]).to.include(`export const downRevision: string | string[] | null = '${ids.first}'`)
    expect(expectSuccess(await dbVerb('heads')).map((line) => /-> (\S+)/.exec(line)?.[1]).sort())
      .to.deep.equal(['0123456789ab', ids.hotfix, ids.reports].sort())
  })

  it('revision refuses a --rev-id in use, and needs --head when there are several heads', async () => {
    const before = project.versionFiles()
    expectOneLineError(await dbVerb('revision', '-m', 'again', '--rev-id', '0123456789ab', '--head', 'reports'), '0123456789ab already exists')
    expectOneLineError(await dbVerb('revision', '-m', 'which'), 'Multiple head revisions', 'db merge')
    expect(project.versionFiles()).to.deep.equal(before)
  })

  it('a --js folder gets .js revisions, which load', async () => {
    const written = await dbVerb('revision', '-d', 'js-migrations', '-m', 'first js', '--rev-id', 'abcdef012345')
    expect(expectSuccess(written)).to.deep.equal(['Generating js-migrations/versions/abcdef012345_first_js.js ... done'])
    const source = readFileSync(join(project.root, 'js-migrations', 'versions', 'abcdef012345_first_js.js'), 'utf8')
    expect(source).to.include('exports.revision = \'abcdef012345\'')
    expect(expectSuccess(await dbVerb('history', '-d', 'js-migrations'))).to.deep.equal(['<base> -> abcdef012345 (head), first js'])
  })

  it('edit opens a revision in $EDITOR', async () => {
    const editor = project.write('bin/fake-editor.sh', '#!/bin/sh\nprintf \'// edited by fake-editor\\n\' >> "$1"\n')
    chmodSync(editor, 0o755)
    expectSuccess(await project.run(['db', 'edit', '0123'], {env: {EDITOR: editor}}))
    expect(project.versionFiles()['0123456789ab_add_email.ts']).to.match(/\/\/ edited by fake-editor\n$/)
    expectSuccess(await project.run(['db', 'edit', 'reports'], {env: {VISUAL: editor}}))
    expect(project.versionFiles()[`${ids.reports}_reports.ts`]).to.match(/\/\/ edited by fake-editor\n$/)

    expectOneLineError(await project.run(['db', 'edit', '0123']), 'Set $EDITOR')
    expectOneLineError(await project.run(['db', 'edit'], {env: {EDITOR: editor}}), 'Multiple head revisions')
  })
})

forEachDialect('what db init scaffolds', (dialect) => {
  let db: ScratchDatabase
  let sequelize: Sequelize
  let project: Project
  const dbVerb = (...args: string[]): Promise<CliResult> => project.run(['db', ...args])

  before(async () => {
    db = await createScratchDatabase(dialect)
    sequelize = db.connect()
    project = createProject({databaseUrl: db.url, scaffold: false})
  })

  after(async () => {
    await sequelize?.close()
    await db?.drop()
    project?.dispose()
  })

  it('the default env reaches the database from DATABASE_URL and runs a new revision', async () => {
    expectSuccess(await dbVerb('init'))
    expectSuccess(await dbVerb('revision', '-m', 'first', '--rev-id', '5ca401d00001'))
    expect(expectSuccess(await dbVerb('upgrade'))).to.deep.equal(['Running upgrade <base> -> 5ca401d00001, first'])
    expect(await recordedIds(sequelize)).to.deep.equal(['5ca401d00001'])
    expectSuccess(await dbVerb('downgrade', 'base'))
  })

  it('so does the sequelize-typescript env', async () => {
    expectSuccess(await dbVerb('init', '-d', 'typed', '-t', 'sequelize-typescript'))
    expectSuccess(await dbVerb('revision', '-d', 'typed', '-m', 'typed first', '--rev-id', '5ca401d00002'))
    expect(expectSuccess(await dbVerb('upgrade', '-d', 'typed'))).to.deep.equal(['Running upgrade <base> -> 5ca401d00002, typed first'])
    expect(await recordedIds(sequelize)).to.deep.equal(['5ca401d00002'])
  })
})
