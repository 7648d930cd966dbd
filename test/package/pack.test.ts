/**
 * The package as a user installs it: `npm pack` (its prepack build included), the tarball put into
 * a scratch TypeScript app (CommonJS tsconfig, sequelize-typescript models behind an index.ts
 * barrel) with the peers that app chooses, and there: `tsc` over imports of every entry point under
 * three module resolutions, the bin's verbs, and a mocha suite run with
 * `--require sequelize-migrate/register`.
 *
 * Installing is unpacking the tarball into the app's node_modules and linking the packages it
 * declares (dependencies, and the peers the app installs) to the repository's own copies: no
 * registry, no network, and nothing else resolvable, so an undeclared dependency fails here.
 */
import {execFile} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {expect} from 'chai'

import {type CliResult, expectOneLineError, expectSuccess, lines, REPO_ROOT} from '../support/cli'
import {forEachDialect, serverUrl} from '../support/databases'

/** Runs a command, resolving with its exit code and output (never rejecting on a non-zero exit). */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(command, args, {cwd, env: {...process.env, ...env}, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', timeout: 300_000}, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(new Error(`${command} ${args.join(' ')}: ${error.message}\n${stderr}`))
      else resolve({code: error ? (error.code as number) : 0, stdout, stderr})
    })
  })
}

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), {recursive: true})
    writeFileSync(join(root, path), content)
  }
}

interface PackedFile {
  path: string
}

