/**
 * umzug loaded without its command line: what umzug exports still works, the CLI loading when
 * first used. Each case runs in a fresh Node, where umzug has not loaded yet.
 */
import {execFileSync} from 'node:child_process'
import {join} from 'node:path'
import {expect} from 'chai'

import {REPO_ROOT} from '../support/cli'

const LOADER = join(REPO_ROOT, 'dist', 'runtime', 'umzug.js')

/** Runs `before`, `loadUmzug()`, then `body` in a fresh Node; returns what it printed as JSON. */
function inFreshNode(body: string, before = ''): unknown {
  const script = `
    const loaded = () => Object.keys(require.cache).some((file) => /[\\\\/]@rushstack[\\\\/]/.test(file))
    ${before}
    const umzug = require(${JSON.stringify(LOADER)}).loadUmzug()
    ${body}`
  return JSON.parse(execFileSync(process.execPath, ['-e', script], {cwd: REPO_ROOT, encoding: 'utf8'}))
}

describe('loading umzug', () => {
  it('leaves its command line unloaded until something uses it', () => {
    const seen = inFreshNode(`
      const before = loaded()
      const Cli = umzug.UmzugCLI
      const runner = new umzug.Umzug({migrations: [], logger: undefined})
      console.log(JSON.stringify({before, after: loaded(), cli: typeof Cli === 'function' && Cli.name, actions: [umzug.UpAction, umzug.DownAction, umzug.ListAction, umzug.CreateAction].map((a) => typeof a), same: require('umzug/lib/cli').UmzugCLI === Cli, runner: typeof runner.up}))`)
    expect(seen).to.deep.equal({before: false, after: true, cli: 'UmzugCLI', actions: ['function', 'function', 'function', 'function'], same: true, runner: 'function'})
  })

  it('leaves an umzug the application loaded first as it is', () => {
    const seen = inFreshNode(`console.log(JSON.stringify({same: umzug === first, cli: loaded() && umzug.UmzugCLI === require('umzug/lib/cli').UmzugCLI}))`, `const first = require('umzug')`)
    expect(seen).to.deep.equal({same: true, cli: true})
  })
})
