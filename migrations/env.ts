/**
 * The demo app's migration environment: its models, on SQLite (./dev.sqlite) unless DATABASE_URL
 * names another database, e.g. `DATABASE_URL=postgres://postgres@127.0.0.1/demo`.
 */
import {Sequelize} from 'sequelize-typescript'
import {databaseUrl, defineConfig} from 'sequelize-migrate'

import {models} from '../example/models'

export default defineConfig({
  sequelize: ({x}) => new Sequelize(databaseUrl({x, fallback: 'sqlite:./dev.sqlite'}), {logging: false, models}),
})
