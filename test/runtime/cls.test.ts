/**
 * The transaction context (CLS) on the user's Sequelize class: held for a run, removed when the
 * last run holding it ends, never removed when the application installed its own. No database:
 * installing a namespace needs no connection.
 */
import {expect} from 'chai'
import {Sequelize} from 'sequelize'

import {ensureTransactionContext, holdTransactionContext} from '../../src/runtime/cls'

type WithCls = {_cls?: unknown; useCLS(namespace: unknown): void}
const SequelizeClass = Sequelize as unknown as WithCls

describe('holdTransactionContext', () => {
  let before: unknown
  let sequelize: Sequelize

  beforeEach(() => {
    // Start from a class without a namespace, whatever the tests before this file left.
    before = SequelizeClass._cls
    delete SequelizeClass._cls
    sequelize = new Sequelize({dialect: 'sqlite', storage: ':memory:', logging: false})
  })

  afterEach(async () => {
    await sequelize.close()
    if (before === undefined) delete SequelizeClass._cls
    else SequelizeClass._cls = before
  })

  it('installs a namespace for the run and removes it when the run ends', () => {
    const release = holdTransactionContext(sequelize)
    expect(SequelizeClass._cls).to.have.property('get').that.is.a('function')
    ensureTransactionContext(sequelize)
    const installed = SequelizeClass._cls
    release()
    expect(SequelizeClass._cls).to.equal(undefined)
    release()
    expect(installed).not.to.equal(undefined)
  })

  it('keeps the namespace while an overlapping run still holds it', () => {
    const first = holdTransactionContext(sequelize)
    const installed = SequelizeClass._cls
    const second = holdTransactionContext(new Sequelize({dialect: 'sqlite', storage: ':memory:', logging: false}))
    expect(SequelizeClass._cls).to.equal(installed)
    first()
    expect(SequelizeClass._cls).to.equal(installed)
    second()
    expect(SequelizeClass._cls).to.equal(undefined)
  })

  it("never removes the application's own namespace", () => {
    const theirs = {get: () => undefined, set: () => undefined, run: (fn: () => unknown) => fn(), bind: (fn: unknown) => fn}
    SequelizeClass.useCLS(theirs)
    holdTransactionContext(sequelize)()
    expect(SequelizeClass._cls).to.equal(theirs)
  })

  it('gives a run the transaction of the callback it runs in, and none outside', async () => {
    const release = holdTransactionContext(sequelize)
    try {
      await sequelize.transaction(async (transaction) => {
        expect((SequelizeClass._cls as {get(key: string): unknown}).get('transaction')).to.equal(transaction)
      })
      expect((SequelizeClass._cls as {get(key: string): unknown}).get('transaction')).to.equal(undefined)
    } finally {
      release()
    }
  })
})
