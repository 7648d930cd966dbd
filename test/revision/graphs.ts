/** Hand-built revision graphs shared by the revision tests. */

import {expect} from 'chai'
import {RevisionError} from '../../src/errors'
import {RevisionInfo, RevisionMap} from '../../src/revision'

/** One revision; `path` follows the usual `<id>_<slug>.ts` naming. */
export function rev(revision: string, downRevisions: string[] = [], branchLabels: string[] = []): RevisionInfo {
  return {revision, downRevisions, branchLabels, path: `versions/${revision}_step.ts`}
}

/** A single chain `ids[0] <- ids[1] <- ...`. */
export function chain(ids: string[]): RevisionInfo[] {
  return ids.map((id, index) => rev(id, index === 0 ? [] : [ids[index - 1]]))
}

/** The ids of `map.all`, in its order. */
export function ids(map: RevisionMap): string[] {
  return map.all.map((info) => info.revision)
}

/** The applied state holding `ids`. */
export function applied(...ids: string[]): Set<string> {
  return new Set(ids)
}

/** A deterministic shuffle (seeded linear congruential generator), so failures reproduce. */
export function shuffle<T>(list: readonly T[], seed: number): T[] {
  const result = [...list]
  let state = seed
  for (let index = result.length - 1; index > 0; index--) {
    state = (state * 1103515245 + 12345) % 2147483648
    const other = state % (index + 1)
    ;[result[index], result[other]] = [result[other], result[index]]
  }
  return result
}

/** Runs `action`, expects a RevisionError with `code`, and returns it for message checks. */
export function expectRevisionError(action: () => unknown, code: string): RevisionError {
  try {
    action()
  } catch (error) {
    expect(error).to.be.instanceOf(RevisionError)
    expect((error as RevisionError).code).to.equal(code, (error as Error).message)
    expect((error as Error).message).not.to.include('\n')
    return error as RevisionError
  }
  expect.fail(`expected a RevisionError ${code}, but nothing was thrown`)
}

/** a <- b <- c <- d */
export const linear = (): RevisionMap => new RevisionMap(chain(['a', 'b', 'c', 'd']))

/** a <- b, then b branches into c1 <- d1 and c2: two heads (d1, c2). */
export const forked = (): RevisionMap => new RevisionMap([
  rev('a'), rev('b', ['a']), rev('c1', ['b']), rev('d1', ['c1']), rev('c2', ['b']),
])

/** The fork of {@link forked} joined again: m merges d1 and c2, and e follows m. */
export const merged = (): RevisionMap => new RevisionMap([
  rev('a'), rev('b', ['a']), rev('c1', ['b']), rev('d1', ['c1']), rev('c2', ['b']),
  rev('m', ['d1', 'c2']), rev('e', ['m']),
])

/**
 * Labelled branches: trunk t1 <- t2 <- t3 labelled `main` at t1; `feature` starts at f1 off t1
 * (f1 <- f2 <- f3); `spike` starts at s1 off t2 and forks into s2a and s2b.
 */
export const labelled = (): RevisionMap => new RevisionMap([
  rev('t1', [], ['main']), rev('t2', ['t1']), rev('t3', ['t2']),
  rev('f1', ['t1'], ['feature']), rev('f2', ['f1']), rev('f3', ['f2']),
  rev('s1', ['t2'], ['spike']), rev('s2a', ['s1']), rev('s2b', ['s1']),
])
