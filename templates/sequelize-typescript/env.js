/**
 * How sequelize-migrate reaches the database and the models. Every `db` verb loads this file.
 * `-x key=value` arguments arrive in `x` (e.g. `db upgrade -x url=postgres://...`).
 */
'use strict'
const {join} = require('node:path')
const {Sequelize} = require('sequelize-typescript')
const {defineConfig} = require('sequelize-migrate')

module.exports = defineConfig({
  sequelize: ({x}) =>
    new Sequelize(x.url ?? process.env.DATABASE_URL ?? 'sqlite:./dev.sqlite', {
      logging: false,
      // every model class exported by the files of ../models (adjust to where yours live)
      models: [join(__dirname, '..', 'models', '*.js')],
      modelMatch: (filename, member) => filename.toLowerCase() === member.toLowerCase(),
    }),
  // versionTable: {tableName: 'SequelizeMeta', columnName: 'name'},
})
