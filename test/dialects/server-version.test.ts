/**
 * Sequelize opens a connection of its own to learn the server version before its pool's first one;
 * on PostgreSQL and MariaDB the pool's first connection learns it as it starts, and the throwaway
 * one is saved.
 */
import {expect} from 'chai'
import {Sequelize} from 'sequelize'

import {dialectNamed} from '../../src/dialects'
import {semverOf} from '../../src/dialects/postgres/runtime'
import {connect} from '../../src/runtime/connect'
import {createScratchDatabase, forEachDialect, type ScratchDatabase, type TestDialect} from '../support/databases'

interface Internals {
  options: {databaseVersion: string | number}
  connectionManager: {connect(config: unknown): Promise<unknown>}
}

/** Counts the connections the instance opens; `after` runs on each once it is open. */
function countConnections(sequelize: Sequelize, after?: () => void): {count: number} {
  const {connectionManager} = sequelize as unknown as Internals
  const counter = {count: 0}
  const connect = connectionManager.connect.bind(connectionManager)
  connectionManager.connect = async (config) => {
    const connection = await connect(config)
    counter.count++
    after?.()
    return connection
  }
  return counter
}

describe('semverOf', () => {
  it('reads a PostgreSQL server version as Sequelize coerces it', () => {
    expect(semverOf('15.20 (Debian 15.20-0+deb12u1)')).to.equal('15.20.0')
    expect(semverOf('9.6.24')).to.equal('9.6.24')
    expect(semverOf('17beta1')).to.equal('17.0.0')
    expect(semverOf(undefined)).to.equal('9.5.0')
  })
})

forEachDialect('the server version', (dialect: TestDialect) => {
  const {beforeFirstConnection} = dialectNamed(dialect).runtime
  let db: ScratchDatabase
  let sequelize: Sequelize
  let expected: string

  before(async () => {
    db = await createScratchDatabase(dialect)
    const probe = db.connect()
    const [rows] = await probe.query(dialect === 'postgres' ? "SELECT current_setting('server_version') AS version" : 'SELECT VERSION() AS version')
    expected = semverOf((rows as Array<{version: string}>)[0].version)
    await probe.close()
  })

  after(() => db.drop())

  beforeEach(() => {
    sequelize = db.connect()
  })

  afterEach(() => sequelize.close())

  it('without it Sequelize opens two connections for its first query', async () => {
    const opened = countConnections(sequelize)
    await sequelize.query('SELECT 1')
    expect(opened.count).to.equal(2)
  })

  it('is learnt by the pool\'s first connection, which is the only one opened', async () => {
    const opened = countConnections(sequelize)
    beforeFirstConnection!(sequelize)
    await sequelize.query('SELECT 1')
    expect(opened.count).to.equal(1)
    expect((sequelize as unknown as Internals).options.databaseVersion).to.equal(expected)
    expect(sequelize.hasHook('afterConnect')).to.not.be.ok
  })

  it('is learnt so by the runtime\'s connection check, the first connection of every verb', async () => {
    const opened = countConnections(sequelize)
    await connect(sequelize)
    await connect(sequelize)
    await sequelize.query('SELECT 1')
    expect(opened.count).to.equal(1)
    expect((sequelize as unknown as Internals).options.databaseVersion).to.equal(expected)
  })

  it('leaves an instance with replication as it is (Sequelize asks the primary)', async () => {
    const replicated = new Sequelize(db.url, {logging: false, replication: {read: [{}], write: {}}})
    try {
      const opened = countConnections(replicated)
      beforeFirstConnection!(replicated)
      expect(replicated.hasHook('afterConnect')).to.not.be.ok
      await replicated.query('SELECT 1', {useMaster: true})
      expect(opened.count).to.equal(2)
    } finally {
      await replicated.close()
    }
  })

  if (dialect === 'postgres') it('is asked for by that connection when the server did not report it', async () => {
    const {options} = sequelize as unknown as Internals
    const opened = countConnections(sequelize, () => { options.databaseVersion = 0 })
    beforeFirstConnection!(sequelize)
    await sequelize.query('SELECT 1')
    expect(opened.count).to.equal(1)
    expect(options.databaseVersion).to.equal(expected)
    expect(sequelize.hasHook('afterConnect')).to.not.be.ok
  })

  it('leaves an instance that was given the version as it is', async () => {
    const given = db.connect()
    try {
      ;(given as unknown as Internals).options.databaseVersion = '12.0.0'
      const opened = countConnections(given)
      beforeFirstConnection!(given)
      expect(given.hasHook('afterConnect')).to.not.be.ok
      await given.query('SELECT 1')
      expect(opened.count).to.equal(1)
      // MariaDB's driver overwrites it from the handshake whatever it was (Sequelize's own doing).
      if (dialect === 'postgres') expect((given as unknown as Internals).options.databaseVersion).to.equal('12.0.0')
    } finally {
      await given.close()
    }
  })
}, ['postgres', 'mariadb'])
