/**
 * App check benchmark: `db check` on a generated sequelize-typescript application of 60 decorated
 * models (ten columns each, about 600 in all; each model belongs to the one before it, which has
 * many of it) against a database created by `sync()` from the same models. Cold: an empty compile
 * cache, as in a fresh container (every model compiled by TypeScript with decorator metadata);
 * warm: the cache of the previous run.
 */
'use strict'
const {mkdirSync, rmSync, writeFileSync} = require('node:fs')
const {join} = require('node:path')

const {WORK_DIR} = require('./generate')
const {assertSucceeded, createPostgresDatabase, measure} = require('./support')

const MODELS = 60
const CLI = join(__dirname, '..', 'bin', 'run.js')

const className = (n) => `Item${String(n).padStart(2, '0')}`

function modelSource(n) {
  const name = className(n)
  const parent = n > 1 ? className(n - 1) : undefined
  const child = n < MODELS ? className(n + 1) : undefined
  const imports = [parent, child].filter(Boolean).map((other) => `import {${other}} from './${other.toLowerCase()}'`).join('\n')
  return `import {BelongsTo, Column, DataType, Default, ForeignKey, HasMany, Index, Model, Table} from 'sequelize-typescript'
${imports}

@Table({tableName: '${name.toLowerCase()}s', timestamps: true})
export class ${name} extends Model {
  @Index
  @Column(DataType.STRING(120))
  declare title: string

  @Column(DataType.TEXT)
  declare description: string | null

  @Default(0)
  @Column(DataType.INTEGER)
  declare quantity: number

  @Column(DataType.DECIMAL(12, 2))
  declare price: string | null

  @Default(true)
  @Column(DataType.BOOLEAN)
  declare active: boolean

  @Column(DataType.DATE)
  declare publishedAt: Date | null
${parent ? `
  @ForeignKey(() => ${parent})
  @Column(DataType.INTEGER)
  declare parentId: number | null

  @BelongsTo(() => ${parent})
  declare parent?: ${parent}
` : ''}${child ? `
  @HasMany(() => ${child})
  declare children?: ${child}[]
` : ''}}
`
}

const ENV_SOURCE = `import {Sequelize} from 'sequelize-typescript'
import {defineConfig} from 'sequelize-migrate'

import {models} from '../models'

export default defineConfig({
  sequelize: () => new Sequelize(process.env.DATABASE_URL as string, {logging: false, models}),
})
`

function writeApp() {
  const root = join(WORK_DIR, 'app-check')
  rmSync(root, {recursive: true, force: true})
  mkdirSync(join(root, 'migrations', 'versions'), {recursive: true})
  mkdirSync(join(root, 'models'))
  const names = []
  for (let n = 1; n <= MODELS; n++) {
    writeFileSync(join(root, 'models', `${className(n).toLowerCase()}.ts`), modelSource(n))
    names.push(className(n))
  }
  writeFileSync(join(root, 'models', 'index.ts'), `${names.map((name) => `import {${name}} from './${name.toLowerCase()}'`).join('\n')}\n\nexport const models = [${names.join(', ')}]\n`)
  writeFileSync(join(root, 'migrations', 'env.ts'), ENV_SOURCE)
  return root
}

module.exports = {
  name: 'app-check',
  title: `db check on a ${MODELS}-model sequelize-typescript app, cold and warm compile cache`,

  async run({log, quick}) {
    const runs = quick ? 3 : 5
    const root = writeApp()
    const database = createPostgresDatabase()
    const cache = join(root, '.cache')
    try {
      // The database the models describe, made by sync() through the package's own loader.
      require('../dist/register')
      const {Sequelize} = require('sequelize-typescript')
      const sequelize = new Sequelize(database.url, {logging: false, models: require(join(root, 'models')).models})
      const columns = Object.values(sequelize.models).reduce((sum, model) => sum + Object.keys(model.getAttributes()).length, 0)
      await sequelize.sync()
      await sequelize.close()
      log(`${MODELS} models, ${columns} columns`)

      const check = () => measure(process.execPath, [CLI, 'db', 'check', '-d', join(root, 'migrations')], {
        cwd: root,
        env: {...process.env, DATABASE_URL: database.url, SEQUELIZE_MIGRATE_CACHE: cache},
      })
      const results = {cold: [], warm: []}
      for (let i = 1; i <= runs; i++) {
        for (const kind of ['cold', 'warm']) {
          if (kind === 'cold') rmSync(cache, {recursive: true, force: true})
          const result = assertSucceeded(await check(), `db check (${kind})`)
          if (!result.stdout.includes('No changes in schema detected')) log(`note: db check found differences on the synced database:\n${result.stdout}`)
          log(`db check ${kind} ${i}/${runs}: ${result.wallSeconds.toFixed(2)} s wall, ${result.cpuSeconds?.toFixed(2)} s cpu, ${result.peakRssMiB.toFixed(0)} MiB`)
          results[kind].push(result)
        }
      }
      return {
        params: {models: MODELS, columns, runs},
        metrics: Object.entries(results).map(([kind, list]) => ({
          measure: `db check, ${MODELS}-model app (${columns} columns)`,
          tool: `sequelize-migrate, ${kind} cache`,
          samples: list.map((r) => r.wallSeconds),
          cpu: list.map((r) => r.cpuSeconds).filter((v) => v !== undefined),
          peak: list.map((r) => r.peakRssMiB),
        })),
      }
    } finally {
      database.drop()
    }
  },
}
