/**
 * A V8 code cache for the CLI process: every `db` verb loads sequelize, oclif and the user's env,
 * and parsing them is most of a short verb's wall time. Node 20 has no built-in module compile
 * cache, so the bin installs this one: compiled code of each CommonJS module is kept in one blob
 * file, keyed by path and content hash, and reused when unchanged.
 *
 * Only the bin uses it (never the library API), and any failure falls back to Node's own loading.
 */
import {createHash} from 'node:crypto'
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import Module from 'node:module'
import {dirname, join} from 'node:path'
import vm from 'node:vm'

const CACHED_EXTENSIONS = /\.(c?js|[cm]?ts)$/

interface Entry {
  hash: string
  data: Buffer
}

type Compile = (this: NodeJS.Module, content: string, filename: string) => unknown
type ModuleStatics = {
  _resolveFilename(request: string, parent: NodeJS.Module, isMain: boolean, options?: unknown): string
  _extensions: unknown
  _cache: unknown
  wrap(content: string): string
}

function readBlob(file: string): Map<string, Entry> {
  const entries = new Map<string, Entry>()
  try {
    const blob = readFileSync(file)
    const indexLength = blob.readUInt32LE(0)
    const index = JSON.parse(blob.subarray(4, 4 + indexLength).toString('utf8')) as Array<[string, string, number, number]>
    const base = 4 + indexLength
    for (const [filename, hash, offset, length] of index) {
      entries.set(filename, {hash, data: blob.subarray(base + offset, base + offset + length)})
    }
  } catch {
    // no cache yet, or an unreadable one: start empty
  }
  return entries
}

function writeBlob(file: string, entries: Map<string, Entry>): void {
  const index: Array<[string, string, number, number]> = []
  const buffers: Buffer[] = []
  let offset = 0
  for (const [filename, entry] of entries) {
    index.push([filename, entry.hash, offset, entry.data.length])
    buffers.push(entry.data)
    offset += entry.data.length
  }
  const indexBuffer = Buffer.from(JSON.stringify(index), 'utf8')
  const header = Buffer.alloc(4)
  header.writeUInt32LE(indexBuffer.length, 0)
  mkdirSync(dirname(file), {recursive: true})
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, Buffer.concat([header, indexBuffer, ...buffers]))
  renameSync(temporary, file)
}

function makeRequire(module: NodeJS.Module): NodeJS.Require {
  const statics = Module as unknown as ModuleStatics
  const require = ((id: string) => module.require(id)) as NodeJS.Require
  require.resolve = ((request: string, options?: unknown) => statics._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve
  require.main = process.mainModule
  require.extensions = statics._extensions as NodeJS.Require['extensions']
  require.cache = statics._cache as NodeJS.Require['cache']
  return require
}

/**
 * Installs the code cache for this process; the blob is rewritten at exit when modules were
 * added or changed. Idempotent; `SEQUELIZE_MIGRATE_NO_CODE_CACHE=1` turns it off.
 *
 * @param directory where the blob lives (one per Node version and architecture)
 */
export function installCodeCache(directory: string): void {
  if (process.env.SEQUELIZE_MIGRATE_NO_CODE_CACHE === '1') return
  const prototype = Module.prototype as unknown as {_compile: Compile; __codeCache?: boolean}
  if (prototype.__codeCache) return
  prototype.__codeCache = true

  const file = join(directory, `v8-${process.version}-${process.arch}.blob`)
  const entries = readBlob(file)
  let changed = false
  const original = prototype._compile
  const statics = Module as unknown as ModuleStatics

  prototype._compile = function (this: NodeJS.Module, content: string, filename: string) {
    // Only CommonJS (TypeScript arrives here already compiled to it) without dynamic import():
    // Node 20 loses a cached script's import() callback, so such modules keep Node's own path.
    if (!CACHED_EXTENSIONS.test(filename) || content.includes('import(')) return original.call(this, content, filename)
    const hash = createHash('sha1').update(content).digest('base64')
    const cached = entries.get(filename)
    let script: vm.Script
    try {
      script = new vm.Script(statics.wrap(content), {
        filename,
        cachedData: cached?.hash === hash ? cached.data : undefined,
      })
    } catch {
      return original.call(this, content, filename)
    }
    if (cached?.hash !== hash || script.cachedDataRejected) {
      entries.set(filename, {hash, data: script.createCachedData()})
      changed = true
    }
    const wrapper = script.runInThisContext({displayErrors: true}) as (...args: unknown[]) => unknown
    return wrapper.call(this.exports, this.exports, makeRequire(this), this, filename, dirname(filename))
  }

  process.once('exit', () => {
    if (!changed) return
    try {
      writeBlob(file, entries)
    } catch {
      // an unwritable cache only costs speed
    }
  })
}
