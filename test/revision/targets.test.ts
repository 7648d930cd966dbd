import {expect} from 'chai'
import {RevisionMap, branchHeads, currentHeads, evaluateTarget, parseTarget, resolveOne, resolveRevision, singleHead} from '../../src/revision'
import {applied, expectRevisionError, forked, labelled, linear, rev} from './graphs'

/** Hex ids as `db revision` writes them; two share the prefix `a1b2`. */
const hexMap = (): RevisionMap => new RevisionMap([
  rev('a1b2c3d4e5f6'), rev('a1b2ffff0000', ['a1b2c3d4e5f6']), rev('0f1e2d3c4b5a', ['a1b2ffff0000'], ['feature']),
])

describe('resolveRevision', () => {
  it('accepts a full id, even one shorter than a prefix may be', () => {
    expect(resolveRevision(hexMap(), 'a1b2c3d4e5f6')).to.equal('a1b2c3d4e5f6')
    expect(resolveRevision(linear(), 'c')).to.equal('c')
  })

  it('accepts a unique prefix of four characters or more', () => {
    expect(resolveRevision(hexMap(), '0f1e')).to.equal('0f1e2d3c4b5a')
    expect(resolveRevision(hexMap(), 'a1b2c')).to.equal('a1b2c3d4e5f6')
  })

  it('lists every candidate of an ambiguous prefix', () => {
    const error = expectRevisionError(() => resolveRevision(hexMap(), 'a1b2'), 'AMBIGUOUS_REVISION')
    expect(error.message).to.include('a1b2c3d4e5f6').and.include('a1b2ffff0000')
  })

  it('refuses prefixes shorter than four characters', () => {
    const error = expectRevisionError(() => resolveRevision(hexMap(), '0f1'), 'UNKNOWN_REVISION')
    expect(error.message).to.include("'0f1'").and.include('at least 4 characters')
  })

  it('resolves a branch label to the labelled revision', () => {
    expect(resolveRevision(hexMap(), 'feature')).to.equal('0f1e2d3c4b5a')
  })

  it('says which reference it cannot locate', () => {
    const error = expectRevisionError(() => resolveRevision(hexMap(), 'deadbeef'), 'UNKNOWN_REVISION')
    expect(error.message).to.include("Can't locate revision identified by 'deadbeef'")
  })
})

describe('currentHeads', () => {
  it('is empty when nothing is applied', () => {
    expect(currentHeads(linear(), applied())).to.deep.equal([])
  })

  it('is the highest applied revision of a chain', () => {
    expect(currentHeads(linear(), applied('a', 'b'))).to.deep.equal(['b'])
  })

  it('lists each applied branch tip in topological order', () => {
    expect(currentHeads(forked(), applied('c2', 'a', 'b', 'c1', 'd1'))).to.deep.equal(['d1', 'c2'])
    expect(currentHeads(forked(), applied('a', 'b', 'c2'))).to.deep.equal(['c2'])
  })

  it('names applied revisions no file defines and suggests a purging stamp', () => {
    const error = expectRevisionError(() => currentHeads(linear(), applied('a', 'gone1234')), 'UNKNOWN_APPLIED_REVISION')
    expect(error.message).to.include('gone1234').and.include('--purge')
  })
})

