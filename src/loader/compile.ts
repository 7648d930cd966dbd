/**
 * In-process TypeScript support for env files, models and revisions.
 *
 * sequelize-typescript infers a column's type from `design:type` metadata, which only a compiler
 * that emits decorator metadata produces; TypeScript's own `transpileModule` does. Files without
 * decorators (revisions, most env files) need no metadata: for them a transpiler that only strips
 * types (sucrase, about six times cheaper than TypeScript and keeping line numbers) is enough.
 * Compiled output is cached on disk by content hash, so unchanged files are never compiled twice.
 */
import {createHash} from 'node:crypto'
import {mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync} from 'node:fs'
import Module from 'node:module'
import {tmpdir} from 'node:os'
import {dirname, extname, join, relative} from 'node:path'

import {ConfigError} from '../errors'
import {requirePeer} from '../peers'

/** Extensions compiled by the hook. `.mts` is compiled to CommonJS like the others. */
export const TYPESCRIPT_EXTENSIONS = ['.ts', '.mts', '.cts'] as const

type ModuleWithCompile = NodeJS.Module & {_compile(code: string, filename: string): void}
type ExtensionHandler = (module: NodeJS.Module, filename: string) => void

// Bump when the compiler options below change, so stale cache entries are never reused.
const CACHE_FORMAT = '4'
const COMPILER_OPTIONS = {
  module: 1, // CommonJS
  target: 9, // ES2022
  esModuleInterop: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  // Class fields as assignments, not definitions: a defined `email!: string` would shadow the
  // attribute getters Sequelize puts on the model's prototype.
  useDefineForClassFields: false,
}

let registered = false
let cacheDir: string | undefined

/**
 * The folder holding compiled output: `SEQUELIZE_MIGRATE_CACHE`, else
 * `node_modules/.cache/sequelize-migrate` of the current project, else the system temp folder.
 */
export function compileCacheDir(): string {
  if (cacheDir) return cacheDir
  const fromEnv = process.env.SEQUELIZE_MIGRATE_CACHE
  const candidates = fromEnv ? [fromEnv] : [join(process.cwd(), 'node_modules', '.cache', 'sequelize-migrate'), join(tmpdir(), 'sequelize-migrate-cache')]
  for (const dir of candidates) {
    try {
      mkdirSync(dir, {recursive: true})
      cacheDir = dir
      return dir
    } catch {
      // not writable: try the next one
    }
  }
  throw new ConfigError('CACHE_UNWRITABLE', `Cannot create a compile cache folder (tried ${candidates.join(', ')}); set SEQUELIZE_MIGRATE_CACHE to a writable folder`)
}

// TypeScript is the project's (an optional peer): only .ts files need it.
function typescript<T = typeof import('typescript')>(filename: string, specifier = 'typescript'): T {
  return requirePeer<T>(specifier, `Loading ${relative(process.cwd(), filename)}`)
}

type Sucrase = typeof import('sucrase')

let sucraseInstalled: boolean | undefined
/**
 * Whether sucrase is installed (else every file goes through TypeScript). Resolved, not loaded:
 * a run whose files are all in the cache never pays for loading a transpiler.
 */
function hasSucrase(): boolean {
  if (sucraseInstalled === undefined) {
    try {
      require.resolve('sucrase')
      sucraseInstalled = true
    } catch {
      sucraseInstalled = false
    }
  }
  return sucraseInstalled
}

