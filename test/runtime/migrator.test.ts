/**
 * The migrator in-process, on a record kept in memory: what runs, what is recorded, and what is
 * refused, without a database.
 */
import {mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'

import {MigrateError} from '../../src/errors'
import {MemoryRecordStorage} from '../../src/runtime/memory-record-storage'
import {Migrator, type RunOptions} from '../../src/runtime/migrator'
import type {LockWaitEvent} from '../../src/runtime/record-storage'
import {ScriptDirectory} from '../../src/script/script-directory'

const A = 'aaaa00000001'
const B = 'bbbb00000002'
const C = 'cccc00000003'

/** What the revisions below receive: a log to write to and gates a test opens. */
interface Context {
  revision: string
  log: string[]
  gates: Map<string, Promise<void>>
}

function revisionFile(revision: string, parent: string | null, options: {transactional?: boolean; failUp?: boolean} = {}): string {
  return [
    '/**', ` * ${revision} message`, ' *', ` * Revision ID: ${revision}`, ` * Revises: ${parent ?? '<base>'}`, ' */',
    `exports.revision = '${revision}'`,
    `exports.downRevision = ${parent ? `'${parent}'` : 'null'}`,
    ...(options.transactional === false ? ['exports.transactional = false'] : []),
    'exports.up = async ({revision, log, gates}) => {',
    '  log.push(`up ${revision}`)',
    '  await gates.get(revision)',
    ...(options.failUp ? ['  throw new Error(`boom in ${revision}`)'] : []),
    '}',
    'exports.down = async ({revision, log}) => { log.push(`down ${revision}`) }',
    '',
  ].join('\n')
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<MigrateError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught)
  expect(error, `expected ${code}`).to.be.instanceOf(MigrateError)
  expect((error as MigrateError).code).to.equal(code)
  return error as MigrateError
}

