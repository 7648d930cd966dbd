/**
 * Throwaway projects for end-to-end tests of the `db` verbs.
 *
 * A project is a folder under `<repo>/.tmp/` (gitignored). Living inside the package lets its env
 * and revision files `require('sequelize')` from the package's node_modules and
 * `require('sequelize-migrate')` through the package's self-reference (its `exports`), as an
 * application that installed sequelize-migrate would.
 */
import {randomBytes} from 'node:crypto'
import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import type {Sequelize} from 'sequelize'

import {type CliOptions, type CliResult, REPO_ROOT, runCli} from './cli'
import {createScratchDatabase, type ScratchDatabase, type TestDialect} from './databases'

/** Parent folder of every throwaway project. */
export const SCRATCH_ROOT = join(REPO_ROOT, '.tmp')

/** The env file {@link createProject} writes: `-x url=` or `DATABASE_URL`, and `-x table=` read at load time. */
export const ENV_TS = `import {Sequelize} from 'sequelize'
import {defineConfig, xArguments} from 'sequelize-migrate'

// Read while the file loads: the record table can be switched with \`-x table=<name>\`.
const {table} = xArguments()

export default defineConfig({
  sequelize: ({x}) => new Sequelize(x.url ?? (process.env.DATABASE_URL as string), {logging: false}),
  versionTable: table ?? 'SequelizeMeta',
})
`

/** File extensions a revision may have. */
export type RevisionExtension = '.ts' | '.mts' | '.cts' | '.js' | '.cjs' | '.mjs'

/** A revision file to write. */
export interface RevisionSpec {
  revision: string
  /** @default null (a base revision) */
  downRevision?: string | string[] | null
  branchLabels?: string[]
  /** First line of the header comment, what the verbs print. */
  message?: string
  /**
   * Statements of `up`; they see `queryInterface`, `DataTypes`, `sequelize`, `transaction` and `offline`.
   * `false` leaves `up` out of the file.
   * @default ''
   */
  up?: string | false
  /** Statements of `down`, like {@link RevisionSpec.up}. */
  down?: string | false
  /** @default '.ts' */
  extension?: RevisionExtension
  /** @default `<revision>_<message slug><extension>` */
  fileName?: string
}

const CONTEXT = '{queryInterface, DataTypes, sequelize, transaction, offline}'

