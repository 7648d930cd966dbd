import {expect} from 'chai'
import {RevisionMap, planDowngrade, planStamp, planUpgrade} from '../../src/revision'
import {applied, chain, expectRevisionError, forked, labelled, linear, merged, rev} from './graphs'

describe('planUpgrade', () => {
  describe('head and heads', () => {
    it('applies every revision from nothing, parents first', () => {
      expect(planUpgrade(linear(), applied(), 'head')).to.deep.equal({steps: ['a', 'b', 'c', 'd'], heads: ['d']})
    })

    it('applies only what is missing, and nothing when up to date', () => {
      expect(planUpgrade(linear(), applied('a', 'b'), 'head').steps).to.deep.equal(['c', 'd'])
      expect(planUpgrade(linear(), applied('a', 'b', 'c', 'd'), 'head').steps).to.deep.equal([])
      expect(planUpgrade(new RevisionMap([]), applied(), 'head').steps).to.deep.equal([])
    })

    it('refuses `head` when there are several heads and says what to do', () => {
      const error = expectRevisionError(() => planUpgrade(forked(), applied(), 'head'), 'MULTIPLE_HEADS')
      expect(error.message).to.equal('Multiple head revisions are present (d1, c2); run `db merge heads` to join ' +
        'them, or name one (`db upgrade d1`) or upgrade to `heads`')
    })

    it('applies every branch with `heads`', () => {
      expect(planUpgrade(forked(), applied('a', 'b'), 'heads')).to.deep.equal({steps: ['c1', 'd1', 'c2'], heads: ['d1', 'c2']})
    })

    it('applies both sides of a merge before the merge', () => {
      expect(planUpgrade(merged(), applied('a', 'b', 'c1'), 'head').steps).to.deep.equal(['d1', 'c2', 'm', 'e'])
    })
  })

  describe('revisions and labels', () => {
    it('upgrades to a revision by id, prefix or label', () => {
      expect(planUpgrade(forked(), applied(), 'c2').steps).to.deep.equal(['a', 'b', 'c2'])
      const map = new RevisionMap(chain(['a1b2c3d4e5f6', '0f1e2d3c4b5a', '9a8b7c6d5e4f']))
      expect(planUpgrade(map, applied(), '0f1e').steps).to.deep.equal(['a1b2c3d4e5f6', '0f1e2d3c4b5a'])
      expect(planUpgrade(labelled(), applied('t1'), 'spike').steps).to.deep.equal(['t2', 's1'])
    })

    it('upgrades to the head of a labelled branch', () => {
      expect(planUpgrade(labelled(), applied(), 'feature@head').steps).to.deep.equal(['t1', 'f1', 'f2', 'f3'])
    })

    it('refuses `label@head` when the branch forks, naming its heads', () => {
      const error = expectRevisionError(() => planUpgrade(labelled(), applied(), 'spike@head'), 'MULTIPLE_HEADS')
      expect(error.message).to.include('s2a, s2b').and.include('spike@heads')
      expect(planUpgrade(labelled(), applied('t1', 't2', 's1'), 'spike@heads').steps).to.deep.equal(['s2a', 's2b'])
    })

    it('passes on unknown references', () => {
      expectRevisionError(() => planUpgrade(linear(), applied(), 'nothere'), 'UNKNOWN_REVISION')
    })
  })

  describe('relative steps', () => {
    it('steps forward from the current head, or from the single base', () => {
      expect(planUpgrade(linear(), applied(), '+1').steps).to.deep.equal(['a'])
      expect(planUpgrade(linear(), applied('a'), '+2').steps).to.deep.equal(['b', 'c'])
    })

    it('says how far the head is when a step goes past it', () => {
      const error = expectRevisionError(() => planUpgrade(linear(), applied('a', 'b'), '+3'), 'PAST_HEAD')
      expect(error.message).to.include('Relative revision +3 goes past head (only 2 revisions above current)')
    })

    it('refuses to guess at a branch point, naming the children', () => {
      const error = expectRevisionError(() => planUpgrade(forked(), applied('a', 'b'), '+1'), 'AMBIGUOUS_REVISION')
      expect(error.message).to.include('b has several children (c1, c2)')
    })

    it('refuses to guess between several bases', () => {
      const map = new RevisionMap([rev('x1'), rev('y1')])
      const error = expectRevisionError(() => planUpgrade(map, applied(), '+1'), 'AMBIGUOUS_REVISION')
      expect(error.message).to.include('x1, y1')
    })

    it('refuses to count from several current heads, naming them', () => {
      const error = expectRevisionError(() => planUpgrade(forked(), applied('a', 'b', 'c1', 'c2'), '+1'), 'MULTIPLE_HEADS')
      expect(error.message).to.include('c1, c2').and.include('c1+1')
    })

    it('steps forward or back from a named revision', () => {
      expect(planUpgrade(linear(), applied(), 'b+2').steps).to.deep.equal(['a', 'b', 'c', 'd'])
      expect(planUpgrade(linear(), applied(), 'd-1').steps).to.deep.equal(['a', 'b', 'c'])
      const error = expectRevisionError(() => planUpgrade(linear(), applied(), 'b+3'), 'PAST_HEAD')
      expect(error.message).to.include('only 2 revisions above b')
    })

    it('steps forward on a labelled branch from its applied head', () => {
      expect(planUpgrade(labelled(), applied('t1', 't2', 't3'), 'feature@+1').steps).to.deep.equal(['f1'])
      expect(planUpgrade(labelled(), applied('t1', 'f1'), 'feature@+2').steps).to.deep.equal(['f2', 'f3'])
      const error = expectRevisionError(() => planUpgrade(labelled(), applied('t1', 'f1'), 'feature@+3'), 'PAST_HEAD')
      expect(error.message).to.include("only 2 revisions above the current head of branch 'feature'")
    })

    it('refuses downward targets and points to downgrade', () => {
      expect(expectRevisionError(() => planUpgrade(linear(), applied('a'), '-1'), 'INVALID_UPGRADE_TARGET').message)
        .to.include('db downgrade -1')
      expect(expectRevisionError(() => planUpgrade(linear(), applied('a'), 'base'), 'INVALID_UPGRADE_TARGET').message)
        .to.include('db downgrade base')
    })
  })

  it('plans a 500-revision chain in order', () => {
    const ids = Array.from({length: 500}, (_, index) => `rev${index.toString().padStart(4, '0')}`)
    const map = new RevisionMap(chain(ids))
    expect(planUpgrade(map, applied(), 'head').steps).to.deep.equal(ids)
    expect(planUpgrade(map, new Set(ids.slice(0, 250)), '+10').steps).to.deep.equal(ids.slice(250, 260))
  })

  it('refuses an applied state naming revisions no file defines', () => {
    expectRevisionError(() => planUpgrade(linear(), applied('a', 'lost'), 'head'), 'UNKNOWN_APPLIED_REVISION')
  })
})