describe('Migrator on a memory record', () => {
  let root: string
  let versions: string
  let storage: MemoryRecordStorage
  let log: string[]
  let gates: Map<string, Promise<void>>

  const write = (revision: string, parent: string | null, options?: Parameters<typeof revisionFile>[2]) =>
    writeFileSync(join(versions, `${revision}.js`), revisionFile(revision, parent, options))
  const open = async (backend: {transactionalDDL?: boolean} = {}) =>
    Migrator.create(await ScriptDirectory.load(versions), storage, {...backend, context: (revision): Context => ({revision, log, gates})})

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sm-runtime-'))
    versions = join(root, 'versions')
    mkdirSync(versions)
    write(A, null)
    write(B, A)
    write(C, B)
    storage = new MemoryRecordStorage()
    log = []
    gates = new Map()
  })
  afterEach(() => rmSync(root, {recursive: true, force: true}))

  it('upgrades in graph order, records each revision with its checksum, and does nothing the second time', async () => {
    const migrator = await open()
    const steps: string[] = []
    await migrator.upgrade('head', {onStep: (step) => steps.push(`${step.from.join(',')}->${step.to.join(',')}`)})
    expect(steps).to.deep.equal([`->${A}`, `${A}->${B}`, `${B}->${C}`])
    expect(log).to.deep.equal([`up ${A}`, `up ${B}`, `up ${C}`])
    expect([...storage.applied.keys()]).to.deep.equal([A, B, C])
    expect([...storage.applied.values()].every((checksum) => /^[0-9a-f]{64}$/.test(checksum ?? ''))).to.equal(true)
    expect(await migrator.upgrade()).to.deep.equal([])
    await migrator.downgrade('base')
    expect(log.slice(3)).to.deep.equal([`down ${C}`, `down ${B}`, `down ${A}`])
    expect(storage.applied.size).to.equal(0)
  })

  it('says which revisions it will run before it loads any, and says nothing when there is nothing to do', async () => {
    const migrator = await open()
    const events: string[] = []
    const options = {
      onRevisionsToRun: (ids: string[]) => events.push(`plan ${ids.join(',')} (${log.length} ran)`),
      onStep: (step: {revision: string}) => events.push(`step ${step.revision}`),
    }
    await migrator.upgrade(B, options)
    await migrator.upgrade('head', options)
    await migrator.upgrade('head', options)
    await migrator.downgrade('base', options)
    expect(events).to.deep.equal([
      `plan ${A},${B} (0 ran)`, `step ${A}`, `step ${B}`,
      `plan ${C} (2 ran)`, `step ${C}`,
      `plan ${C},${B},${A} (3 ran)`, `step ${C}`, `step ${B}`, `step ${A}`,
    ])
  })

  it('a refused target writes nothing', async () => {
    const migrator = await open()
    await expectCode(migrator.upgrade('zzzz9999'), 'UNKNOWN_REVISION')
    expect(storage.prepared).to.equal(false)
  })

  it('each step reads only its own row and its neighbours\' from the record, however long the record', async () => {
    const migrator = await open()
    await migrator.upgrade(B)
    const targeted: string[][] = []
    const read = storage.read.bind(storage)
    storage.read = (options) => {
      if (options?.revisions) targeted.push(options.revisions)
      return read(options)
    }
    await migrator.upgrade()
    await migrator.downgrade(A)
    // upgrade C: C and its parent; downgrade C, then B: each and its children
    expect(targeted).to.deep.equal([[C, B], [C], [B, C]])
    expect(log).to.deep.equal([`up ${A}`, `up ${B}`, `up ${C}`, `down ${C}`, `down ${B}`])
  })

  it('two runs at once in one process: each revision runs once', async () => {
    const [first, second] = [await open(), await open()]
    await Promise.all([first.upgrade(), second.upgrade()])
    expect(log).to.deep.equal([`up ${A}`, `up ${B}`, `up ${C}`])
  })

  it('a run whose lock is lost stops before the next revision', async () => {
    let open1!: () => void
    gates.set(A, new Promise((resolve) => (open1 = resolve)))
    const migrator = await open()
    const run = migrator.upgrade()
    while (!log.includes(`up ${A}`)) await new Promise((resolve) => setImmediate(resolve))
    storage.loseLock()
    open1()
    const error = await expectCode(run, 'LOCK_LOST')
    expect(error.message).to.include(`stopped before applying ${B}`)
    expect([...storage.applied.keys()]).to.deep.equal([A])
  })

  it('waits visibly for another run and gives up after --lock-timeout with nothing run', async () => {
    let release!: () => void
    gates.set(A, new Promise((resolve) => (release = resolve)))
    const holder = (await open()).upgrade()
    while (!log.includes(`up ${A}`)) await new Promise((resolve) => setImmediate(resolve))
    const events: LockWaitEvent[] = []
    const options: RunOptions = {timeoutSeconds: 0, onLockWait: (event) => events.push(event)}
    await expectCode((await open()).upgrade('head', options), 'LOCK_TIMEOUT')
    expect(events.map((event) => event.waitedSeconds)).to.deep.equal([0])
    release()
    await holder
    expect(log).to.deep.equal([`up ${A}`, `up ${B}`, `up ${C}`])
  })

  it('a revision that failed outside a transaction blocks later runs until resolved', async () => {
    write(B, A, {transactional: false, failUp: true})
    const migrator = await open()
    const failed = await expectCode(migrator.upgrade(), 'MIGRATION_FAILED')
    expect(failed.message).to.include(`db resolve ${B} --applied`)
    expect([...storage.started.keys()]).to.deep.equal([B])
    const refused = await expectCode(migrator.upgrade(), 'UNFINISHED_REVISION')
    expect(refused.message).to.include(`Revision ${B}`).and.include('db resolve')
    await expectCode(migrator.downgrade(), 'UNFINISHED_REVISION')
    expect((await migrator.status()).started.map((entry) => entry.revision)).to.deep.equal([B])

    await migrator.resolve(B, 'applied')
    expect(storage.started.size).to.equal(0)
    expect([...storage.applied.keys()]).to.deep.equal([A, B])
    await migrator.upgrade()
    expect(log).to.deep.equal([`up ${A}`, `up ${B}`, `up ${C}`])
  })

  it('resolve takes a full id even where it is the prefix of another unfinished one, and refuses an ambiguous prefix', async () => {
    const migrator = await open()
    const note = {direction: 'upgrade' as const, startedAt: new Date(), startedBy: 'test pid 1'}
    await storage.exclusive(async () => {
      await storage.start({revision: 'abc', ...note})
      await storage.start({revision: 'abcdef', ...note})
    })
    await expectCode(migrator.resolve('ab', 'rolled-back'), 'NOTHING_TO_RESOLVE')
    expect((await migrator.resolve('abc', 'rolled-back')).revision).to.equal('abc')
    expect((await storage.read()).started.map((entry) => entry.revision)).to.deep.equal(['abcdef'])
  })

  it('resolving as rolled back lets the revision run again', async () => {
    write(B, A, {transactional: false, failUp: true})
    const migrator = await open()
    await expectCode(migrator.upgrade(), 'MIGRATION_FAILED')
    await expectCode(migrator.resolve(C, 'applied'), 'NOTHING_TO_RESOLVE')
    await migrator.resolve('bbbb', 'rolled-back')
    // A new file name: Node caches the module of the old one.
    unlinkSync(join(versions, `${B}.js`))
    writeFileSync(join(versions, `${B}_fixed.js`), revisionFile(B, A, {transactional: false}))
    await (await open()).upgrade()
    expect([...storage.applied.keys()]).to.deep.equal([A, B, C])
    expect(log.filter((line) => line === `up ${B}`)).to.have.lengthOf(2)
  })

  it('on a database without transactional DDL every revision is noted as started, then cleared', async () => {
    const migrator = await open({transactionalDDL: false})
    await migrator.upgrade()
    expect([...storage.applied.keys()]).to.deep.equal([A, B, C])
    expect(storage.started.size).to.equal(0)
  })

  it('refuses to run when an applied revision changed, until it is accepted', async () => {
    await (await open()).upgrade(B)
    writeFileSync(join(versions, `${A}.js`), `${revisionFile(A, null)}// edited\n`)
    const migrator = await open()
    expect((await migrator.status()).changed).to.deep.equal([A])
    const error = await expectCode(migrator.upgrade(), 'CHANGED_REVISION')
    expect(error.message).to.include(A).and.include(`db accept ${A}`)
    await expectCode(migrator.downgrade(), 'CHANGED_REVISION')
    await expectCode(migrator.accept([C]), 'NOT_CHANGED')
    expect(await migrator.accept([A])).to.deep.equal([A])
    await migrator.upgrade()
    expect([...storage.applied.keys()]).to.deep.equal([A, B, C])
  })

  it('line endings alone are not a change', async () => {
    await (await open()).upgrade(A)
    writeFileSync(join(versions, `${A}.js`), revisionFile(A, null).replace(/\n/g, '\r\n'))
    expect((await (await open()).status()).changed).to.deep.equal([])
  })

  it('refuses to run when an applied revision vanished', async () => {
    await (await open()).upgrade()
    unlinkSync(join(versions, `${C}.js`))
    const error = await expectCode((await open()).upgrade(), 'UNKNOWN_APPLIED_REVISION')
    expect(error.message).to.include(C)
  })

  it('revisions applied before checksums get one on the next run, without complaint', async () => {
    storage.applied.set(A, null)
    await (await open()).upgrade()
    expect(storage.applied.get(A)).to.match(/^[0-9a-f]{64}$/)
    expect(log).to.deep.equal([`up ${B}`, `up ${C}`])
  })
})
