/**
 * On PostgreSQL autogenerate sends its catalog query before it describes the models, so the server
 * reads the catalog while the client describes. A model error must still not wait for that query:
 * it is dropped, and neither the error nor `sequelize.close()` waits for it. These tests hold the
 * catalog query up for as long as they like (another session locks pg_description, which it
 * reads): were the query waited for, they would hang until mocha's timeout, so no timing is read.
 */
import {expect} from 'chai'
import {DataTypes, type Sequelize} from 'sequelize'

import {compareModelsToDatabase} from '../../src/autogenerate/autogenerate'
import {describeOp} from '../../src/autogenerate/ops'
import {dialectOf} from '../../src/dialects'
import {AutogenerateError} from '../../src/errors'
import {holdTransactionContext} from '../../src/runtime/cls'
import {createScratchDatabase, forEachDialect, type ScratchDatabase, type TestDialect} from '../support/databases'

const versionTable = {tableName: 'SequelizeMeta', columnName: 'name'}

interface Pool {using: number; size: number}

function defineShop(sequelize: Sequelize, options: {broken?: boolean} = {}) {
  sequelize.define('customer', {name: {type: DataTypes.STRING(80), allowNull: false}}, {tableName: 'customers', timestamps: false})
  sequelize.define('order', {
    total: {type: DataTypes.DECIMAL(10, 2)},
    // A foreign key to a table no model defines: the description fails (UNKNOWN_REFERENCE).
    customerId: {type: DataTypes.INTEGER, references: {model: options.broken ? 'clients' : 'customers', key: 'id'}},
  }, {tableName: 'orders', timestamps: false})
}

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if (await condition()) return
    await new Promise((resolve) => { setTimeout(resolve, 20) })
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** The number of other sessions on the database running a query that reads pg_description. */
async function catalogQueries(observer: Sequelize): Promise<number> {
  const [rows] = await observer.query(`SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%pg_description%' AND query NOT LIKE '%pg_stat_activity%'`)
  return (rows as Array<{n: number}>)[0].n
}

forEachDialect('autogenerate reads the catalog while it describes the models', (dialect: TestDialect) => {
  let db: ScratchDatabase
  let sequelize: Sequelize
  let locker: Sequelize
  let observer: Sequelize
  let releaseLock: (() => void) | undefined
  let lockHeld: Promise<unknown> | undefined

  beforeEach(async () => {
    db = await createScratchDatabase(dialect)
    sequelize = db.connect()
    locker = db.connect()
    observer = db.connect()
  })

  afterEach(async () => {
    releaseLock?.()
    await lockHeld
    releaseLock = undefined
    lockHeld = undefined
    await Promise.all([sequelize.close(), locker.close(), observer.close()])
    await db.drop()
  })

  /** Holds the catalog query up: another session locks pg_description until releaseLock(). */
  async function holdCatalog(): Promise<void> {
    let locked!: () => void
    const isLocked = new Promise<void>((resolve) => { locked = resolve })
    lockHeld = locker.transaction(async (transaction) => {
      await locker.query('LOCK TABLE pg_catalog.pg_description IN ACCESS EXCLUSIVE MODE', {transaction})
      locked()
      await new Promise<void>((resolve) => { releaseLock = resolve })
    })
    await isLocked
  }

  it('a model error is reported while the catalog query is held up, and close() does not wait for it', async () => {
    await sequelize.query('CREATE TABLE customers (id SERIAL PRIMARY KEY, name VARCHAR(80) NOT NULL)')
    defineShop(sequelize, {broken: true})
    // The pool's connection exists already, as after `db check` read the record.
    await sequelize.authenticate()
    await holdCatalog()

    const error = await compareModelsToDatabase({models: sequelize, database: sequelize, dialect: dialectOf(sequelize), versionTable})
      .then(() => undefined, (caught: unknown) => caught)
    expect(error).to.be.instanceOf(AutogenerateError)
    expect((error as AutogenerateError).code).to.equal('UNKNOWN_REFERENCE')
    const pool = (sequelize.connectionManager as unknown as {pool: Pool}).pool
    expect(pool.using, 'connections in use after the error').to.equal(0)
    // The connection that ran the query was destroyed, not returned to the pool.
    expect(pool.size).to.equal(0)
    await sequelize.close()

    // The server runs the abandoned query once the lock goes, then finds its client gone.
    releaseLock!()
    await lockHeld
    await waitFor(async () => (await catalogQueries(observer)) === 0, 'the abandoned catalog query to end')
  })

  it('with the models described, it waits for the catalog and finds the difference, returning the connection to the pool', async () => {
    await sequelize.query('CREATE TABLE customers (id SERIAL PRIMARY KEY, name VARCHAR(80) NOT NULL)')
    defineShop(sequelize)
    await sequelize.authenticate()
    await holdCatalog()

    const comparing = compareModelsToDatabase({models: sequelize, database: sequelize, dialect: dialectOf(sequelize), versionTable})
    await waitFor(async () => (await catalogQueries(observer)) === 1, 'the catalog query to wait for the lock')
    releaseLock!()
    const {ops} = await comparing
    expect(ops.map(describeOp)).to.deep.equal(['add table orders'])
    const pool = (sequelize.connectionManager as unknown as {pool: Pool}).pool
    expect(pool.using).to.equal(0)
    expect(pool.size).to.equal(1)
  })

  it('inside a transaction of a CLS namespace (a test wrapped in one), it reads the catalog in that transaction', async () => {
    defineShop(sequelize)
    const release = holdTransactionContext(sequelize)
    try {
      await sequelize.transaction(async () => {
        // Not committed: only a read in this transaction sees the tables.
        await sequelize.query('CREATE TABLE customers (id SERIAL PRIMARY KEY, name VARCHAR(80) NOT NULL)')
        await sequelize.query('CREATE TABLE orders (id SERIAL PRIMARY KEY, total DECIMAL(10,2), "customerId" INTEGER REFERENCES customers (id))')
        const {ops} = await compareModelsToDatabase({models: sequelize, database: sequelize, dialect: dialectOf(sequelize), versionTable})
        expect(ops.map(describeOp)).to.deep.equal([])
        throw new RolledBack()
      }).catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error
      })
    } finally {
      release()
    }
  })
}, ['postgres'])

class RolledBack extends Error {}

forEachDialect('autogenerate with a model error', (dialect: TestDialect) => {
  let db: ScratchDatabase
  let sequelize: Sequelize

  beforeEach(async () => {
    db = await createScratchDatabase(dialect)
    sequelize = db.connect()
  })

  afterEach(async () => {
    await sequelize.close()
    await db.drop()
  })

  it('reports the model and leaves no connection in use', async () => {
    await sequelize.query('CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL)')
    defineShop(sequelize, {broken: true})
    await sequelize.authenticate()
    const error = await compareModelsToDatabase({models: sequelize, database: sequelize, dialect: dialectOf(sequelize), versionTable})
      .then(() => undefined, (caught: unknown) => caught)
    expect((error as AutogenerateError).code).to.equal('UNKNOWN_REFERENCE')
    expect((error as Error).message).to.contain('Model order, attribute customerId')
    const pool = (sequelize.connectionManager as unknown as {pool?: Pool}).pool
    if (pool) expect(pool.using).to.equal(0)
  })
})