describe('planDowngrade', () => {
  const all = applied('a', 'b', 'c', 'd')

  it('undoes everything, children first, with `base`', () => {
    expect(planDowngrade(linear(), all, 'base')).to.deep.equal({steps: ['d', 'c', 'b', 'a'], heads: []})
    expect(planDowngrade(merged(), applied('a', 'b', 'c1', 'd1', 'c2', 'm'), 'base').steps)
      .to.deep.equal(['m', 'c2', 'd1', 'c1', 'b', 'a'])
  })

  it('steps back from the current head, down to base and no further', () => {
    expect(planDowngrade(linear(), all, '-1')).to.deep.equal({steps: ['d'], heads: ['c']})
    expect(planDowngrade(linear(), all, '-4').steps).to.deep.equal(['d', 'c', 'b', 'a'])
    const error = expectRevisionError(() => planDowngrade(linear(), applied('a', 'b'), '-3'), 'BELOW_BASE')
    expect(error.message).to.include('Relative revision -3 goes below base (only 2 revisions applied)')
    expectRevisionError(() => planDowngrade(linear(), applied(), '-1'), 'BELOW_BASE')
  })

  it('undoes a merge with its last step back, and refuses to step back past it, naming its parents', () => {
    const state = applied('a', 'b', 'c1', 'd1', 'c2', 'm', 'e')
    expect(planDowngrade(merged(), state, '-1').steps).to.deep.equal(['e'])
    expect(planDowngrade(merged(), state, '-2')).to.deep.equal({steps: ['e', 'm'], heads: ['d1', 'c2']})
    const error = expectRevisionError(() => planDowngrade(merged(), state, '-3'), 'AMBIGUOUS_REVISION')
    expect(error.message).to.include('m merges several revisions (d1, c2)').and.include('name the revision')
  })

  it('refuses to count from several current heads', () => {
    const error = expectRevisionError(() => planDowngrade(forked(), applied('a', 'b', 'c1', 'c2'), '-1'), 'MULTIPLE_HEADS')
    expect(error.message).to.include('c1, c2')
  })

  it('steps back from a named revision or a branch head', () => {
    expect(planDowngrade(linear(), all, 'c-1').steps).to.deep.equal(['d', 'c'])
    expect(planDowngrade(labelled(), applied('t1', 'f1', 'f2', 'f3', 't2'), 'feature@-1').steps).to.deep.equal(['f3'])
    expectRevisionError(() => planDowngrade(labelled(), applied('t1', 't2'), 'feature@-1'), 'BELOW_BASE')
  })

  it('undoes the applied descendants of a revision and keeps other branches', () => {
    const state = applied('a', 'b', 'c1', 'd1', 'c2')
    expect(planDowngrade(forked(), state, 'b')).to.deep.equal({steps: ['c2', 'd1', 'c1'], heads: ['b']})
    expect(planDowngrade(forked(), state, 'c1')).to.deep.equal({steps: ['d1'], heads: ['c1', 'c2']})
    expect(planDowngrade(merged(), applied('a', 'b', 'c1', 'd1', 'c2', 'm', 'e'), 'c2').steps).to.deep.equal(['e', 'm'])
    expect(planDowngrade(linear(), all, 'd').steps).to.deep.equal([])
  })

  it('refuses a revision that is not applied, naming the current heads', () => {
    const error = expectRevisionError(() => planDowngrade(forked(), applied('a', 'b', 'c1'), 'c2'), 'INVALID_DOWNGRADE_TARGET')
    expect(error.message).to.include('c2').and.include('not applied').and.include('current head(s): c1')
  })

  it('refuses heads and upward steps, listing what downgrade takes', () => {
    for (const target of ['head', 'heads', 'feature@head', '+1']) {
      const error = expectRevisionError(() => planDowngrade(labelled(), applied('t1', 'f1'), target), 'INVALID_DOWNGRADE_TARGET')
      expect(error.message).to.include(`db upgrade ${target}`)
    }
  })
})

