/**
 * The demo app's migration environment: its models, on SQLite (./dev.sqlite) unless DATABASE_URL
 * names another database, e.g. `DATABASE_URL=postgres://postgres@127.0.0.1/demo`.
 */
import {Sequelize} from 'sequelize-typescript'
import {defineConfig} from 'sequelize-migrate'

import {models} from '../example/models'

export default defineConfig({
  sequelize: () => new Sequelize(process.env.DATABASE_URL ?? 'sqlite:./dev.sqlite', {logging: false, models}),
})
