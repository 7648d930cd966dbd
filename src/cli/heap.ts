/**
 * The bin's heap for the verbs that run revisions. It starts them with V8's `--optimize-for-size`
 * and, once the first revision runs, keeps the young generation at the size it has then
 * (`--semi-space-growth-factor=1`). Set from the start, that second flag held the young generation
 * at its first size through start-up too: three times the scavenges in an upgrade with nothing to
 * do, and more all through a long upgrade, for no lower peak (over 2,000 revisions: 93 MiB with it
 * from the start, 94 with it from the first step, 104 without it).
 *
 * Only the bin asks for this: inside an application's own CLI (the plugin) the process is the
 * application's, and its V8 flags are left alone.
 */
import {setFlagsFromString} from 'node:v8'

let settle = false

/** Called by the bin: settle the young generation when the first revision runs. */
export function settleHeapAtFirstStep(): void {
  settle = true
}

/** Called as each revision starts: the first one settles the young generation, if the bin asked. */
export function revisionStarting(): void {
  if (!settle) return
  settle = false
  setFlagsFromString('--semi-space-growth-factor=1')
}
