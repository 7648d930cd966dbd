/**
 * How sequelize-migrate reaches the database and the models. Every `db` verb loads this file.
 * `-x key=value` arguments arrive in `x` (e.g. `db upgrade -x url=postgres://...`).
 */
import {Sequelize} from 'sequelize'
import {defineConfig} from 'sequelize-migrate'

export default defineConfig({
  sequelize: ({x}) => {
    const sequelize = new Sequelize(x.url ?? process.env.DATABASE_URL ?? 'sqlite:./dev.sqlite', {logging: false})
    // Define or import your models here so `db migrate` can compare them with the database,
    // e.g. `initModels(sequelize)`.
    return sequelize
  },
  // versionTable: {tableName: 'SequelizeMeta', columnName: 'name'},
})
