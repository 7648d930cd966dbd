import {expect} from 'chai'

import {RevisionError} from '../../src/errors'
import {planOfflineDowngrade, planOfflineStamp, planOfflineUpgrade, RevisionMap} from '../../src/revision'

// a <- b <- c, and d branching from a
const map = new RevisionMap([
  {revision: 'aaaa', downRevisions: [], branchLabels: []},
  {revision: 'bbbb', downRevisions: ['aaaa'], branchLabels: []},
  {revision: 'cccc', downRevisions: ['bbbb'], branchLabels: []},
  {revision: 'dddd', downRevisions: ['aaaa'], branchLabels: []},
] as never)

function code(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    expect(error).to.be.instanceOf(RevisionError)
    return (error as RevisionError).code
  }
  throw new Error('no error')
}

describe('offline ranges', () => {
  it('[START:]END upgrades from base unless START is given', () => {
    expect(planOfflineUpgrade(map, 'cccc').steps).to.deep.equal(['aaaa', 'bbbb', 'cccc'])
    expect(planOfflineUpgrade(map, 'base:cccc').steps).to.deep.equal(['aaaa', 'bbbb', 'cccc'])
    expect(planOfflineUpgrade(map, ':cccc').steps).to.deep.equal(['aaaa', 'bbbb', 'cccc'])
    const {steps, applied} = planOfflineUpgrade(map, 'aaaa:heads')
    expect(steps).to.have.members(['bbbb', 'cccc', 'dddd'])
    expect([...applied]).to.deep.equal(['aaaa'])
    expect(planOfflineUpgrade(map, 'bbbb:bbbb').steps).to.deep.equal([])
  })

  it('START:END downgrades from START, children first', () => {
    expect(planOfflineDowngrade(map, 'cccc:base').steps).to.deep.equal(['cccc', 'bbbb', 'aaaa'])
    expect(planOfflineDowngrade(map, 'heads:aaaa').steps).to.have.members(['cccc', 'bbbb', 'dddd'])
    expect(planOfflineDowngrade(map, 'cccc:-1').steps).to.deep.equal(['cccc'])
  })

  it('stamp plans the record rows from START', () => {
    expect(planOfflineStamp(map, 'bbbb')).to.include({start: 'base', end: 'bbbb'})
    expect(planOfflineStamp(map, 'bbbb').add).to.deep.equal(['aaaa', 'bbbb'])
    expect(planOfflineStamp(map, 'cccc:aaaa').remove).to.deep.equal(['cccc', 'bbbb'])
  })

  it('refuses a downgrade without START, a range the wrong way round, unknown ids and bad syntax', () => {
    expect(code(() => planOfflineDowngrade(map, 'base'))).to.equal('RANGE_NEEDS_START')
    expect(code(() => planOfflineDowngrade(map, ':base'))).to.equal('RANGE_NEEDS_START')
    expect(code(() => planOfflineUpgrade(map, 'cccc:aaaa'))).to.equal('START_AFTER_END')
    expect(code(() => planOfflineDowngrade(map, 'aaaa:cccc'))).to.equal('START_BEFORE_END')
    expect(code(() => planOfflineUpgrade(map, 'zzzz:cccc'))).to.equal('UNKNOWN_REVISION')
    expect(code(() => planOfflineUpgrade(map, 'a:b:c'))).to.equal('INVALID_RANGE')
    expect(code(() => planOfflineUpgrade(map, 'aaaa:'))).to.equal('INVALID_RANGE')
  })
})
