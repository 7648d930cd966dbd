import {expect} from 'chai'
import {RevisionMap} from '../../src/revision'
import {chain, expectRevisionError, forked, ids, labelled, linear, merged, rev, shuffle} from './graphs'

describe('RevisionMap', () => {
  describe('queries', () => {
    it('answers for an empty folder', () => {
      const map = new RevisionMap([])
      expect(ids(map)).to.deep.equal([])
      expect(map.heads).to.deep.equal([])
      expect(map.bases).to.deep.equal([])
    })

    it('lists a chain parents first, with one head and one base', () => {
      const map = linear()
      expect(ids(map)).to.deep.equal(['a', 'b', 'c', 'd'])
      expect(map.heads).to.deep.equal(['d'])
      expect(map.bases).to.deep.equal(['a'])
      expect(map.children('b')).to.deep.equal(['c'])
      expect(map.children('d')).to.deep.equal([])
    })

    it('keeps extra fields of each entry', () => {
      const entry = {...rev('a'), createDate: '2024-01-01'}
      const map = new RevisionMap([entry])
      expect(map.get('a')).to.include({createDate: '2024-01-01'})
      expect(map.all[0].path).to.equal('versions/a_step.ts')
    })

    it('gets a revision by full id and tells which ids exist', () => {
      const map = new RevisionMap([{revision: 'a1b2c3d4e5f6', downRevisions: [], branchLabels: [], message: 'init'}])
      expect(map.get('a1b2c3d4e5f6').message).to.equal('init')
      expect(map.has('a1b2c3d4e5f6')).to.equal(true)
      expect(map.has('a1b2')).to.equal(false)
      const error = expectRevisionError(() => map.get('a1b2'), 'UNKNOWN_REVISION')
      expect(error.message).to.include("Can't locate revision identified by 'a1b2'")
    })

    it('keeps each branch together in `all` and lists heads in that order', () => {
      const map = forked()
      expect(ids(map)).to.deep.equal(['a', 'b', 'c1', 'd1', 'c2'])
      expect(map.heads).to.deep.equal(['d1', 'c2'])
      expect(ids(labelled())).to.deep.equal(['t1', 'f1', 'f2', 'f3', 't2', 's1', 's2a', 's2b', 't3'])
    })

    it('puts a merge after all of its down revisions', () => {
      const map = merged()
      expect(ids(map)).to.deep.equal(['a', 'b', 'c1', 'd1', 'c2', 'm', 'e'])
      expect(map.heads).to.deep.equal(['e'])
    })

    it('gives the same answers whatever order the revisions come in', () => {
      const revisions = [
        rev('a'), rev('b', ['a']), rev('c1', ['b']), rev('d1', ['c1']), rev('c2', ['b']),
        rev('m', ['d1', 'c2']), rev('e', ['m']), rev('x'), rev('y', ['x']), rev('z', ['a']),
      ]
      const reference = new RevisionMap(revisions)
      for (let seed = 1; seed <= 20; seed++) {
        const map = new RevisionMap(shuffle(revisions, seed))
        expect(map.all).to.deep.equal(reference.all)
        expect(map.heads).to.deep.equal(reference.heads)
        expect(map.bases).to.deep.equal(reference.bases)
        expect(map.children('b')).to.deep.equal(['c1', 'c2'])
      }
      expect(reference.bases).to.deep.equal(['a', 'x'])
    })

    it('tells branch points from merge points', () => {
      const map = merged()
      expect(map.isBranchPoint('b')).to.equal(true)
      expect(map.isBranchPoint('c1')).to.equal(false)
      expect(map.isMergePoint('m')).to.equal(true)
      expect(map.isMergePoint('b')).to.equal(false)
      expectRevisionError(() => map.isMergePoint('nope'), 'UNKNOWN_REVISION')
    })

    it('walks ancestors and descendants, inclusive or not', () => {
      const map = merged()
      expect([...map.ancestors('m')].sort()).to.deep.equal(['a', 'b', 'c1', 'c2', 'd1'])
      expect(map.ancestors('m', {inclusive: true}).has('m')).to.equal(true)
      expect([...map.ancestors(['d1', 'c2'])].sort()).to.deep.equal(['a', 'b', 'c1'])
      expect([...map.descendants('c2')].sort()).to.deep.equal(['e', 'm'])
      expect([...map.descendants(['c1', 'c2'], {inclusive: true})].sort()).to.deep.equal(['c1', 'c2', 'd1', 'e', 'm'])
      expect([...map.ancestors('a')]).to.deep.equal([])
      expectRevisionError(() => map.descendants(['a', 'nope']), 'UNKNOWN_REVISION')
    })

    it('sorts any set of ids topologically', () => {
      expect(merged().sortTopologically(['e', 'c2', 'a', 'c2', 'd1'])).to.deep.equal(['a', 'd1', 'c2', 'e'])
    })

    it('drops repeated down revisions and labels', () => {
      const map = new RevisionMap([rev('a'), rev('b', ['a', 'a'], ['x', 'x'])])
      expect(map.get('b').downRevisions).to.deep.equal(['a'])
      expect(map.get('b').branchLabels).to.deep.equal(['x'])
      expect(map.isMergePoint('b')).to.equal(false)
    })
  })

  describe('branchLabelsOf', () => {
    it('returns a revision\'s own labels', () => {
      expect(labelled().branchLabelsOf('f1')).to.deep.equal(['feature'])
    })

    it('inherits the nearest labelled ancestor\'s labels', () => {
      const map = labelled()
      expect(map.branchLabelsOf('f3')).to.deep.equal(['feature'])
      expect(map.branchLabelsOf('t3')).to.deep.equal(['main'])
      expect(map.branchLabelsOf('s2b')).to.deep.equal(['spike'])
    })

    it('gives a merge of two labelled branches both labels', () => {
      const map = new RevisionMap([rev('a', [], ['left']), rev('b', [], ['right']), rev('m', ['a', 'b'])])
      expect(map.branchLabelsOf('m')).to.deep.equal(['left', 'right'])
    })

    it('returns nothing when no ancestor is labelled', () => {
      expect(linear().branchLabelsOf('d')).to.deep.equal([])
    })

    it('maps each label to its revision', () => {
      const map = labelled()
      expect(map.labelled('spike')).to.equal('s1')
      expect(map.labelled('nope')).to.equal(undefined)
      expect([...map.branchLabels.keys()].sort()).to.deep.equal(['feature', 'main', 'spike'])
    })
  })

  describe('validation', () => {
    it('rejects two revisions with one id, naming both files', () => {
      const error = expectRevisionError(() => new RevisionMap([
        {revision: 'a1b2', downRevisions: [], branchLabels: [], path: 'versions/one.ts'},
        {revision: 'a1b2', downRevisions: [], branchLabels: [], path: 'versions/two.ts'},
      ]), 'DUPLICATE_REVISION')
      expect(error.message).to.include('a1b2').and.include('versions/one.ts').and.include('versions/two.ts')
    })

    it('rejects a down revision that does not exist, naming the revision, its file and the missing id', () => {
      const error = expectRevisionError(() => new RevisionMap([rev('a'), rev('b', ['zz99'])]), 'MISSING_DOWN_REVISION')
      expect(error.message).to.include('b').and.include('versions/b_step.ts').and.include('zz99')
    })

    it('rejects a cycle, naming the revisions on it', () => {
      const error = expectRevisionError(() => new RevisionMap([
        rev('a'), rev('p', ['a', 'r']), rev('q', ['p']), rev('r', ['q']), rev('s', ['r']),
      ]), 'CYCLE')
      expect(error.message).to.match(/p \(.*\) -> q \(.*\) -> r \(.*\) -> p/)
      expect(error.message).not.to.match(/\bs \(/)
    })

    it('reports the same cycle whatever the input order', () => {
      const revisions = [rev('a', ['c']), rev('b', ['a']), rev('c', ['b']), rev('d', ['e']), rev('e', ['d'])]
      const messages = new Set([1, 2, 3, 4, 5].map((seed) =>
        expectRevisionError(() => new RevisionMap(shuffle(revisions, seed)), 'CYCLE').message))
      expect(messages.size).to.equal(1)
    })

    it('rejects a revision that is its own down revision', () => {
      const error = expectRevisionError(() => new RevisionMap([rev('a', ['a'])]), 'CYCLE')
      expect(error.message).to.include('a (versions/a_step.ts) -> a')
    })

    it('rejects one branch label on two revisions, naming both', () => {
      const error = expectRevisionError(() => new RevisionMap([rev('a', [], ['feature']), rev('b', ['a'], ['feature'])]),
        'DUPLICATE_BRANCH_LABEL')
      expect(error.message).to.include("'feature'").and.include('a (').and.include('b (')
    })

    it('rejects ids the target syntax could not reach', () => {
      for (const bad of ['', 'a b', 'a@b', 'a:b', 'a+b', '-1', 'head', 'base']) {
        const error = expectRevisionError(() => new RevisionMap([rev(bad)]), 'INVALID_REVISION_ID')
        expect(error.message).to.include(`'${bad}'`)
      }
    })

    it('accepts ids and labels the target syntax can tell apart', () => {
      for (const good of ['a1b2c3d4e5f6', 'release-2', 'v1.0', 'étape', '_draft', 'a-1']) {
        expect(new RevisionMap([rev(good, [], [`${good}-label`])]).labelled(`${good}-label`)).to.equal(good)
      }
    })

    it('rejects labels that are reserved words or revision ids', () => {
      expectRevisionError(() => new RevisionMap([rev('a', [], ['heads'])]), 'INVALID_BRANCH_LABEL')
      const error = expectRevisionError(() => new RevisionMap([rev('a'), rev('b', ['a'], ['a'])]), 'INVALID_BRANCH_LABEL')
      expect(error.message).to.include('also a revision id')
    })
  })

  describe('long histories', () => {
    const chainIds = Array.from({length: 600}, (_, index) => index.toString(16).padStart(12, '0'))

    it('builds a 600-revision chain with one head and complete ancestry', () => {
      const map = new RevisionMap(shuffle(chain(chainIds), 7))
      expect(ids(map)).to.deep.equal(chainIds)
      expect(map.heads).to.deep.equal([chainIds[599]])
      expect(map.ancestors(chainIds[599]).size).to.equal(599)
      expect(map.descendants(chainIds[0]).size).to.equal(599)
    })

    it('walks a 20,000-revision chain without running out of stack', () => {
      const long = Array.from({length: 20000}, (_, index) => `r${index}`)
      const map = new RevisionMap(chain(long))
      expect(map.ancestors('r19999', {inclusive: true}).size).to.equal(20000)
      expect(map.branchLabelsOf('r19999')).to.deep.equal([])
    })
  })
})
