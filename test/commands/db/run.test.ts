/**
 * `db upgrade`, `db downgrade`, `db stamp`, `db current` and the read verbs, through the real bin,
 * walking one project through a chain, a branch and a merge on each dialect. The steps build on
 * each other: each `it` starts where the previous one left the database.
 */
import {expect} from 'chai'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Sequelize} from 'sequelize'

import {type CliResult, expectOneLineError, expectSuccess, lines} from '../../support/cli'
import {forEachDialect, type ScratchDatabase} from '../../support/databases'
import {createTable, dropTable, type Project, useDatabaseProject} from '../../support/project'
import {columnNames, recordedIds, tableNames} from '../../support/schema'

const A = '1111aaaa0001'
const B = '2222bbbb0002'
const C = '3333cccc0003'
const D = '4444dddd0004'
const F = '5555eeee0005'
const M = '6666ffff0006'

forEachDialect('db upgrade / downgrade / stamp / current / history', (dialect) => {
  let db: ScratchDatabase
  let sequelize: Sequelize
  let project: Project
  const dbVerb = (...args: string[]): Promise<CliResult> => project.run(['db', ...args])
  const userTables = async () => (await tableNames(sequelize)).filter((name) => name !== 'SequelizeMeta' && name !== 'SequelizeMeta_progress')

  useDatabaseProject(dialect, async (made) => {
    ({db, sequelize, project} = made)
    project.writeRevision({revision: A, message: 'create authors', up: createTable('authors'), down: dropTable('authors')})
    project.writeRevision({revision: B, downRevision: A, message: 'create books', up: createTable('books'), down: dropTable('books')})
    project.writeRevision({
      revision: C,
      downRevision: B,
      message: 'add isbn to books',
      up: '  await queryInterface.addColumn(\'books\', \'isbn\', {type: DataTypes.STRING(20)})',
      down: '  await queryInterface.removeColumn(\'books\', \'isbn\')',
    })
    project.writeRevision({revision: D, downRevision: C, message: 'create reviews', up: createTable('reviews'), down: dropTable('reviews')})
  })

  it('upgrade +1 applies the first revision and prints the step', async () => {
    expect(expectSuccess(await dbVerb('upgrade', '+1'))).to.deep.equal([`Running upgrade <base> -> ${A}, create authors`])
    expect(await userTables()).to.deep.equal(['authors'])
    expect(await recordedIds(sequelize)).to.deep.equal([A])
  })

  it('upgrade to a unique prefix, then to a full id', async () => {
    expect(expectSuccess(await dbVerb('upgrade', '2222'))).to.deep.equal([`Running upgrade ${A} -> ${B}, create books`])
    expect(await userTables()).to.deep.equal(['authors', 'books'])
    expect(expectSuccess(await dbVerb('upgrade', C))).to.deep.equal([`Running upgrade ${B} -> ${C}, add isbn to books`])
    expect(await columnNames(sequelize, 'books')).to.deep.equal(['id', 'isbn'])
    expect(await recordedIds(sequelize)).to.deep.equal([A, B, C])
  })

  it('upgrade (to head) runs the rest; run again, it does nothing', async () => {
    expect(expectSuccess(await dbVerb('upgrade'))).to.deep.equal([`Running upgrade ${C} -> ${D}, create reviews`])
    expect(await userTables()).to.deep.equal(['authors', 'books', 'reviews'])
    expect(await recordedIds(sequelize)).to.deep.equal([A, B, C, D])
    expect(expectSuccess(await dbVerb('upgrade'))).to.deep.equal([`Already at head ${D}`])
  })

  it('upgrade at head loads no revision module (it reads the ids from the files)', async () => {
    const files = project.versionFiles()
    try {
      for (const [name, source] of Object.entries(files)) writeFileSync(join(project.versions, name), `${source}\nthrow new Error('revision module loaded')\n`)
      // The edit is deliberate here: accepting it records the new checksums without loading anything.
      expect(expectSuccess(await dbVerb('accept', '--all'))).to.have.length(4)
      expect(expectSuccess(await dbVerb('upgrade'))).to.deep.equal([`Already at head ${D}`])
    } finally {
      for (const [name, source] of Object.entries(files)) writeFileSync(join(project.versions, name), source)
      expectSuccess(await dbVerb('accept', '--all'))
    }
  })

  it('current shows the revision the database is at (-v adds the message, --json)', async () => {
    expect(expectSuccess(await dbVerb('current'))).to.deep.equal([`${D} (head)`])
    expect(expectSuccess(await dbVerb('current', '-v'))).to.deep.equal([`${D} (head), create reviews`])
    const json = JSON.parse((await dbVerb('current', '--json')).stdout)
    expect(json).to.deep.equal([{revision: D, message: 'create reviews', head: true}])
  })

  it('history lists newest first, with -r ranges, -i, -v and --json', async () => {
    expect(expectSuccess(await dbVerb('history'))).to.deep.equal([
      `${C} -> ${D} (head), create reviews`,
      `${B} -> ${C}, add isbn to books`,
      `${A} -> ${B}, create books`,
      `<base> -> ${A}, create authors`,
    ])
    expect(expectSuccess(await dbVerb('history', '-r', `2222:${C}`))).to.deep.equal([
      `${B} -> ${C}, add isbn to books`,
      `${A} -> ${B}, create books`,
    ])
    expect(expectSuccess(await dbVerb('history', '-r', '-1:current'))).to.deep.equal([
      `${C} -> ${D} (head), create reviews`,
      `${B} -> ${C}, add isbn to books`,
    ])
    expect(expectSuccess(await dbVerb('history', '-i', '-r', `${C}:`))).to.deep.equal([
      `${C} -> ${D} (head) (current), create reviews`,
      `${B} -> ${C}, add isbn to books`,
    ])
    const verbose = (await dbVerb('history', '-v', '-r', `${A}:${A}`)).stdout
    expect(verbose).to.include(`Rev: ${A}\nParent: <base>\nPath: migrations/versions/${A}_create_authors.ts\n`)
    expect(verbose).to.include('    create authors\n')
    expect(verbose).to.include('    Create Date: 2024-05-01 12:00:00')
    const json = JSON.parse((await dbVerb('history', '--json')).stdout) as Array<{revision: string; downRevisions: string[]; head: boolean}>
    expect(json.map((entry) => entry.revision)).to.deep.equal([D, C, B, A])
    expect(json[0]).to.include({revision: D, message: 'create reviews', head: true})
    expect(json[0].downRevisions).to.deep.equal([C])
  })

  it('show prints one revision in full (by prefix, head, --json)', async () => {
    const shown = (await dbVerb('show', '3333')).stdout
    expect(shown).to.include(`Rev: ${C}\nParent: ${B}\n`)
    expect(shown).to.include(`    Revision ID: ${C}\n    Revises: ${B}\n    Create Date: 2024-05-01 12:00:00`)
    expect(expectSuccess(await dbVerb('show'))[0]).to.equal(`Rev: ${D} (head)`)
    const [json] = JSON.parse((await dbVerb('show', '--json', A)).stdout)
    expect(json).to.include({revision: A, message: 'create authors', base: true, head: false})
  })

  it('downgrade (by default -1) undoes the newest revision', async () => {
    expect(expectSuccess(await dbVerb('downgrade'))).to.deep.equal([`Running downgrade ${D} -> ${C}, create reviews`])
    expect(await userTables()).to.deep.equal(['authors', 'books'])
    expect(await recordedIds(sequelize)).to.deep.equal([A, B, C])
  })

  it('downgrade -2 undoes two, newest first', async () => {
    expect(expectSuccess(await dbVerb('downgrade', '-2'))).to.deep.equal([
      `Running downgrade ${C} -> ${B}, add isbn to books`,
      `Running downgrade ${B} -> ${A}, create books`,
    ])
    expect(await userTables()).to.deep.equal(['authors'])
    expect(await recordedIds(sequelize)).to.deep.equal([A])
  })

  it('downgrade to a revision undoes what is above it', async () => {
    expectSuccess(await dbVerb('upgrade'))
    expect(expectSuccess(await dbVerb('downgrade', B))).to.deep.equal([
      `Running downgrade ${D} -> ${C}, create reviews`,
      `Running downgrade ${C} -> ${B}, add isbn to books`,
    ])
    expect(await columnNames(sequelize, 'books')).to.deep.equal(['id'])
    expect(await recordedIds(sequelize)).to.deep.equal([A, B])
  })

  it('downgrade base undoes everything', async () => {
    expect(expectSuccess(await dbVerb('downgrade', 'base'))).to.deep.equal([
      `Running downgrade ${B} -> ${A}, create books`,
      `Running downgrade ${A} -> <base>, create authors`,
    ])
    expect(await userTables()).to.deep.equal([])
    expect(await recordedIds(sequelize)).to.deep.equal([])
    expect(expectSuccess(await dbVerb('current'))).to.deep.equal(['No revision applied'])
  })

  it('stamp records revisions without running them (head, --purge, base)', async () => {
    expect(expectSuccess(await dbVerb('stamp', 'head'))).to.deep.equal([A, B, C, D].map((id) => `Stamped ${id}`))
    expect(await userTables()).to.deep.equal([])
    expect(await recordedIds(sequelize)).to.deep.equal([A, B, C, D])

    expect(expectSuccess(await dbVerb('stamp', '--purge', '--yes', B))).to.deep.equal([`Unstamped ${D}`, `Unstamped ${C}`])
    expect(await recordedIds(sequelize)).to.deep.equal([A, B])

    expect(expectSuccess(await dbVerb('stamp', 'base'))).to.deep.equal([`Unstamped ${B}`, `Unstamped ${A}`])
    expect(await recordedIds(sequelize)).to.deep.equal([])
    expect(expectSuccess(await dbVerb('stamp', 'base'))).to.deep.equal(['Nothing to stamp: the record is already empty (<base>)'])

    // Without a terminal to confirm on, --purge needs --yes; nothing is written.
    await dbVerb('stamp', B)
    expectOneLineError(await dbVerb('stamp', '--purge', 'head'), 'pass --yes')
    expect(await recordedIds(sequelize)).to.deep.equal([A, B])
    await dbVerb('stamp', 'base')
  })

  it('a record naming a revision no file defines: current and upgrade refuse, stamp --purge clears it', async () => {
    const queryInterface = sequelize.getQueryInterface()
    await queryInterface.bulkInsert('SequelizeMeta', [{name: A}, {name: 'fedcba987654'}])
    expectOneLineError(await dbVerb('current'), '1 name (fedcba987654)', 'stamp')
    expectOneLineError(await dbVerb('upgrade'), 'fedcba987654', 'stamp')
    expect(await recordedIds(sequelize)).to.deep.equal([A, 'fedcba987654'])
    expect(expectSuccess(await dbVerb('stamp', '--purge', '--yes', 'base'))).to.deep.equal([`Unstamped ${A}`, 'Unstamped fedcba987654'])
    expect(await recordedIds(sequelize)).to.deep.equal([])
  })

  it('a labelled branch: heads, branches, upgrade label@head, upgrade heads', async () => {
    project.writeRevision({
      revision: F, downRevision: B, branchLabels: ['feature'], message: 'create features',
      up: createTable('features'), down: dropTable('features'),
    })
    expect(expectSuccess(await dbVerb('heads'))).to.deep.equal([`${C} -> ${D} (head), create reviews`, `${B} -> ${F} (feature) (head), create features`])
    expect(expectSuccess(await dbVerb('branches'))).to.deep.equal([`${A} -> ${B} (branchpoint), create books`, `    -> ${C}`, `    -> ${F}`])

    expect(expectSuccess(await dbVerb('upgrade', 'feature@head'))).to.deep.equal([
      `Running upgrade <base> -> ${A}, create authors`,
      `Running upgrade ${A} -> ${B}, create books`,
      `Running upgrade ${B} -> ${F}, create features`,
    ])
    expect(await userTables()).to.deep.equal(['authors', 'books', 'features'])

    expect(expectSuccess(await dbVerb('upgrade', 'heads'))).to.deep.equal([
      `Running upgrade ${B} -> ${C}, add isbn to books`,
      `Running upgrade ${C} -> ${D}, create reviews`,
    ])
    expect(await recordedIds(sequelize)).to.deep.equal([A, B, C, D, F])
    expect(expectSuccess(await dbVerb('current'))).to.deep.equal([`${D} (head)`, `${F} (head)`])
  })

  it('merge joins the heads; upgrade runs the merge, downgrade to a parent splits again', async () => {
    expect(expectSuccess(await dbVerb('merge', '-m', 'merge feature', '--rev-id', M)))
      .to.deep.equal([`Generating migrations/versions/${M}_merge_feature.ts ... done`])
    const source = project.versionFiles()[`${M}_merge_feature.ts`]
    expect(source).to.include(`export const downRevision: string | string[] | null = ['${D}', '${F}']`)
    expect(source).to.include(`Revises: ${D}, ${F}`)
    expect(expectSuccess(await dbVerb('heads'))).to.deep.equal([`${D}, ${F} -> ${M} (head) (mergepoint), merge feature`])

    expect(expectSuccess(await dbVerb('upgrade'))).to.deep.equal([`Running upgrade ${D}, ${F} -> ${M}, merge feature`])
    expect(await recordedIds(sequelize)).to.deep.equal([A, B, C, D, F, M])

    // -1 from a merge undoes the merge (both parents stay); stepping back past it is ambiguous.
    expectOneLineError(await dbVerb('downgrade', '-2'), 'ambiguous', D, F)
    expect(expectSuccess(await dbVerb('downgrade', '-1'))).to.deep.equal([`Running downgrade ${M} -> ${D}, ${F}, merge feature`])
    expect(expectSuccess(await dbVerb('current'))).to.deep.equal([D, F])
  })

  it('downgrade base from two branches undoes every revision, children first', async () => {
    const steps = expectSuccess(await dbVerb('downgrade', 'base'))
    expect(steps).to.have.lengthOf(5)
    const undone = steps.map((line) => /^Running downgrade (\S+) ->/.exec(line)?.[1])
    expect(undone.indexOf(D)).to.be.lessThan(undone.indexOf(C))
    expect(undone.indexOf(C)).to.be.lessThan(undone.indexOf(B))
    expect(undone.indexOf(F)).to.be.lessThan(undone.indexOf(B))
    expect(undone[4]).to.equal(A)
    expect(await userTables()).to.deep.equal([])
    expect(await recordedIds(sequelize)).to.deep.equal([])
    expect(lines((await dbVerb('history', '-i')).stdout).filter((line) => line.includes('(current)'))).to.deep.equal([])
  })

  it('says what happened when nothing ran, times each step, and prints --json', async () => {
    const run = await dbVerb('upgrade', B)
    expect(run.code).to.equal(0)
    const first = lines(run.stdout)
    expect(first).to.have.lengthOf(4)
    expect(first[0]).to.equal(`Running upgrade <base> -> ${A}, create authors`)
    expect(first[1]).to.match(/^ {2}done in \d+(\.\d)? (ms|s)$/)
    expect(expectSuccess(await dbVerb('upgrade', A))).to.deep.equal([`Nothing to upgrade: ${A} is already applied (the database is at ${B})`])

    const upgraded = JSON.parse((await dbVerb('upgrade', '--json', C)).stdout)
    expect(upgraded.direction).to.equal('upgrade')
    expect(upgraded.current).to.deep.equal([C])
    expect(upgraded.steps).to.have.lengthOf(1)
    expect(upgraded.steps[0]).to.include({revision: C, message: 'add isbn to books'})
    expect(upgraded.steps[0].from).to.deep.equal([B])
    expect(upgraded.steps[0].durationMs).to.be.a('number')

    const downgraded = JSON.parse((await dbVerb('downgrade', '--json', 'base')).stdout)
    expect(downgraded.steps.map((step: {revision: string}) => step.revision)).to.deep.equal([C, B, A])
    expect(downgraded.current).to.deep.equal([])
    expect(expectSuccess(await dbVerb('downgrade', 'base'))).to.deep.equal(['Nothing to downgrade: the database is at <base>'])

    const stamped = JSON.parse((await dbVerb('stamp', '--json', A)).stdout)
    expect(stamped).to.deep.equal({added: [A], removed: [], current: [A]})
    expect(JSON.parse((await dbVerb('stamp', '--json', '--purge', '--yes', 'base')).stdout)).to.deep.equal({added: [], removed: [A], current: []})
  })

  it('names the database first, on stderr, without colour when piped', async () => {
    const result = await dbVerb('current')
    expect(lines(result.stderr)[0]).to.equal(`Database: ${expectedDatabaseLine(db)}`)
    expect(result.stdout + result.stderr).to.not.include('\u001B[')
    const forced = await project.run(['db', 'upgrade', A], {env: {FORCE_COLOR: '1'}})
    expect(forced.stdout).to.include('\u001B[2m  done in')
    const refused = await project.run(['db', 'upgrade', A], {env: {FORCE_COLOR: '1', NO_COLOR: '1'}})
    expect(refused.stdout + refused.stderr).to.not.include('\u001B[')
  })
})

/** The `Database:` line of a scratch database: its URL without password; SQLite's file path. */
function expectedDatabaseLine(db: ScratchDatabase): string {
  if (db.dialect === 'sqlite') return db.url
  const url = new URL(db.url)
  return `${db.dialect}://${url.username ? `${url.username}@` : ''}${url.hostname}:${url.port}${url.pathname}`
}
