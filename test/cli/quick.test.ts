/**
 * The bin's quick path (`db upgrade`, `db current`, `db check` without oclif): which command lines it takes,
 * that it knows each flag exactly as the oclif command declares it, and that a verb run either way
 * prints the same lines and exits the same, on every database.
 */
import {spawn} from 'node:child_process'
import {join} from 'node:path'
import {expect} from 'chai'

import {parseQuick, QUICK_VERBS} from '../../src/cli/quick'
import Check from '../../src/commands/db/check'
import Current from '../../src/commands/db/current'
import Upgrade from '../../src/commands/db/upgrade'
import {BIN, type CliResult, COMPILE_CACHE, expectSuccess, REPO_ROOT} from '../support/cli'
import {forEachDialect} from '../support/databases'
import {createTable, dropTable, ENV_TS, type Project, useDatabaseProject} from '../support/project'

/** A bin that runs every verb through oclif. */
const OCLIF_BIN = join(REPO_ROOT, 'test', 'fixtures', 'oclif-bin.js')

describe('the quick path: which command lines it takes', () => {
  const saved = process.env.SEQUELIZE_MIGRATE_DIR
  beforeEach(() => delete process.env.SEQUELIZE_MIGRATE_DIR)
  after(() => {
    if (saved === undefined) delete process.env.SEQUELIZE_MIGRATE_DIR
    else process.env.SEQUELIZE_MIGRATE_DIR = saved
  })

  it('takes what a deploy runs, in either spelling of the verb and of each flag', () => {
    expect(parseQuick(['db', 'upgrade'])).to.deep.equal({id: 'db:upgrade', flags: {}, arg: undefined})
    expect(parseQuick(['db:upgrade', 'heads'])).to.deep.equal({id: 'db:upgrade', flags: {}, arg: 'heads'})
    expect(parseQuick(['db', 'upgrade', '-d', 'db/migrations', '--lock-timeout', '30', '--wait-for-db=5', '--json', '+1'])).to.deep.equal({
      id: 'db:upgrade',
      flags: {directory: 'db/migrations', 'lock-timeout': 30, 'wait-for-db': 5, json: true},
      arg: '+1',
    })
    expect(parseQuick(['db', 'upgrade', '-x', 'tenant=a', '--x-arg=region=eu', '--stack-trace'])?.flags).to.deep.equal({'x-arg': ['tenant=a', 'region=eu'], 'stack-trace': true})
    expect(parseQuick(['db', 'current', '-v', '--directory', 'm'])).to.deep.equal({id: 'db:current', flags: {verbose: true, directory: 'm'}, arg: undefined})
    expect(parseQuick(['db', 'check', '--json'])).to.deep.equal({id: 'db:check', flags: {json: true}, arg: undefined})
  })

  it('reads the folder from SEQUELIZE_MIGRATE_DIR unless -d is given, as oclif does', () => {
    process.env.SEQUELIZE_MIGRATE_DIR = 'from/env'
    expect(parseQuick(['db', 'upgrade'])?.flags).to.deep.equal({directory: 'from/env'})
    expect(parseQuick(['db', 'upgrade', '-d', 'given'])?.flags).to.deep.equal({directory: 'given'})
  })

  const refused: string[][] = [
    ['db', 'upgrade', '--help'],
    ['db', 'upgrade', '-h'],
    ['db', 'upgrade', '--sql'],
    ['db', 'upgrade', '--sql', 'base:head', '-o', 'out.sql'],
    ['db', 'upgrade', '--lock-timeout', '-1'],
    ['db', 'upgrade', '--lock-timeout', 'soon'],
    ['db', 'upgrade', '--lock-timeout'],
    ['db', 'upgrade', '--json', '--json'],
    ['db', 'upgrade', '-d', 'a', '-d', 'b'],
    ['db', 'upgrade', '--json=yes'],
    ['db', 'upgrade', 'head', 'heads'],
    ['db', 'upgrade', '--', 'head'],
    ['db', 'upgrade', '-d'],
    ['db', 'upgrade', '-d', ''],
    ['db', 'upgrade', '--directory='],
    ['db', 'upgrade', '--verbose'],
    ['db', 'upgrade', '-dmigrations'],
    ['db', 'current', 'head'],
    ['db', 'current', '--lock-timeout', '3'],
    ['db', 'check', '-v'],
    ['db', 'check', 'head'],
    ['db', 'history'],
    ['db', 'downgrade'],
    ['db'],
    [],
  ]
  for (const argv of refused) {
    it(`leaves \`${argv.join(' ') || '(nothing)'}\` to oclif`, () => {
      expect(parseQuick(argv)).to.equal(undefined)
    })
  }

  it('leaves an empty SEQUELIZE_MIGRATE_DIR to oclif', () => {
    process.env.SEQUELIZE_MIGRATE_DIR = ''
    expect(parseQuick(['db', 'upgrade'])).to.equal(undefined)
  })

  it('knows each flag and argument exactly as the oclif command declares it', () => {
    for (const command of [Upgrade, Current, Check]) {
      const verb = QUICK_VERBS[`db:${command.name.toLowerCase()}`]
      const declared = {...command.baseFlags, ...command.flags} as Record<string, {char?: string; type: string; multiple?: boolean; env?: string; parse: unknown}>
      for (const [name, spec] of Object.entries(verb.flags)) {
        const flag = declared[name]
        expect(flag, `${command.name} --${name}`).to.not.equal(undefined)
        expect({char: flag.char, type: flag.type, multiple: Boolean(flag.multiple), env: flag.env}, `${command.name} --${name}`).to.deep.equal({
          char: spec.char,
          type: spec.kind === 'boolean' ? 'boolean' : 'option',
          multiple: Boolean(spec.multiple),
          env: spec.env,
        })
      }
      const args = Object.values(command.args ?? {}) as Array<{default?: unknown}>
      expect(args.map((arg) => arg.default)).to.deep.equal(verb.arg ? [verb.arg.default] : [])
    }
  })
})

