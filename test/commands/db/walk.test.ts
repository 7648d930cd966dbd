/**
 * `db walk --url <scratch>` through the real bin: the fixture history walks and exits 0; a broken
 * `down` exits non-zero with one error line naming the revision. env.ts points at another
 * database (DATABASE_URL), which the walk must leave alone.
 */
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import type {Sequelize} from 'sequelize'

import {type CliResult, expectOneLineError, expectSuccess, REPO_ROOT, runCli} from '../../support/cli'
import {forEachDialect, type ScratchDatabase, useScratchDatabasePerTest} from '../../support/databases'
import {SCRATCH_ROOT} from '../../support/project'
import {recordedIds, tableNames} from '../../support/schema'

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures')

forEachDialect('db walk', (dialect) => {
  let db: ScratchDatabase
  let sequelize: Sequelize
  let home: string
  // The database env.ts builds: the application's own, which must never be created.
  let appDatabase: string
  const walk = (folder: string, ...flags: string[]): Promise<CliResult> =>
    runCli(['db', 'walk', '-d', join(FIXTURES, folder), '--url', db.url, ...flags], {cwd: home, env: {DATABASE_URL: `sqlite:${appDatabase}`}})

  before(() => {
    home = mkdtempSync(join(SCRATCH_ROOT, 'walk-cli-'))
    appDatabase = join(home, 'app.sqlite')
  })

  after(() => {
    if (home) rmSync(home, {recursive: true, force: true})
  })

  useScratchDatabasePerTest(dialect, (made) => ({db, sequelize} = made))

  it('walks the fixture history with --snake and exits 0, printing each step', async () => {
    const lines = expectSuccess(await walk('history', '--snake'))
    expect(lines[0]).to.equal('ok  upgrade d1a7bb7c2f1e create authors')
    expect(lines).to.include('ok  downgrade 6cfe9acbbf6f split authors.full_name into first_name and last_name (snake)')
    expect(lines.at(-2)).to.equal('ok  downgrade d1a7bb7c2f1e create authors')
    expect(lines.at(-1)).to.equal('Walked 92 step(s)')
    expect(await recordedIds(sequelize)).to.deep.equal([])
    expect(existsSync(appDatabase), 'env.ts\'s database was touched').to.equal(false)
  })

  it('--no-downgrade leaves the scratch database at head; walking it again is refused', async () => {
    const lines = expectSuccess(await walk('history', '--no-downgrade'))
    expect(lines.at(-1)).to.equal('Walked 23 step(s)')
    expect(await recordedIds(sequelize)).to.have.lengthOf(23)
    expect(await tableNames(sequelize)).to.include.members(['authors', 'posts', 'settings'])
    expectOneLineError(await walk('history'), 'needs an empty database')
  })

  it('exits non-zero naming the revision whose down does not undo its up', async () => {
    const result = await walk('broken/bad-down', '--snake')
    expectOneLineError(result, 'downgrade c7f99f994361 add widgets.color and widgets.size (snake)', 'widgets.size')
    expect(result.stdout).to.include('ok  upgrade c7f99f994361 add widgets.color and widgets.size')
  })

})