// Decorators need TypeScript's metadata; sucrase silently drops non-declare namespaces. A false
// positive (an `@` in a string after a space) only costs speed.
const DECORATOR = /(?:^|[\s(])@[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?=[\s(]|$)/m
const NAMESPACE = /^[ \t]*(?:export\s+)?(?:declare\s+)?(?:namespace|module)\s+[\w$.]+\s*\{/m

/** The transpiler a source needs: `typescript` for decorator metadata (models), else `sucrase`. */
export function transpilerFor(source: string): 'typescript' | 'sucrase' {
  return DECORATOR.test(source) || NAMESPACE.test(source) || !hasSucrase() ? 'typescript' : 'sucrase'
}

const versions = new Map<string, string>()
function versionOf(transpiler: 'typescript' | 'sucrase', filename: string): string {
  let version = versions.get(transpiler)
  if (!version) {
    const manifest = `${transpiler}/package.json`
    version = (transpiler === 'typescript' ? typescript<{version: string}>(filename, manifest) : (require(manifest) as {version: string})).version
    versions.set(transpiler, version)
  }
  return version
}

function cachePath(source: string, filename: string, transpiler: 'typescript' | 'sucrase'): string {
  const key = createHash('sha1').update(CACHE_FORMAT).update('\0').update(transpiler).update(versionOf(transpiler, filename)).update('\0').update(source).digest('hex')
  return join(compileCacheDir(), `${key}.js`)
}

/**
 * Compiles one TypeScript source to CommonJS, from the cache when the same source was compiled
 * before with the same compiler.
 *
 * @throws {ConfigError} `COMPILE_FAILED` naming the file, line and column of a syntax error.
 */
export function compileTypeScript(source: string, filename: string): string {
  const transpiler = transpilerFor(source)
  const cached = cachePath(source, filename, transpiler)
  try {
    return readFileSync(cached, 'utf8')
  } catch {
    // not compiled yet
  }
  const output = (transpiler === 'sucrase' && stripTypes(source, filename)) || transpileWithTypeScript(source, filename)
  // Write then rename: a concurrent reader never sees half a file.
  const temporary = `${cached}.${process.pid}.tmp`
  try {
    writeFileSync(temporary, output)
    renameSync(temporary, cached)
  } catch {
    // a read-only cache only costs speed
  }
  return output
}

/** sucrase's output, or undefined when it cannot read the file (TypeScript then says why). */
function stripTypes(source: string, filename: string): string | undefined {
  try {
    return (require('sucrase') as Sucrase).transform(source, {transforms: ['typescript', 'imports'], filePath: filename}).code
  } catch {
    return undefined
  }
}

function transpileWithTypeScript(source: string, filename: string): string {
  const ts = typescript(filename)
  const output = ts.transpileModule(source, {fileName: filename, compilerOptions: COMPILER_OPTIONS, reportDiagnostics: true})
  const errors = (output.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error)
  if (errors.length > 0) {
    const first = errors[0]
    let where = relative(process.cwd(), filename)
    if (first.file && first.start !== undefined) {
      const {line, character} = first.file.getLineAndCharacterOfPosition(first.start)
      where += `:${line + 1}:${character + 1}`
    }
    const text = ts.flattenDiagnosticMessageText(first.messageText, ' ')
    throw new ConfigError('COMPILE_FAILED', `${where}: ${text} (fix the syntax error in this file)`)
  }
  return output.outputText
}

/**
 * Compiles one file into the cache without running it (a `.js` file needs nothing).
 *
 * @returns whether the file is TypeScript (and is now in the cache)
 * @throws {ConfigError} `COMPILE_FAILED` as {@link compileTypeScript}.
 */
export function compileFile(file: string): boolean {
  if (!(TYPESCRIPT_EXTENSIONS as readonly string[]).includes(extname(file))) return false
  compileTypeScript(readFileSync(file, 'utf8'), file)
  return true
}

/**
 * Teaches `require` to load `.ts`, `.mts` and `.cts` files. Leaves alone any extension another
 * loader (ts-node, tsx) already handles. Idempotent.
 */
export function registerTypeScript(): void {
  if (registered) return
  registered = true
  const extensions = (Module as unknown as {_extensions: Record<string, ExtensionHandler>})._extensions
  for (const extension of TYPESCRIPT_EXTENSIONS) {
    if (extensions[extension]) continue
    extensions[extension] = compileInto
    ours.add(extension)
  }
}

/** Extensions whose files this hook compiles (not another loader's). */
const ours = new Set<string>()

function compileInto(module: NodeJS.Module, filename: string): void {
  const source = readFileSync(filename, 'utf8')
  ;(module as ModuleWithCompile)._compile(compileTypeScript(source, filename), filename)
}

type ModuleClass = {
  new (id: string, parent?: NodeJS.Module): NodeJS.Module & {paths: string[]}
  _nodeModulePaths(directory: string): string[]
}

/**
 * `require` of a TypeScript file this hook compiles, given its absolute path: what `require` does
 * (one module per file, in `require.cache`), without resolving a path already known (stat,
 * realpath per component, package scope). Loading 300 revisions that way takes about three
 * quarters of the CPU `require` takes. Undefined when another loader (ts-node, tsx) handles the extension: then
 * `require` it.
 */
export function requireTypeScript(file: string): Record<string, unknown> | undefined {
  registerTypeScript()
  if (!ours.has(extname(file))) return undefined
  const filename = realpathSync.native(file)
  const cached = require.cache[filename]
  if (cached) return cached.exports as Record<string, unknown>
  const {_nodeModulePaths} = Module as unknown as ModuleClass
  const module = new (Module as unknown as ModuleClass)(filename)
  module.filename = filename
  module.paths = _nodeModulePaths(dirname(filename))
  require.cache[filename] = module
  try {
    compileInto(module, filename)
  } catch (error) {
    delete require.cache[filename]
    throw error
  }
  module.loaded = true
  return module.exports as Record<string, unknown>
}
