/**
 * Spares a run Node's bundled fetch implementation, which pg's stream module makes it load.
 *
 * pg (8.11 and later) asks when its stream module loads whether it runs in Cloudflare Workers: on
 * a Node without `navigator` (Node 20) it builds a `Response`, and that first touch of the global
 * loads undici, Node's fetch (about 50 ms of CPU, a tenth of a `db upgrade` with nothing to do).
 * Newer Node has `navigator`, which the probe reads first. Loading that one module beforehand with
 * `Response` hidden gets the probe's answer for Node (not Cloudflare) without undici; pg then finds
 * the module in the cache. Nothing else runs while `Response` is hidden.
 */
import {existsSync} from 'node:fs'
import {dirname, join} from 'node:path'

/** Loads pg's stream module, as Sequelize would find it from `directory`, without loading undici. */
export function preloadPgStream(directory: string): void {
  if ('navigator' in globalThis) return
  const response = Object.getOwnPropertyDescriptor(globalThis, 'Response')
  // Already touched (a plain value now), or not Node's lazy global: nothing to spare.
  if (!response?.get || !response.configurable) return
  let file: string
  try {
    // Sequelize requires the driver from its own folder.
    const sequelize = require.resolve('sequelize', {paths: [directory]})
    file = join(dirname(require.resolve('pg', {paths: [dirname(sequelize)]})), 'stream.js')
  } catch {
    return // no Sequelize or no pg: nothing of pg's to load
  }
  if (require.cache[file] || !existsSync(file)) return
  Object.defineProperty(globalThis, 'Response', {value: undefined, configurable: true, writable: true, enumerable: response.enumerable})
  try {
    require(file)
  } catch {
    // pg reports its own errors when it loads the module itself
  } finally {
    Object.defineProperty(globalThis, 'Response', response)
  }
}
