/**
 * umzug, loaded without its command line.
 *
 * umzug's entry module requires its CLI (`Umzug#runAsCLI`, built on @rushstack/ts-command-line with
 * fs-extra, graceful-fs and z-schema: about 160 modules and 0.1 s of CPU), which running revisions
 * never uses: in a deploy that applies a revision or two, that was a fifth of the run's start-up.
 * Before umzug first loads, its CLI module is registered in Node's module cache as one whose exports
 * load the real module on first access, so `runAsCLI` and `require('umzug').UmzugCLI` still work.
 * Another major version of umzug, or one whose files are laid out otherwise, loads as it is.
 */
import Module from 'node:module'
import {dirname} from 'node:path'

/** What umzug 3's `lib/cli.js` exports (umzug's entry re-exports them all). */
const CLI_EXPORTS = ['UpAction', 'DownAction', 'ListAction', 'CreateAction', 'UmzugCLI']

type NodeModule = NodeJS.Module & {paths: string[]; loaded: boolean}
type ModuleStatics = typeof Module & {_nodeModulePaths(from: string): string[]}

let deferred = false

/** umzug's exports; its CLI loads only if something uses it. */
export function loadUmzug(): typeof import('umzug') {
  if (!deferred) {
    deferred = true
    deferCli()
  }
  return require('umzug') as typeof import('umzug')
}

function deferCli(): void {
  let entry: string
  let cli: string
  try {
    // The exports below are umzug 3's; another major version loads as it is.
    if (!(require('umzug/package.json') as {version: string}).version.startsWith('3.')) return
    entry = require.resolve('umzug')
    cli = require.resolve('umzug/lib/cli')
  } catch {
    return
  }
  // Already loaded (by the application, say): nothing to save.
  if (require.cache[entry] || require.cache[cli]) return
  const stub = new Module(cli) as NodeModule
  stub.filename = cli
  stub.paths = (Module as ModuleStatics)._nodeModulePaths(dirname(cli))
  stub.loaded = true
  let real: Record<string, unknown> | undefined
  const load = (): Record<string, unknown> => {
    if (!real) {
      delete require.cache[cli]
      real = require(cli) as Record<string, unknown>
    }
    return real
  }
  const exports: Record<string, unknown> = {}
  Object.defineProperty(exports, '__esModule', {value: true})
  for (const name of CLI_EXPORTS) Object.defineProperty(exports, name, {enumerable: true, get: () => load()[name]})
  stub.exports = exports
  require.cache[cli] = stub
}
