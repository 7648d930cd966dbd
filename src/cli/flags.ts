/**
 * The flags the verbs a container runs (`db upgrade`, `db current`) share, as plain data: the oclif
 * commands build their flags from these, and the bin's quick path parses the same flags without
 * loading oclif (see `quick.ts`).
 */

/** One flag: what oclif's `Flags.string/boolean/integer` take, plus which of them it is. */
export interface FlagSpec {
  kind: 'boolean' | 'integer' | 'string'
  summary: string
  description?: string
  char?: 'd' | 'v' | 'x' | 'y'
  /** The environment variable read when the flag is not given. */
  env?: string
  /** Repeatable: the values collect into an array. */
  multiple?: boolean
  /** The smallest value an integer flag takes. */
  min?: number
  helpGroup?: string
  helpValue?: string
}

/** Flags every verb takes. */
export const folderFlagSpecs = {
  directory: {
    kind: 'string',
    char: 'd',
    summary: 'Migrations folder.',
    description: 'Defaults to the SEQUELIZE_MIGRATE_DIR variable, else the first migrations folder (holding an env file or versions/) in the working directory or a parent, else ./migrations.',
    env: 'SEQUELIZE_MIGRATE_DIR',
    helpGroup: 'GLOBAL',
  },
  'x-arg': {kind: 'string', char: 'x', summary: 'A key=value argument env.ts can read (repeatable).', multiple: true, helpGroup: 'GLOBAL'},
  'stack-trace': {kind: 'boolean', summary: 'On an error, also print its stack trace (and those of its causes).', helpGroup: 'GLOBAL'},
} satisfies Record<string, FlagSpec>

/**
 * `-v/--verbose` of the verbs that list revisions (`history`, `heads`, `branches`, `current`): more
 * of each revision than its one line. It means only that; an error's stack trace is `--stack-trace`.
 */
export const verboseFlagSpec = {verbose: {kind: 'boolean', char: 'v', summary: 'Show each revision in more detail than one line.'}} satisfies Record<string, FlagSpec>

/** The `--json` flag. */
export const jsonFlagSpec = {json: {kind: 'boolean', summary: 'Print JSON instead of text.'}} satisfies Record<string, FlagSpec>

/** `--wait-for-db` of the verbs a container entrypoint runs. */
export const waitFlagSpec = {
  'wait-for-db': {kind: 'integer', summary: 'Retry the first connection for up to SECONDS while the database is unreachable.', helpValue: 'SECONDS', min: 0},
} satisfies Record<string, FlagSpec>

/** The flag of the verbs that take the migration lock. */
export const lockFlagSpecs = {
  'lock-timeout': {
    kind: 'integer',
    summary: 'Seconds to wait for another run holding the migration lock, then give up (default: wait).',
    description: 'While waiting, a line on stderr names the holder (where the database can tell) every few seconds. On timeout the verb exits non-zero and runs nothing.',
    min: 0,
  },
} satisfies Record<string, FlagSpec>

/** The argument of `db upgrade`. */
export const upgradeTargetSpec = {description: 'head (default), heads, a revision id or unique prefix, +N, rev+N, label@head', default: 'head'}

/** What the shared flags parse to. */
export interface FolderFlags {
  directory?: string
  'x-arg'?: string[]
  'stack-trace'?: boolean
  json?: boolean
  'wait-for-db'?: number
  yes?: boolean
}
