/**
 * How sequelize-migrate reaches the database and the models. Every `db` verb loads this file.
 * `-x key=value` arguments arrive in `x` (e.g. `db upgrade -x url=postgres://...`).
 */
'use strict'
const {Sequelize} = require('sequelize')
const {defineConfig} = require('sequelize-migrate')

module.exports = defineConfig({
  sequelize: ({x}) => {
    const sequelize = new Sequelize(x.url ?? process.env.DATABASE_URL ?? 'sqlite:./dev.sqlite', {logging: false})
    // Define or require your models here so `db migrate` can compare them with the database,
    // e.g. `require('../models').initModels(sequelize)`.
    return sequelize
  },
  // versionTable: {tableName: 'SequelizeMeta', columnName: 'name'},
})
