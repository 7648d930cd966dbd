/**
 * scratchDatabase: an empty database per test from a server URL, on every dialect, removed by
 * drop(); SQLite's `sqlite::memory:` gives a temporary file without Node's DEP0170 warning.
 */
import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import {promisify} from 'node:util'
import {expect} from 'chai'
import {Sequelize} from 'sequelize'

import {scratchDatabase} from '../../src/testing'
import {REPO_ROOT} from '../support/cli'
import {forEachDialect, serverUrl} from '../support/databases'
import {tableNames} from '../support/schema'

forEachDialect('scratchDatabase', (dialect) => {
  it('makes an empty database reachable by its URL, and drop() removes it', async () => {
    const db = await scratchDatabase(serverUrl(dialect), {prefix: 'sm_test'})
    try {
      expect(await tableNames(db.sequelize)).to.deep.equal([])
      await db.sequelize.getQueryInterface().createTable('probe', {id: {type: 'INTEGER', primaryKey: true}})
      const other = dialect === 'sqlite' ? new Sequelize({dialect: 'sqlite', storage: db.url.slice('sqlite:'.length), logging: false}) : new Sequelize(db.url, {logging: false})
      try {
        expect(await tableNames(other)).to.deep.equal(['probe'])
      } finally {
        await other.close()
      }
    } finally {
      await db.drop()
    }
    await db.drop() // a second drop is harmless
    if (dialect === 'sqlite') {
      expect(existsSync(db.url.slice('sqlite:'.length))).to.equal(false)
    } else {
      const name = new URL(db.url).pathname.slice(1)
      const admin = new Sequelize(serverUrl(dialect), {logging: false})
      try {
        const [rows] = await admin.query(dialect === 'postgres' ? `SELECT datname FROM pg_database WHERE datname = '${name}'` : `SHOW DATABASES LIKE '${name}'`)
        expect(rows).to.deep.equal([])
      } finally {
        await admin.close()
      }
    }
  })
})

describe('scratchDatabase on sqlite::memory:', () => {
  it('prints no warning (no DEP0170)', async () => {
    const script = "require('./dist/testing').scratchDatabase('sqlite::memory:').then((db) => db.drop())"
    const {stderr} = await promisify(execFile)(process.execPath, ['-e', script], {cwd: REPO_ROOT})
    expect(stderr).to.equal('')
  })
})