describe('planStamp', () => {
  it('records a target and its ancestors without running anything', () => {
    expect(planStamp(linear(), applied(), 'head')).to.deep.equal({add: ['a', 'b', 'c', 'd'], remove: []})
    expect(planStamp(linear(), applied('a'), 'c')).to.deep.equal({add: ['b', 'c'], remove: []})
  })

  it('erases the revisions above a lower target, children first', () => {
    expect(planStamp(linear(), applied('a', 'b', 'c', 'd'), 'b')).to.deep.equal({add: [], remove: ['d', 'c']})
  })

  it('empties the record with `base`', () => {
    expect(planStamp(linear(), applied('a', 'b'), 'base')).to.deep.equal({add: [], remove: ['b', 'a']})
  })

  it('keeps other branches unless purging', () => {
    const state = applied('a', 'b', 'c1', 'd1')
    expect(planStamp(forked(), state, 'c2')).to.deep.equal({add: ['c2'], remove: []})
    expect(planStamp(forked(), state, 'c2', {purge: true})).to.deep.equal({add: ['c2'], remove: ['d1', 'c1']})
    expect(planStamp(forked(), applied(), 'heads').add).to.deep.equal(['a', 'b', 'c1', 'd1', 'c2'])
  })

  it('clears unknown revisions only when purging', () => {
    expectRevisionError(() => planStamp(linear(), applied('a', 'lost'), 'head'), 'UNKNOWN_APPLIED_REVISION')
    expect(planStamp(linear(), applied('a', 'lost'), 'b', {purge: true})).to.deep.equal({add: ['b'], remove: ['lost']})
  })

  it('refuses `head` with several heads, advising stamp forms', () => {
    const error = expectRevisionError(() => planStamp(forked(), applied(), 'head'), 'MULTIPLE_HEADS')
    expect(error.message).to.include('`db stamp d1`').and.include('stamp to `heads`')
  })
})
