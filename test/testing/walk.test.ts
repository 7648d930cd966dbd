/**
 * walkVersions: the fixture history (23 revisions, a branch and its merge) walked with `snake`
 * and data hooks, the repo's example migrations, and the broken fixtures, whose failures must
 * name the revision and the direction. Each test gets a fresh scratch database.
 */
import {AssertionError} from 'node:assert'
import {join} from 'node:path'
import {expect} from 'chai'
import {QueryTypes, type Sequelize} from 'sequelize'

import {loadEnvironment} from '../../src/config/environment'
import {type RevisionHooks, walkVersions, type WalkOptions} from '../../src/testing'
import {REPO_ROOT} from '../support/cli'
import {forEachDialect, type ScratchDatabase, useScratchDatabasePerTest} from '../support/databases'
import {recordedIds, tableNames} from '../support/schema'
import {type HookLog, historyHooks} from '../fixtures/history/hooks'

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures')
const HISTORY = join(FIXTURES, 'history')
const BAD_DOWN = join(FIXTURES, 'broken', 'bad-down')
const LOSSY = join(FIXTURES, 'broken', 'lossy')
const IRREVERSIBLE = join(FIXTURES, 'broken', 'irreversible')

/** The fixture history's revisions in walk order (base to head; the branch as the graph orders it). */
const HISTORY_REVISIONS = 23
const HISTORY_BASE = 'd1a7bb7c2f1e'
const HISTORY_HEAD = 'b918aac22e94'

/** Runs `walk` and returns the AssertionError it must throw. */
async function walkFailure(options: WalkOptions): Promise<AssertionError> {
  try {
    await walkVersions(options)
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(AssertionError)
    return error as AssertionError
  }
  expect.fail('the walk should have failed')
}

