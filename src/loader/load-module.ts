/**
 * Loads a user file (env, models, revisions) written in any of the supported module formats.
 */
import {extname, relative} from 'node:path'
import {pathToFileURL} from 'node:url'

import {ConfigError, MigrateError} from '../errors'
import {explainMissingPackage} from '../peers'
import {requireTypeScript} from './compile'
import {explainMissingMetadata} from './decorator-metadata'

/** File extensions users may write env files, models and revisions in. */
export const MODULE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const

// A real dynamic import: TypeScript compiling to CommonJS would turn `import()` into `require()`.
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>

/** The first frame of a stack in the user's own files (not Node's, not node_modules'). */
export function throwingFile(error: unknown): string | undefined {
  const stack = error instanceof Error ? error.stack ?? '' : ''
  // A frame's path follows `(` or `at `: Node's own frames (`node:internal/...`) never match.
  for (const match of stack.matchAll(/(?:\(|\bat )((?:\/|[A-Za-z]:\\)[^():]+):(\d+):\d+\)?$/gm)) {
    if (!/[\\/]node_modules[\\/]/.test(match[1])) return `${match[1]}:${match[2]}`
  }
  return undefined
}

/** The file whose `require` did not find a module (Node lists the requiring files, innermost first). */
function requiringFile(error: unknown): string | undefined {
  const {code, requireStack} = error as {code?: string; requireStack?: unknown}
  return code === 'MODULE_NOT_FOUND' && Array.isArray(requireStack) && typeof requireStack[0] === 'string' ? requireStack[0] : undefined
}

function loadFailure(error: unknown, file: string, what: string): MigrateError {
  if (error instanceof MigrateError) return error
  // A model or helper the file imports may be what threw: name it.
  const origin = throwingFile(error)
  const explained = explainMissingPackage(error) ?? explainMissingMetadata(error, origin)
  if (explained) return explained
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
  const importer = requiringFile(error)
  const where = importer
    ? importer === file ? '' : ` (imported by ${relative(process.cwd(), importer)})`
    : origin && !origin.startsWith(`${file}:`) ? ` (thrown in ${relative(process.cwd(), origin)})` : ''
  return new ConfigError('LOAD_FAILED', `Cannot load ${what} ${relative(process.cwd(), file)}: ${message}${where}`, {cause: error})
}

const NEEDS_IMPORT = new Set(['ERR_REQUIRE_ESM', 'ERR_REQUIRE_ASYNC_MODULE'])

/**
 * Loads a module synchronously (`require`, with TypeScript compiled in-process; ES modules through
 * Node's require of ES modules).
 *
 * @throws {ConfigError} `COMPILE_FAILED` for a syntax error, `LOAD_FAILED` when the file throws
 * while loading (or is an ES module with top-level await); both name the file.
 */
export function loadModuleSync(file: string, what = 'file'): Record<string, unknown> {
  try {
    return requireTypeScript(file) ?? (require(file) as Record<string, unknown>)
  } catch (error) {
    throw loadFailure(error, file, what)
  }
}

/**
 * Loads a module and returns its exports (the namespace for ES modules, `module.exports` for
 * CommonJS). TypeScript files are compiled in-process; `.mjs` files and ES-module `.js` files are
 * imported.
 *
 * @throws {ConfigError} `COMPILE_FAILED` for a syntax error, `LOAD_FAILED` when the file throws
 * while loading; both name the file.
 */
export async function loadModule(file: string, what = 'file'): Promise<Record<string, unknown>> {
  try {
    if (extname(file) === '.mjs') return (await importModule(pathToFileURL(file).href)) as Record<string, unknown>
    try {
      return requireTypeScript(file) ?? (require(file) as Record<string, unknown>)
    } catch (error) {
      if (!NEEDS_IMPORT.has((error as NodeJS.ErrnoException).code ?? '')) throw error
      return (await importModule(pathToFileURL(file).href)) as Record<string, unknown>
    }
  } catch (error) {
    throw loadFailure(error, file, what)
  }
}

/** The default export of a loaded module, whichever module format produced it. */
export function defaultExport(loaded: Record<string, unknown>): unknown {
  if ('default' in loaded && loaded.default !== undefined) {
    const inner = loaded.default as Record<string, unknown> | undefined
    // CommonJS compiled from `export default` inside an ES-module wrapper
    if (inner && typeof inner === 'object' && '__esModule' in inner && 'default' in inner) return inner.default
    return inner
  }
  return loaded
}
