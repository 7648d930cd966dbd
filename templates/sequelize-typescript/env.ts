/**
 * How sequelize-migrate reaches the database and the models. Every `db` verb loads this file.
 * `-x key=value` arguments arrive in `x` (e.g. `db upgrade -x url=postgres://...`).
 *
 * databaseUrl() takes `-x url=...`, else DATABASE_URL, else the fallback below, and stops the run
 * with one line when the URL is malformed. Every run prints the database it uses first, and says
 * when it is the fallback. Delete `fallback` to make a missing DATABASE_URL an error instead.
 */
import {join} from 'node:path'
import {Sequelize} from 'sequelize-typescript'
import {databaseUrl, defineConfig} from 'sequelize-migrate'

export default defineConfig({
  sequelize: ({x}) =>
    new Sequelize(databaseUrl({x, fallback: 'sqlite:./dev.sqlite'}), {
      logging: false,
      // every model file of ../models, one model each, named like its file; not an index.ts barrel
      // re-exporting them (adjust to where yours live)
      models: [join(__dirname, '..', 'models', '!(index).{ts,js}')],
      modelMatch: (filename, member) => filename.toLowerCase() === member.toLowerCase(),
    }),
  // versionTable: {tableName: 'SequelizeMeta', columnName: 'name'},
})
