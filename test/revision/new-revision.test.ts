import {expect} from 'chai'
import {PREHISTORY, RevisionMap, checkNewRevision, mergeParents, parentsOfNewRevision, withPrehistory} from '../../src/revision'
import {expectRevisionError, forked, labelled, linear, merged, rev} from './graphs'

describe('checkNewRevision', () => {
  it('accepts every id the map accepts when it reads the folder', () => {
    for (const id of ['a1b2c3d4e5f6', 'e', 'release-2', '2024.01_init', 'étape', '_draft', 'a-1']) {
      checkNewRevision(linear(), id)
      // and the folder with it still loads
      new RevisionMap([...linear().all, rev(id, ['d'])])
    }
  })

  it('refuses every id the map refuses, so a written revision never breaks the folder', () => {
    for (const bad of ['', 'a b', 'a@b', 'a:b', 'a+b', '-1', '-abc', 'head', 'heads', 'base', 'current']) {
      const error = expectRevisionError(() => checkNewRevision(linear(), bad), 'INVALID_REVISION_ID')
      expect(error.message).to.include(`'${bad}' cannot be a revision id because`).and.include('--rev-id')
      expectRevisionError(() => new RevisionMap([rev(bad)]), 'INVALID_REVISION_ID')
    }
  })

  it("refuses the prehistory's id, whether or not the graph has the prehistory", () => {
    const withCli = new RevisionMap(withPrehistory([rev('a', [PREHISTORY])]))
    for (const map of [linear(), withCli]) {
      const error = expectRevisionError(() => checkNewRevision(map, PREHISTORY), 'INVALID_REVISION_ID')
      expect(error.message).to.include('reserved for the sequelize-cli migrations')
    }
  })

  it('refuses an id in use, naming its file', () => {
    const error = expectRevisionError(() => checkNewRevision(linear(), 'c'), 'DUPLICATE_REVISION')
    expect(error.message).to.equal('Revision c already exists (versions/c_step.ts); choose another --rev-id')
  })

  it('refuses an id that is a branch label (the map would refuse the label then)', () => {
    const error = expectRevisionError(() => checkNewRevision(labelled(), 'feature'), 'INVALID_REVISION_ID')
    expect(error.message).to.include('branch label of revision f1')
    expectRevisionError(() => new RevisionMap([...labelled().all, rev('feature', ['t3'])]), 'INVALID_BRANCH_LABEL')
  })

  it('accepts new labels and refuses those the map would refuse', () => {
    checkNewRevision(labelled(), 'n1', ['reports', 'release-2'])
    expectRevisionError(() => checkNewRevision(labelled(), 'n1', ['heads']), 'INVALID_BRANCH_LABEL')
    expectRevisionError(() => checkNewRevision(labelled(), 'n1', ['a@b']), 'INVALID_BRANCH_LABEL')
    expect(expectRevisionError(() => checkNewRevision(labelled(), 'n1', ['t2']), 'INVALID_BRANCH_LABEL').message)
      .to.include('also a revision id')
    expectRevisionError(() => checkNewRevision(labelled(), 'n1', ['n1']), 'INVALID_BRANCH_LABEL')
  })

  it('refuses a label another revision carries, naming it', () => {
    const error = expectRevisionError(() => checkNewRevision(labelled(), 'n1', ['spike']), 'DUPLICATE_BRANCH_LABEL')
    expect(error.message).to.equal("Branch label 'spike' is already used by revision s1; choose another")
  })
})

describe('parentsOfNewRevision', () => {
  it('builds on the only head, or starts the graph', () => {
    expect(parentsOfNewRevision(linear())).to.deep.equal(['d'])
    expect(parentsOfNewRevision(new RevisionMap([]))).to.deep.equal([])
    expect(parentsOfNewRevision(linear(), 'base')).to.deep.equal([])
  })

  it('refuses `head` with several heads, advising --head and db merge', () => {
    const error = expectRevisionError(() => parentsOfNewRevision(forked()), 'MULTIPLE_HEADS')
    expect(error.message).to.equal('Multiple head revisions are present (d1, c2); run `db merge heads` to join them, ' +
      'or choose the parent with --head (e.g. `--head d1`)')
  })

  it('takes a head by id, prefix or label, and any other revision only with splice', () => {
    expect(parentsOfNewRevision(forked(), 'c2')).to.deep.equal(['c2'])
    expect(parentsOfNewRevision(labelled(), 'f3')).to.deep.equal(['f3'])
    const error = expectRevisionError(() => parentsOfNewRevision(forked(), 'b'), 'NOT_A_HEAD')
    expect(error.message).to.include('--splice')
    expect(parentsOfNewRevision(forked(), 'b', true)).to.deep.equal(['b'])
    expect(parentsOfNewRevision(labelled(), 'feature', true)).to.deep.equal(['f1'])
  })

  it('resolves <label>@head and <revision>@head to the head of that branch', () => {
    expect(parentsOfNewRevision(labelled(), 'feature@head')).to.deep.equal(['f3'])
    expect(parentsOfNewRevision(labelled(), 'f2@head')).to.deep.equal(['f3'])
    expect(parentsOfNewRevision(forked(), 'c1@head')).to.deep.equal(['d1'])
  })

  it('refuses @head on a branch that forks, naming its heads', () => {
    const error = expectRevisionError(() => parentsOfNewRevision(labelled(), 'spike@head'), 'MULTIPLE_HEADS')
    expect(error.message).to.include('The branch from s1 has several head revisions (s2a, s2b)').and.include('--head s2a')
  })

  it('refuses an unknown parent', () => {
    expectRevisionError(() => parentsOfNewRevision(linear(), 'zzzz'), 'UNKNOWN_REVISION')
    expectRevisionError(() => parentsOfNewRevision(linear(), 'zzzz@head'), 'UNKNOWN_REVISION')
  })
})

describe('mergeParents', () => {
  it('joins every head by default', () => {
    expect(mergeParents(forked())).to.deep.equal(['d1', 'c2'])
    expect(mergeParents(forked(), [])).to.deep.equal(['d1', 'c2'])
    expect(mergeParents(labelled(), ['f3', 's2a'])).to.deep.equal(['f3', 's2a'])
  })

  it('refuses fewer than two revisions', () => {
    const error = expectRevisionError(() => mergeParents(linear()), 'NOTHING_TO_MERGE')
    expect(error.message).to.include('only d given')
    expectRevisionError(() => mergeParents(forked(), ['c2', 'c2']), 'NOTHING_TO_MERGE')
  })

  it('refuses a revision that is an ancestor of another', () => {
    const error = expectRevisionError(() => mergeParents(merged(), ['c1', 'e']), 'MERGE_ANCESTOR')
    expect(error.message).to.equal('Revision c1 is an ancestor of e; merge only revisions on different branches')
  })
})
