/**
 * The bin's quick path: `db upgrade` (without `--sql`) and `db current`, the verbs every replica's
 * entrypoint runs, and `db check`, which CI runs, parsed and run without loading oclif. Loading
 * @oclif/core and its config is about a sixth of a no-op upgrade's CPU. The quick path takes only what it fully understands: the
 * flags of `flags.ts`, each once (`-x` repeated), and the verb's positional argument. Anything else
 * (`--help`, `--sql`, an unknown or malformed flag, a value oclif would reject) returns `undefined`
 * and oclif runs the verb as usual, with its own messages.
 */
import {type FlagSpec, folderFlagSpecs, jsonFlagSpec, lockFlagSpecs, upgradeTargetSpec, verboseFlagSpec, waitFlagSpec} from './flags'
import {processOutput, reportError} from './io'
// What runs a verb loads only once the quick path takes the command line.
type Verbs = typeof import('./verbs')

type Flags = Record<string, boolean | number | string | string[]>

interface QuickVerb {
  flags: Record<string, FlagSpec>
  /** The positional argument and its default, if the verb takes one. */
  arg?: {default: string}
  /** Runs the verb; a number is its exit code. */
  run(verbs: Verbs, flags: Flags, arg: string | undefined): Promise<number | void>
}

/** The verbs the quick path runs, by oclif command id. */
export const QUICK_VERBS: Record<string, QuickVerb> = {
  'db:upgrade': {
    flags: {...folderFlagSpecs, ...jsonFlagSpec, ...waitFlagSpec, ...lockFlagSpecs},
    arg: upgradeTargetSpec,
    run: (verbs, flags, target) => verbs.upgradeVerb(target ?? upgradeTargetSpec.default, flags, processOutput),
  },
  'db:current': {
    flags: {...folderFlagSpecs, ...jsonFlagSpec, ...verboseFlagSpec},
    run: (verbs, flags) => verbs.currentVerb(flags, processOutput),
  },
  'db:check': {
    flags: {...folderFlagSpecs, ...jsonFlagSpec},
    run: (verbs, flags) => verbs.checkVerb(flags, processOutput),
  },
}

/** A verb's command line, parsed: what to run it with. */
export interface QuickRun {
  id: string
  flags: Flags
  arg: string | undefined
}

/** The value of an integer flag, or undefined where oclif would reject it. */
function integer(value: string, spec: FlagSpec): number | undefined {
  if (!/^\d{1,15}$/.test(value)) return undefined
  const number = Number(value)
  return spec.min !== undefined && number < spec.min ? undefined : number
}

/**
 * Parses `argv` (what follows the bin) for the quick path.
 *
 * @returns undefined when the quick path does not take this command line (oclif runs it).
 * @example parseQuick(['db', 'upgrade', '-d', 'db/migrations']) // {id: 'db:upgrade', flags: {directory: 'db/migrations'}, arg: undefined}
 */
export function parseQuick(argv: readonly string[]): QuickRun | undefined {
  const [first, ...rest] = argv
  const id = first === 'db' ? `db:${rest.shift()}` : first
  const verb = Object.hasOwn(QUICK_VERBS, id) ? QUICK_VERBS[id] : undefined
  if (!verb) return undefined
  const byChar = new Map(Object.entries(verb.flags).filter(([, spec]) => spec.char).map(([name, spec]) => [`-${spec.char}`, name]))
  const flags: Flags = {}
  let arg: string | undefined
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]
    if (!token.startsWith('-')) {
      if (!verb.arg || arg !== undefined) return undefined
      arg = token
      continue
    }
    const equals = token.startsWith('--') ? token.indexOf('=') : -1
    const name = token.startsWith('--') ? token.slice(2, equals === -1 ? undefined : equals) : byChar.get(token)
    const spec = name !== undefined && Object.hasOwn(verb.flags, name) ? verb.flags[name] : undefined
    if (!name || !spec) return undefined
    if (Object.hasOwn(flags, name) && !spec.multiple) return undefined
    if (spec.kind === 'boolean') {
      if (equals !== -1) return undefined
      flags[name] = true
      continue
    }
    const value = equals === -1 ? rest[++i] : token.slice(equals + 1)
    if (value === undefined || value === '' || value.startsWith('-')) return undefined
    if (spec.kind === 'integer') {
      const number = integer(value, spec)
      if (number === undefined) return undefined
      flags[name] = number
    } else if (spec.multiple) {
      flags[name] = [...((flags[name] as string[] | undefined) ?? []), value]
    } else {
      flags[name] = value
    }
  }
  for (const [name, spec] of Object.entries(verb.flags)) {
    if (spec.env === undefined || Object.hasOwn(flags, name)) continue
    const value = process.env[spec.env]
    if (value === undefined) continue
    if (value === '' || spec.kind !== 'string') return undefined
    flags[name] = value
  }
  return {id, flags, arg}
}

/**
 * Runs a parsed command line as its oclif command would: its output, its error line and exit code.
 */
export async function runQuick({id, flags, arg}: QuickRun): Promise<void> {
  const verbs = await import('./verbs')
  let exitCode: number | void
  try {
    exitCode = await QUICK_VERBS[id].run(verbs, flags, arg)
  } catch (error) {
    exitCode = reportError(error instanceof Error ? error : new Error(String(error)), flags, processOutput)
    // As oclif ends a failed verb: at once, whatever a driver left open.
    process.exit(exitCode)
  }
  // As oclif ends a verb that exits non-zero.
  if (exitCode) process.exit(exitCode)
}
