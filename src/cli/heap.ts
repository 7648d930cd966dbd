/**
 * The bin's heap for the verbs that run revisions. It starts them with V8's `--optimize-for-size`
 * and, once a run knows it has revisions to run (before it loads them), keeps the young generation
 * at the size it has then (`--semi-space-growth-factor=1`). Set from the start, that second flag
 * held the young generation at its first size through start-up too: three times the scavenges in
 * an upgrade with nothing to do (0.91x its CPU without). Set only at the first step, it came after
 * the revisions were loaded (and, with an empty compile cache, compiled): 100-102 MiB over 2,000
 * revisions instead of 99.
 *
 * Only the bin asks for this: inside an application's own CLI (the plugin) the process is the
 * application's, and its V8 flags are left alone.
 */
import {setFlagsFromString} from 'node:v8'

let settle = false

/** Called by the bin: settle the young generation when a run has revisions to run. */
export function settleHeapWhenRevisionsRun(): void {
  settle = true
}

/** Called when a run has revisions to run: settles the young generation, if the bin asked. */
export function revisionsToRun(): void {
  if (!settle) return
  settle = false
  setFlagsFromString('--semi-space-growth-factor=1')
}