/** The source of a revision file in the module format its extension implies. */
export function revisionSource(spec: RevisionSpec): string {
  const extension = spec.extension ?? '.ts'
  const literal = (value: unknown) => JSON.stringify(value).replace(/"/g, '\'')
  const header = [
    '/**',
    ` * ${spec.message ?? ''}`,
    ' *',
    ` * Revision ID: ${spec.revision}`,
    ` * Revises: ${[spec.downRevision ?? []].flat().join(', ') || '<base>'}`,
    ' * Create Date: 2024-05-01 12:00:00',
    ' */',
  ]
  const commonJs = extension === '.js' || extension === '.cjs'
  const exported = (name: string, value: string) => (commonJs ? `exports.${name} = ${value}` : `export const ${name} = ${value}`)
  const fn = (name: 'up' | 'down', body: string | false | undefined) => {
    if (body === false) return []
    const code = body ?? ''
    return commonJs
      ? [`exports.${name} = async (${CONTEXT}) => {`, code, '}']
      : [`export async function ${name}(${CONTEXT}${extension.endsWith('ts') ? ': any' : ''}) {`, code, '}']
  }
  return [
    ...header,
    ...(commonJs ? ['\'use strict\''] : []),
    exported('revision', literal(spec.revision)),
    exported('downRevision', literal(spec.downRevision ?? null)),
    exported('branchLabels', literal(spec.branchLabels ?? [])),
    '',
    ...fn('up', spec.up),
    '',
    ...fn('down', spec.down),
    '',
  ].join('\n')
}

/** `create table <name> (id)`, as revision statements. */
export function createTable(name: string): string {
  return `  await queryInterface.createTable('${name}', {id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true}})`
}

/** `drop table <name>`, as revision statements. */
export function dropTable(name: string): string {
  return `  await queryInterface.dropTable('${name}')`
}

/** A folder under {@link SCRATCH_ROOT} with a migrations folder in it. */
export interface Project {
  /** Absolute path of the project folder (the working directory of {@link Project.run}). */
  root: string
  /** Absolute path of the migrations folder. */
  directory: string
  /** Absolute path of `versions/`. */
  versions: string
  /** Variables every {@link Project.run} sets (`DATABASE_URL`). */
  env: Record<string, string | undefined>
  /** Runs `bin/run.js ...args` in the project folder. */
  run(args: string[], options?: Partial<CliOptions>): Promise<CliResult>
  /** Writes a revision file into `versions/`; returns its absolute path. */
  writeRevision(spec: RevisionSpec): string
  /** Writes a file relative to the project folder (creating folders); returns its absolute path. */
  write(relativePath: string, content: string): string
  /** The revision folder's files, name → content (dot files left out). */
  versionFiles(): Record<string, string>
  /** Deletes the project folder. */
  dispose(): void
}

/** Options of {@link createProject}. */
export interface ProjectOptions {
  /** Becomes `DATABASE_URL` of every run. */
  databaseUrl?: string
  /**
   * Migrations folder, relative to the project.
   * @default 'migrations'
   */
  directory?: string
  /**
   * Write env file, revision template and `versions/` (false: an empty project, for `db init`).
   * @default true
   */
  scaffold?: boolean
  /**
   * Source of `env.ts`.
   * @default ENV_TS
   */
  envSource?: string
}

/**
 * Creates a throwaway project. Call `dispose()` (in an `after` hook) to delete it.
 *
 * @example
 * const project = createProject({databaseUrl: db.url})
 * project.writeRevision({revision: 'a1b2c3d4e5f6', message: 'create users', up: createTable('users')})
 * await project.run(['db', 'upgrade'])
 */
export function createProject(options: ProjectOptions = {}): Project {
  const root = join(SCRATCH_ROOT, `project-${randomBytes(5).toString('hex')}`)
  const directory = join(root, options.directory ?? 'migrations')
  const versions = join(directory, 'versions')
  mkdirSync(root, {recursive: true})
  if (options.scaffold ?? true) {
    mkdirSync(versions, {recursive: true})
    writeFileSync(join(directory, 'env.ts'), options.envSource ?? ENV_TS)
    copyFileSync(join(REPO_ROOT, 'templates', 'default', 'script.ts.ejs'), join(directory, 'script.ts.ejs'))
  }
  const project: Project = {
    root,
    directory,
    versions,
    env: {DATABASE_URL: options.databaseUrl},
    run: (args, runOptions = {}) => runCli(args, {...runOptions, cwd: runOptions.cwd ?? root, env: {...project.env, ...runOptions.env}}),
    writeRevision: (spec) => {
      const slug = (spec.message ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')
      const path = join(versions, spec.fileName ?? `${spec.revision}${slug ? `_${slug}` : ''}${spec.extension ?? '.ts'}`)
      writeFileSync(path, revisionSource(spec))
      return path
    },
    write: (relativePath, content) => {
      const path = join(root, relativePath)
      mkdirSync(dirname(path), {recursive: true})
      writeFileSync(path, content)
      return path
    },
    versionFiles: () => {
      if (!existsSync(versions)) return {}
      const names = readdirSync(versions).filter((name) => !name.startsWith('.')).sort()
      return Object.fromEntries(names.map((name) => [name, readFileSync(join(versions, name), 'utf8')]))
    },
    dispose: () => rmSync(root, {recursive: true, force: true}),
  }
  return project
}

/** What {@link useDatabaseProject} makes for a suite. */
export interface DatabaseProject {
  db: ScratchDatabase
  /** A connection to `db`, for the test's own checks. */
  sequelize: Sequelize
  /** A project whose env points at `db`. */
  project: Project
}

/**
 * Registers suite hooks: before, a scratch database on `dialect`, a connection to it and a
 * project pointed at it, handed to `setup`; after, all three removed.
 *
 * @example useDatabaseProject(dialect, async (made) => ({db, sequelize, project} = made))
 */
export function useDatabaseProject(dialect: TestDialect, setup: (made: DatabaseProject) => unknown | Promise<unknown>): void {
  let made: DatabaseProject | undefined
  before(async () => {
    const db = await createScratchDatabase(dialect)
    made = {db, sequelize: db.connect(), project: createProject({databaseUrl: db.url})}
    await setup(made)
  })
  after(async () => {
    await made?.sequelize.close()
    await made?.db.drop()
    made?.project.dispose()
  })
}
