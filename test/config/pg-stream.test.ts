import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {join} from 'node:path'

const ROOT = join(__dirname, '..', '..')

/** Runs `script` in a fresh Node (this process may have loaded anything already) and parses its JSON output. */
function inFreshNode(script: string): Record<string, unknown> {
  return JSON.parse(execFileSync(process.execPath, ['-e', script], {cwd: ROOT, encoding: 'utf8'})) as Record<string, unknown>
}

describe('preloadPgStream', () => {
  it("loads pg's stream module without Node's fetch, and leaves Response as Node's", () => {
    const result = inFreshNode(`
      const before = Object.getOwnPropertyDescriptor(globalThis, 'Response')
      require('./dist/config/pg-stream').preloadPgStream(process.cwd())
      const after = Object.getOwnPropertyDescriptor(globalThis, 'Response')
      const undiciBeforePg = process.moduleLoadList.some((name) => name.includes('undici'))
      const pg = require('pg')
      const stream = require('pg/lib/stream').getStream(false)
      stream.destroy()
      console.log(JSON.stringify({
        navigator: 'navigator' in globalThis,
        restored: before?.get === after?.get && before?.set === after?.set,
        undiciBeforePg,
        undiciAfterPg: process.moduleLoadList.some((name) => name.includes('undici')),
        client: typeof pg.Client,
        nodeSocket: stream.constructor.name,
        response: typeof Response,
      }))
    `)
    expect(result).to.include({restored: true, client: 'function', nodeSocket: 'Socket', response: 'function'})
    // Node 21 and later have navigator: pg's probe reads it and never builds a Response.
    if (!result.navigator) expect(result).to.include({undiciBeforePg: false, undiciAfterPg: false})
  })

  it('does nothing where Sequelize or pg cannot be found', () => {
    const result = inFreshNode(`
      require('./dist/config/pg-stream').preloadPgStream('/')
      console.log(JSON.stringify({pgLoaded: Object.keys(require.cache).some((file) => file.includes('/pg/lib/'))}))
    `)
    expect(result).to.deep.equal({pgLoaded: false})
  })
})
