import {expect} from 'chai'
import {historyOrder, parseRange, rangeNeedsApplied} from '../../src/revision'
import {applied, expectRevisionError, forked, linear, merged} from './graphs'

describe('historyOrder', () => {
  it('lists the newest revision first', () => {
    expect(historyOrder(linear())).to.deep.equal(['d', 'c', 'b', 'a'])
    expect(historyOrder(merged())).to.deep.equal(['e', 'm', 'c2', 'd1', 'c1', 'b', 'a'])
  })
})

describe('parseRange', () => {
  const none = applied()

  it('lists everything for an open range', () => {
    expect(parseRange(linear(), none, ':')).to.deep.equal(['d', 'c', 'b', 'a'])
    expect(parseRange(linear(), none, 'base:heads')).to.deep.equal(['d', 'c', 'b', 'a'])
  })

  it('bounds the range on either side, inclusive', () => {
    expect(parseRange(linear(), none, 'b:')).to.deep.equal(['d', 'c', 'b'])
    expect(parseRange(linear(), none, ':b')).to.deep.equal(['b', 'a'])
    expect(parseRange(linear(), none, 'b:c')).to.deep.equal(['c', 'b'])
    expect(parseRange(linear(), none, 'c:b')).to.deep.equal([])
    expect(parseRange(linear(), none, ':base')).to.deep.equal([])
  })

  it('follows only the branches between the bounds', () => {
    expect(parseRange(forked(), none, 'c1:heads')).to.deep.equal(['d1', 'c1'])
    expect(parseRange(merged(), none, 'c2:m')).to.deep.equal(['m', 'c2'])
  })

  it('reads `current` and steps relative to the current head', () => {
    const state = applied('a', 'b', 'c')
    expect(parseRange(linear(), state, '-1:current')).to.deep.equal(['c', 'b'])
    expect(parseRange(linear(), state, 'current:+1')).to.deep.equal(['d', 'c'])
    expect(parseRange(linear(), none, 'current:')).to.deep.equal(['d', 'c', 'b', 'a'])
    expect(parseRange(linear(), none, ':current')).to.deep.equal([])
  })

  it('passes on the errors of its bounds', () => {
    const error = expectRevisionError(() => parseRange(forked(), none, ':head'), 'MULTIPLE_HEADS')
    expect(error.message).to.include('`db history -r :d1`')
    expectRevisionError(() => parseRange(linear(), none, 'zzzz:'), 'UNKNOWN_REVISION')
    expectRevisionError(() => parseRange(linear(), applied('a'), ':+5'), 'PAST_HEAD')
  })

  it('rejects text that is not START:END', () => {
    for (const range of ['b', 'a:b:c']) {
      const error = expectRevisionError(() => parseRange(linear(), none, range), 'INVALID_RANGE')
      expect(error.message).to.include(`'${range}'`).and.include('START:END')
    }
  })
})

describe('rangeNeedsApplied', () => {
  it('is true only when the range counts from what the database has applied', () => {
    for (const range of ['base:head', ':b', 'b:', 'b:c', ':', 'b-1:c+1']) expect(rangeNeedsApplied(linear(), range), range).to.equal(false)
    for (const range of ['current:', ':current', '-1:', ':+1', 'base:-2']) expect(rangeNeedsApplied(linear(), range), range).to.equal(true)
  })
})