describe('parseTarget', () => {
  it('reads keywords and steps from the current head', () => {
    const map = linear()
    expect(parseTarget(map, 'heads')).to.deep.equal({kind: 'heads'})
    expect(parseTarget(map, '+2')).to.deep.equal({kind: 'relative', text: '+2', anchor: {kind: 'current'}, delta: 2})
    expect(parseTarget(map, '-1')).to.deep.equal({kind: 'relative', text: '-1', anchor: {kind: 'current'}, delta: -1})
  })

  it('reads steps from a revision given by prefix', () => {
    expect(parseTarget(hexMap(), '0f1e-2')).to.deep.equal(
      {kind: 'relative', text: '0f1e-2', anchor: {kind: 'revision', id: '0f1e2d3c4b5a'}, delta: -2})
  })

  it('prefers an exact id that looks like a step', () => {
    const map = new RevisionMap([rev('rel'), rev('rel-1', ['rel'])])
    expect(parseTarget(map, 'rel-1')).to.deep.equal({kind: 'revision', id: 'rel-1'})
  })

  it('reads branch forms', () => {
    const map = labelled()
    expect(parseTarget(map, 'feature@head')).to.deep.equal({kind: 'branch-head', label: 'feature', all: false})
    expect(parseTarget(map, 'spike@heads')).to.deep.equal({kind: 'branch-head', label: 'spike', all: true})
    expect(parseTarget(map, 'feature@+1')).to.deep.equal(
      {kind: 'relative', text: 'feature@+1', anchor: {kind: 'branch', label: 'feature'}, delta: 1})
    expect(parseTarget(map, 'feature')).to.deep.equal({kind: 'revision', id: 'f1'})
  })

  it('rejects an unknown label or a malformed branch form', () => {
    const unknown = expectRevisionError(() => parseTarget(labelled(), 'nope@head'), 'UNKNOWN_REVISION')
    expect(unknown.message).to.include("no branch label 'nope'")
    const malformed = expectRevisionError(() => parseTarget(labelled(), 'feature@top'), 'UNKNOWN_REVISION')
    expect(malformed.message).to.include('head, heads, +N or -N')
  })

  it('reports an unknown revision before a step', () => {
    const error = expectRevisionError(() => parseTarget(linear(), 'zzzz+1'), 'UNKNOWN_REVISION')
    expect(error.message).to.include("'zzzz'")
  })
})

describe('evaluateTarget', () => {
  it('places `current` at base when nothing is applied', () => {
    expect(evaluateTarget(linear(), applied(), {kind: 'current'})).to.equal('base')
    expect(evaluateTarget(linear(), applied('a', 'b'), {kind: 'current'})).to.deep.equal(['b'])
  })

  it('counts relative steps from a revision regardless of the applied state', () => {
    const map = linear()
    expect(evaluateTarget(map, applied(), parseTarget(map, 'b+2'))).to.deep.equal(['d'])
    expect(evaluateTarget(map, applied(), parseTarget(map, 'b-2'))).to.equal('base')
  })

  it('counts a branch step from the branch\'s own applied head', () => {
    const map = labelled()
    const state = applied('t1', 'f1', 't2', 't3')
    expect(evaluateTarget(map, state, parseTarget(map, 'feature@+1'))).to.deep.equal(['f2'])
    expect(evaluateTarget(map, state, parseTarget(map, 'spike@+1'))).to.deep.equal(['s1'])
  })
})

describe('singleHead', () => {
  it('gives the one head, or undefined for none', () => {
    expect(singleHead(['d'], 'problem', () => 'advice')).to.equal('d')
    expect(singleHead([], 'problem', () => 'advice')).to.equal(undefined)
  })

  it('refuses several heads with the problem, the heads, db merge and how to name one', () => {
    const error = expectRevisionError(() => singleHead(['d1', 'c2'], 'Too many', (head) => `name ${head}`), 'MULTIPLE_HEADS')
    expect(error.message).to.equal('Too many (d1, c2); run `db merge heads` to join them, or name d1')
  })
})

describe('branchHeads', () => {
  it('lists the heads built on a revision, itself included when it is one', () => {
    expect(branchHeads(forked(), 'b')).to.deep.equal(['d1', 'c2'])
    expect(branchHeads(forked(), 'c1')).to.deep.equal(['d1'])
    expect(branchHeads(forked(), 'c2')).to.deep.equal(['c2'])
  })
})

describe('resolveOne', () => {
  it('takes `head` as the only head and anything else as resolveRevision does', () => {
    expect(resolveOne(linear(), 'head', 'show')).to.equal('d')
    expect(resolveOne(hexMap(), '0f1e', 'show')).to.equal('0f1e2d3c4b5a')
  })

  it('refuses `head` of an empty graph or of several heads, naming the verb', () => {
    expectRevisionError(() => resolveOne(new RevisionMap([]), 'head', 'edit'), 'NO_REVISIONS')
    const error = expectRevisionError(() => resolveOne(forked(), 'head', 'edit'), 'MULTIPLE_HEADS')
    expect(error.message).to.include('(d1, c2)').and.include('`db edit d1`')
  })
})
