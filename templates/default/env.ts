/**
 * How sequelize-migrate reaches the database and the models. Every `db` verb loads this file.
 * `-x key=value` arguments arrive in `x` (e.g. `db upgrade -x url=postgres://...`).
 *
 * databaseUrl() takes `-x url=...`, else DATABASE_URL, else the fallback below, and stops the run
 * with one line when the URL is malformed. Every run prints the database it uses first, and says
 * when it is the fallback. Delete `fallback` to make a missing DATABASE_URL an error instead.
 */
import {Sequelize} from 'sequelize'
import {databaseUrl, defineConfig} from 'sequelize-migrate'

export default defineConfig({
  sequelize: ({x}) => {
    const sequelize = new Sequelize(databaseUrl({x, fallback: 'sqlite:./dev.sqlite'}), {logging: false})
    // Define or import your models here so `db migrate` can compare them with the database,
    // e.g. `initModels(sequelize)`.
    return sequelize
  },
  // versionTable: {tableName: 'SequelizeMeta', columnName: 'name'},
})