/** `npm pack` into `destination`; returns the tarball's path and the files it holds. */
async function pack(destination: string): Promise<{tarball: string; files: string[]}> {
  const result = await run('npm', ['pack', '--json', '--pack-destination', destination], REPO_ROOT)
  expect(result.code, result.stderr).to.equal(0)
  // prepack's build prints before the JSON
  const [report] = JSON.parse(result.stdout.slice(result.stdout.search(/^\[/m))) as Array<{filename: string; files: PackedFile[]}>
  return {tarball: join(destination, report.filename), files: report.files.map((file) => file.path)}
}

/**
 * Installs the tarball into `app`: unpacked to node_modules/sequelize-migrate, its dependencies and
 * `packages` linked to the repository's copies, its bin linked into node_modules/.bin.
 */
async function install(app: string, tarball: string, packages: string[]): Promise<void> {
  const modules = join(app, 'node_modules')
  mkdirSync(join(modules, '.bin'), {recursive: true})
  expect((await run('tar', ['-xzf', tarball, '-C', modules], app)).code).to.equal(0)
  renameSync(join(modules, 'package'), join(modules, 'sequelize-migrate'))
  const manifest = JSON.parse(readFileSync(join(modules, 'sequelize-migrate', 'package.json'), 'utf8')) as {dependencies: Record<string, string>}
  for (const name of [...Object.keys(manifest.dependencies), ...packages]) {
    mkdirSync(dirname(join(modules, name)), {recursive: true})
    symlinkSync(join(REPO_ROOT, 'node_modules', name), join(modules, name))
  }
  symlinkSync('../sequelize-migrate/bin/run.js', join(modules, '.bin', 'sequelize-migrate'))
}

const MODELS = {
  'models/user.ts': `import {Column, DataType, HasMany, Model, Table} from 'sequelize-typescript'
import {Post} from './post'

@Table({tableName: 'users'})
export class User extends Model {
  // no explicit type: sequelize-typescript reads it from decorator metadata
  @Column
  declare email: string

  @Column(DataType.INTEGER)
  declare age: number | null

  @HasMany(() => Post)
  declare posts: Post[]
}
`,
  'models/post.ts': `import {BelongsTo, Column, ForeignKey, Model, Table} from 'sequelize-typescript'
import {User} from './user'

@Table({tableName: 'posts'})
export class Post extends Model {
  @Column
  declare title: string

  @ForeignKey(() => User)
  @Column
  declare userId: number

  @BelongsTo(() => User)
  declare user: User
}
`,
  // The barrel the template's models glob must leave out.
  'models/index.ts': `export {Post} from './post'\nexport {User} from './user'\n`,
}

const APP_FILES: Record<string, string> = {
  ...MODELS,
  'package.json': `${JSON.stringify({name: 'scratch-app', version: '1.0.0', private: true}, null, 2)}\n`,
  'tsconfig.json': `${JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, experimentalDecorators: true,
      emitDecoratorMetadata: true, useDefineForClassFields: false, noEmit: true, types: ['node', 'mocha'],
    },
    include: ['models', 'src', 'test', 'migrations'],
  }, null, 2)}\n`,
  // The two other resolutions, over the file importing every entry point (declarations were checked
  // by the first run: skipped here, for time).
  'tsconfig.node16.json': `${JSON.stringify({extends: './tsconfig.json', compilerOptions: {module: 'node16', moduleResolution: 'node16', skipLibCheck: true}, include: ['src']})}\n`,
  'tsconfig.bundler.json': `${JSON.stringify({extends: './tsconfig.json', compilerOptions: {module: 'esnext', moduleResolution: 'bundler', skipLibCheck: true}, include: ['src']})}\n`,
  'src/entry-points.ts': `import 'sequelize-migrate/register'
import {defineConfig, type Environment, MigrateError, Migrator, RevisionMap} from 'sequelize-migrate'
import {assertModelsMatchMigrations, describeMigrations, scratchDatabase, type ScratchDatabase, type WalkStep, walkVersions} from 'sequelize-migrate/testing'

export const used = [defineConfig, MigrateError, Migrator, RevisionMap, assertModelsMatchMigrations, describeMigrations, scratchDatabase, walkVersions]
export type Used = [Environment, ScratchDatabase, WalkStep]
`,
  'test/migrations.test.ts': `import {strict as assert} from 'node:assert'
import {assertModelsMatchMigrations, describeMigrations, scratchDatabase, type ScratchDatabase, walkVersions} from 'sequelize-migrate/testing'
import {User} from '../models'

const server = process.env.TEST_DATABASE_URL as string

describeMigrations({directory: 'migrations', server, snake: true})

describe('schema', () => {
  let db: ScratchDatabase
  beforeEach(async () => {
    db = await scratchDatabase(server)
  })
  afterEach(() => db.drop())

  it('models were compiled with decorator metadata', () => {
    assert.equal(Reflect.getMetadata('design:type', User.prototype, 'email'), String)
  })
  it('walks every revision up and down', async () => {
    const steps = await walkVersions({directory: 'migrations', sequelize: db.sequelize})
    assert.equal(steps.length, 4)
  })
  it('models match the migrations', () => assertModelsMatchMigrations({directory: 'migrations', sequelize: db.sequelize}))
})
`,
}

describe('the packed package, installed in a TypeScript app', function () {
  let root: string
  let app: string
  let files: string[]
  let tarball: string

  const bin = (args: string[], env: NodeJS.ProcessEnv = {}, cwd = app): Promise<CliResult> =>
    run(process.execPath, [join(cwd, 'node_modules', '.bin', 'sequelize-migrate'), ...args], cwd, env)

  before(async function () {
    root = mkdtempSync(join(tmpdir(), 'sequelize-migrate-pack-'))
    ;({tarball, files} = await pack(root))
    app = join(root, 'app')
    writeFiles(app, APP_FILES)
    await install(app, tarball, ['sequelize', 'sequelize-typescript', 'pg', 'typescript', 'mocha', '@types/mocha', '@types/node'])
    expectSuccess(await bin(['db', 'init', '-t', 'sequelize-typescript']))
  })

  after(() => {
    if (root) rmSync(root, {recursive: true, force: true})
  })

  it('ships the build, its declarations and source maps with their sources, and no tests', () => {
    for (const file of ['bin/run.js', 'dist/index.js', 'dist/index.d.ts', 'dist/testing/index.d.ts', 'dist/register.js', 'dist/register.d.ts', 'oclif.manifest.json', 'templates/sequelize-typescript/env.ts']) {
      expect(files).to.include(file)
    }
    expect(files.filter((file) => /^(src|test)\//.test(file))).to.deep.equal([])
    const maps = files.filter((file) => file.endsWith('.map'))
    expect(maps).to.not.be.empty
    for (const map of maps) {
      const {sources, sourcesContent} = JSON.parse(readFileSync(join(app, 'node_modules', 'sequelize-migrate', map), 'utf8')) as {sources: string[]; sourcesContent?: string[]}
      expect(sourcesContent?.length, map).to.equal(sources.length)
    }
  })

  it('tsc type-checks imports of sequelize-migrate, /testing and /register under node10, node16 and bundler resolution', async function () {
    this.timeout(600_000)
    const tsc = join(app, 'node_modules', 'typescript', 'bin', 'tsc')
    for (const project of ['tsconfig.json', 'tsconfig.node16.json', 'tsconfig.bundler.json']) {
      const result = await run(process.execPath, [tsc, '-p', project], app)
      expect(result.code, `${project}: ${result.stdout}`).to.equal(0)
    }
  })

  it('a driver the app did not install is one line naming it', async () => {
    // Sequelize loads the driver: mysql2, which the repository does not have either.
    expectOneLineError(await bin(['db', 'current', '-x', 'url=mysql://root@127.0.0.1:3306/app']), 'MySQL needs the "mysql2" package: npm install mysql2')
  })

  it('without TypeScript, a model with decorators is one line asking for it', async () => {
    const bare = join(root, 'bare')
    writeFiles(bare, {
      ...MODELS,
      'package.json': APP_FILES['package.json'],
      'migrations/env.ts': `import {Sequelize} from 'sequelize-typescript'
import {defineConfig} from 'sequelize-migrate'
import {Post, User} from '../models'

export default defineConfig({sequelize: () => new Sequelize('postgres://127.0.0.1/app', {logging: false, models: [User, Post]})})
`,
    })
    mkdirSync(join(bare, 'migrations', 'versions'))
    await install(bare, tarball, ['sequelize', 'sequelize-typescript', 'pg'])
    expectOneLineError(await bin(['db', 'current'], {}, bare), /Loading models\/(index|post|user)\.ts needs the "typescript" package: npm install --save-dev typescript/)
  })

  forEachDialect('with sequelize-typescript models', () => {
    let server: string
    before(() => {
      server = serverUrl('postgres')
    })

    it('db migrate autogenerates through the template (barrel left out), db upgrade twice is at head', async () => {
      const {scratchDatabase} = require(join(app, 'node_modules', 'sequelize-migrate', 'dist', 'testing')) as typeof import('../../src/testing')
      const db = await scratchDatabase(server, {prefix: 'sm_test'})
      try {
        const env = {DATABASE_URL: db.url}
        expectSuccess(await bin(['db', 'migrate', '-m', 'users and posts'], env))
        expectSuccess(await bin(['db', 'upgrade'], env))
        const again = await bin(['db', 'upgrade'], env)
        // stderr names the database (no password), stdout says nothing ran
        const dbName = new URL(db.url).pathname.slice(1)
        const stderrLines = again.stderr.trim().split('\n')
        expect(stderrLines).to.have.lengthOf(1)
        expect(stderrLines[0]).to.match(/^Database: postgres:\/\//).and.to.include(`/${dbName}`)
        const [atHead, ...rest] = expectSuccess(again)
        expect(atHead).to.match(/^Already at head [0-9a-f]{12}$/)
        expect(rest).to.deep.equal([])
        expect(expectSuccess(await bin(['db', 'check'], env)).join('\n')).to.equal('No changes in schema detected')
        // a second revision, so the walks below have two steps up
        expectSuccess(await bin(['db', 'revision', '-m', 'nothing yet'], env))
      } finally {
        await db.drop()
      }
    })

    it('mocha --require sequelize-migrate/register runs describeMigrations, walkVersions and assertModelsMatchMigrations', async () => {
      // No DATABASE_URL: env.ts registers the models on its default SQLite instance, and they are
      // still compared as PostgreSQL stores them.
      // mocha resolves --require from its own folder, which for this linked copy is the
      // repository's: NODE_PATH points it back at the app, as an installed mocha would find it.
      const mocha = join(app, 'node_modules', 'mocha', 'bin', 'mocha.js')
      const result = await run(process.execPath, [mocha, '--require', 'sequelize-migrate/register', '--timeout', '60000', 'test/**/*.test.ts'], app,
        {TEST_DATABASE_URL: server, NODE_PATH: join(app, 'node_modules')})
      expect(result.code, `${result.stdout}\n${result.stderr}`).to.equal(0)
      expect(lines(result.stdout).join('\n')).to.match(/\b11 passing\b/)
    })
  }, ['postgres'])
})