forEachDialect('walkVersions', (dialect) => {
  let db: ScratchDatabase
  let sequelize: Sequelize
  const userTables = async () => (await tableNames(sequelize)).filter((name) => name !== 'SequelizeMeta' && name !== 'SequelizeMeta_progress')

  useScratchDatabasePerTest(dialect, (made) => ({db, sequelize} = made))

  it('walks the fixture history up (snaking each revision) and back down, with data hooks', async () => {
    const log: HookLog = []
    const seen: string[] = []
    const steps = await walkVersions({directory: HISTORY, sequelize, snake: true, hooks: historyHooks(log), onStep: (step) => seen.push(step.title)})

    expect(steps).to.have.lengthOf(HISTORY_REVISIONS * 4)
    expect(seen).to.deep.equal(steps.map((step) => step.title))
    expect(steps.slice(0, 3).map((step) => step.title)).to.deep.equal([
      `upgrade ${HISTORY_BASE} create authors`,
      `downgrade ${HISTORY_BASE} create authors (snake)`,
      `upgrade ${HISTORY_BASE} create authors (snake, again)`,
    ])
    expect(steps[HISTORY_REVISIONS * 3].title).to.equal(`downgrade ${HISTORY_HEAD} add settings.updated_at`)
    expect(steps.at(-1)!.title).to.equal(`downgrade ${HISTORY_BASE} create authors`)
    // Every hook ran where it should: postDowngrade twice (snake and descent).
    const count = (kind: string) => log.filter((entry) => entry.startsWith(`${kind} `)).length
    expect([count('preUpgrade'), count('check'), count('postDowngrade')]).to.deep.equal([5, 13, 2 * 11])
    expect(log.slice(0, 7)).to.deep.equal([
      'preUpgrade 9f7f4f5ffb8d', 'check 9f7f4f5ffb8d', 'postDowngrade 9f7f4f5ffb8d',
      'preUpgrade 8c51394d1106', 'check 8c51394d1106', 'postDowngrade 8c51394d1106',
      'check 6cfe9acbbf6f',
    ])
    expect(log.at(-1)).to.equal('postDowngrade 9f7f4f5ffb8d')
    expect(await userTables()).to.deep.equal([])
    expect(await recordedIds(sequelize)).to.deep.equal([])
  })

  it('with a loaded environment and downgrade: false, stops at head', async () => {
    const environment = await loadEnvironment({directory: HISTORY})
    const steps = await walkVersions({environment, sequelize, downgrade: false})
    expect(steps.map((step) => step.direction)).to.deep.equal(Array(HISTORY_REVISIONS).fill('upgrade'))
    expect(await userTables()).to.deep.equal(['authors', 'comments', 'post_revisions', 'post_tags', 'posts', 'settings', 'tags'])
    expect(await recordedIds(sequelize)).to.have.lengthOf(HISTORY_REVISIONS)
  })

  it('refuses a database that already records revisions', async () => {
    await walkVersions({directory: HISTORY, sequelize, downgrade: false})
    const error = await walkFailure({directory: HISTORY, sequelize})
    expect(error.message).to.include('needs an empty database').and.include(HISTORY_HEAD)
  })

  it('walks the example migrations in migrations/ with snake', async () => {
    const steps = await walkVersions({directory: join(REPO_ROOT, 'migrations'), sequelize, snake: true})
    expect(steps.length).to.be.greaterThan(0)
    expect(steps.at(-1)!.direction).to.equal('downgrade')
    expect(await userTables()).to.deep.equal([])
  })

  it('a down that does not undo its up fails the snake downgrade, naming the revision and the column', async () => {
    const error = await walkFailure({directory: BAD_DOWN, sequelize, snake: true})
    expect(error.message).to.match(/^downgrade c7f99f994361 add widgets\.color and widgets\.size \(snake\): down did not restore the schema/)
    expect(error.message).to.include('widgets.size')
  })

  it('without snake, the same bad down goes unnoticed (only snake compares schemas)', async () => {
    const steps = await walkVersions({directory: BAD_DOWN, sequelize})
    expect(steps).to.have.lengthOf(6)
  })

  describe('a lossy data migration', () => {
    const people = ['Plato', 'Jean Paul Sartre']
    const seed: RevisionHooks['preUpgrade'] = async ({queryInterface}) => {
      await queryInterface.bulkInsert('people', people.map((name) => ({name})))
    }

    it('fails its check hook, naming the revision', async () => {
      const hooks: Record<string, RevisionHooks<any>> = {
        '7f8bf94c912d': {
          preUpgrade: seed,
          check: async ({sequelize: database}) => {
            const rows = await database.query<{given_name: string; family_name: string | null}>('SELECT given_name, family_name FROM people ORDER BY id', {type: QueryTypes.SELECT})
            expect(rows.map((row) => row.given_name)).to.deep.equal(['Plato', 'Jean'])
            expect(rows[1].family_name, 'family name of Jean Paul Sartre').to.equal('Paul Sartre')
          },
        },
      }
      const error = await walkFailure({directory: LOSSY, sequelize, snake: true, hooks})
      expect(error.message).to.match(/^upgrade 7f8bf94c912d split people\.name into given_name and family_name: check failed: /)
      expect(error.message).to.include('family name of Jean Paul Sartre: expected \'Paul\' to equal \'Paul Sartre\'')
    })

    it('fails its postDowngrade hook on the way down, naming the revision', async () => {
      const hooks: Record<string, RevisionHooks<any>> = {
        // A hook key may be a unique prefix of the revision id.
        '7f8bf9': {
          preUpgrade: seed,
          postDowngrade: async ({sequelize: database}) => {
            const rows = await database.query<{name: string}>('SELECT name FROM people ORDER BY id', {type: QueryTypes.SELECT})
            expect(rows.map((row) => row.name), 'names after down').to.deep.equal(people)
          },
        },
      }
      const error = await walkFailure({directory: LOSSY, sequelize, snake: true, hooks})
      expect(error.message).to.match(/^downgrade 7f8bf94c912d split people\.name into given_name and family_name \(snake\): postDowngrade failed: names after down: /)
    })
  })

  describe('an irreversible revision', () => {
    it('ends the descent there: later downgrades are skipped and the record stays at it', async () => {
      const steps = await walkVersions({directory: IRREVERSIBLE, sequelize})
      expect(steps.map((step) => step.title)).to.deep.equal([
        'upgrade 3aef7dc8fd68 create accounts',
        'upgrade 4fa829aa8cae drop accounts.legacy_code',
        'upgrade a5cc6d13682a create sessions',
        'downgrade a5cc6d13682a create sessions',
        'downgrade 4fa829aa8cae drop accounts.legacy_code',
      ])
      expect(await recordedIds(sequelize)).to.deep.equal(['3aef7dc8fd68', '4fa829aa8cae'])
      expect(await userTables()).to.deep.equal(['accounts'])
    })

    it('under snake stays applied, its "again" step is skipped, and the walk goes on', async () => {
      const steps = await walkVersions({directory: IRREVERSIBLE, sequelize, snake: true})
      const titles = steps.map((step) => step.title)
      expect(titles).to.include('downgrade 4fa829aa8cae drop accounts.legacy_code (snake)')
      expect(titles).to.not.include('upgrade 4fa829aa8cae drop accounts.legacy_code (snake, again)')
      expect(titles).to.include('upgrade a5cc6d13682a create sessions (snake, again)')
      expect(titles.at(-1)).to.equal('downgrade 4fa829aa8cae drop accounts.legacy_code')
      expect(await recordedIds(sequelize)).to.deep.equal(['3aef7dc8fd68', '4fa829aa8cae'])
    })
  })
})