/** Runs a bin with `stdin` written to its standard input and closed. */
function runWithStdin(bin: string, args: string[], project: Project, stdin: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: project.root,
      env: {...process.env, ...project.env, SEQUELIZE_MIGRATE_CACHE: COMPILE_CACHE, SEQUELIZE_MIGRATE_DIR: undefined} as NodeJS.ProcessEnv,
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += String(chunk)))
    child.stderr.on('data', (chunk) => (stderr += String(chunk)))
    child.on('close', (code) => resolve({code: code ?? -1, stdout, stderr}))
    child.stdin.end(stdin)
  })
}

/**
 * A run's output with what differs run to run blanked: step durations, and a stack trace's frames
 * (the callers above the verb are the quick path's or oclif's).
 */
function comparable(result: CliResult): CliResult {
  const blank = (text: string) => text.replace(/done in [\d.]+ m?s/g, 'done in N').replace(/"durationMs": \d+/g, '"durationMs": 0').replace(/^ {4}at .*\n/gm, '')
  return {code: result.code, stdout: blank(result.stdout), stderr: blank(result.stderr)}
}

forEachDialect('the quick path and oclif print the same', (dialect) => {
  let project: Project
  useDatabaseProject(dialect, (made) => {
    project = made.project
    project.writeRevision({revision: 'c0ffee000001', message: 'create orders', up: createTable('orders'), down: dropTable('orders')})
    project.writeRevision({revision: 'c0ffee000002', downRevision: 'c0ffee000001', message: 'create items', up: createTable('items'), down: dropTable('items')})
  })

  /** Runs `args` through the quick path and through oclif, in that order; returns both. */
  async function both(args: string[]): Promise<[CliResult, CliResult]> {
    const quick = comparable(await project.run(args, {bin: BIN}))
    const oclif = comparable(await project.run(args, {bin: OCLIF_BIN}))
    return [quick, oclif]
  }

  it('upgrading a step, and back (each way from the same state)', async () => {
    const quick = comparable(await project.run(['db', 'upgrade', '+1'], {bin: BIN}))
    expectSuccess(await project.run(['db', 'downgrade', 'base']))
    const oclif = comparable(await project.run(['db', 'upgrade', '+1'], {bin: OCLIF_BIN}))
    expect(quick).to.deep.equal(oclif)
    expect(quick.stdout).to.include('Running upgrade <base> -> c0ffee000001, create orders')
    const quickJson = comparable(await project.run(['db', 'upgrade', '--json'], {bin: BIN}))
    expectSuccess(await project.run(['db', 'downgrade', 'c0ffee000001']))
    expect(quickJson).to.deep.equal(comparable(await project.run(['db', 'upgrade', '--json'], {bin: OCLIF_BIN})))
    expect(JSON.parse(quickJson.stdout).steps).to.have.lengthOf(1)
  })

  const lines: string[][] = [
    ['db', 'upgrade'],
    ['db', 'upgrade', '--lock-timeout', '5', '-x', 'tenant=a'],
    ['db', 'upgrade', 'deadbeef'],
    ['db', 'upgrade', '--json', 'deadbeef'],
    ['db', 'upgrade', '-x', 'no-equals-sign'],
    ['db', 'upgrade', '-d', 'no/such/folder'],
    ['db', 'current'],
    ['db', 'current', '-v', '--json'],
    ['db', 'current', '--stack-trace', '-d', 'no/such/folder'],
    ['db', 'check'],
    ['db', 'check', '--json'],
  ]
  for (const args of lines) {
    it(`\`${args.join(' ')}\``, async () => {
      const [quick, oclif] = await both(args)
      expect(quick).to.deep.equal(oclif)
    })
  }

  it('`db check` with a model the database lacks: the differences, exit 1, either way', async () => {
    const withModel = ENV_TS.replace("sequelize: ({x}) => new Sequelize(x.url ?? (process.env.DATABASE_URL as string), {logging: false}),", `sequelize: ({x}) => {
    const sequelize = new Sequelize(x.url ?? (process.env.DATABASE_URL as string), {logging: false})
    sequelize.define('Widget', {label: Sequelize.STRING}, {tableName: 'widgets', timestamps: false})
    return sequelize
  },`)
    expect(withModel).to.not.equal(ENV_TS)
    project.write('migrations/env.ts', withModel)
    try {
      for (const args of [['db', 'check'], ['db', 'check', '--json']]) {
        const [quick, oclif] = await both(args)
        expect(quick).to.deep.equal(oclif)
        expect(quick.code).to.equal(1)
        expect(quick.stdout).to.include('widgets')
      }
    } finally {
      project.write('migrations/env.ts', ENV_TS)
    }
  })

  it('never takes what is piped in as the target (db upgrade, and oclif verbs such as db show)', async () => {
    for (const bin of [BIN, OCLIF_BIN]) {
      const upgraded = await runWithStdin(bin, ['db', 'upgrade'], project, 'deadbeef\n')
      expect(expectSuccess(upgraded)).to.deep.equal(['Already at head c0ffee000002'])
    }
    const shown = await runWithStdin(BIN, ['db', 'show', '--json'], project, 'c0ffee000001\n')
    expect(JSON.parse(expectSuccess(shown).join('\n'))[0].revision).to.equal('c0ffee000002')
  })
})
