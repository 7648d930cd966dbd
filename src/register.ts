/**
 * `sequelize-migrate/register`: a require hook compiling `.ts`, `.mts` and `.cts` files the way the
 * CLI compiles env files, models and revisions, for test runners and scripts. Decorator metadata
 * is emitted (sequelize-typescript reads column types from it) and class fields are assignments
 * (so they do not shadow Sequelize's attribute getters); output is cached on disk by content hash.
 *
 * @example
 * // mocha --require sequelize-migrate/register 'test/**\/*.test.ts'
 * // node --require sequelize-migrate/register scripts/seed.ts
 */
import 'reflect-metadata'

import {registerTypeScript} from './loader'

registerTypeScript()
