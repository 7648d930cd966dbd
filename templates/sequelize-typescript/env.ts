/**
 * How sequelize-migrate reaches the database and the models. Every `db` verb loads this file.
 * `-x key=value` arguments arrive in `x` (e.g. `db upgrade -x url=postgres://...`).
 */
import {join} from 'node:path'
import {Sequelize} from 'sequelize-typescript'
import {defineConfig} from 'sequelize-migrate'

export default defineConfig({
  sequelize: ({x}) =>
    new Sequelize(x.url ?? process.env.DATABASE_URL ?? 'sqlite:./dev.sqlite', {
      logging: false,
      // every model file of ../models, one model each, named like its file; not an index.ts barrel
      // re-exporting them (adjust to where yours live)
      models: [join(__dirname, '..', 'models', '!(index).{ts,js}')],
      modelMatch: (filename, member) => filename.toLowerCase() === member.toLowerCase(),
    }),
  // versionTable: {tableName: 'SequelizeMeta', columnName: 'name'},
})
