/**
 * Revisions generated on one database walk (up, down, up) on the others: PostgreSQL's enum types
 * and casts are left to DataTypes.ENUM or guarded by the dialect inside the revision.
 */
import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import {DataTypes, type ModelAttributes} from 'sequelize'

import {downgrade, upgrade} from '../../src/services/run'
import {createScratchDatabase, type ScratchDatabase, type TestDialect, unavailableReason} from '../support/databases'
import {MigrationsFolder, type ModelSet} from './support'

const timestamps = {timestamps: false}

function tickets(extra: ModelAttributes): ModelSet {
  return (sequelize) => {
    sequelize.define('Ticket', {title: DataTypes.STRING(100), ...extra}, {tableName: 'tickets', ...timestamps})
  }
}

/** Three model sets in a row: each step is one generated revision. */
const histories: Record<string, {from: TestDialect; steps: ModelSet[]}> = {
  'enum types, a new enum value and a cast, generated on PostgreSQL': {
    from: 'postgres',
    steps: [
      tickets({state: {type: DataTypes.ENUM('open', 'closed'), allowNull: false, defaultValue: 'open'}, code: DataTypes.STRING(10)}),
      tickets({state: {type: DataTypes.ENUM('open', 'pending', 'closed'), allowNull: false, defaultValue: 'open'}, code: DataTypes.INTEGER,
        kind: DataTypes.ENUM('bug', 'task')}),
      tickets({state: {type: DataTypes.ENUM('open', 'closed'), allowNull: false, defaultValue: 'open'}, code: DataTypes.INTEGER}),
    ],
  },
  'tables, columns and types, generated on SQLite': {
    from: 'sqlite',
    steps: [
      tickets({code: DataTypes.STRING(10)}),
      tickets({code: DataTypes.STRING(40), done: {type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false}}),
    ],
  },
}

for (const [title, history] of Object.entries(histories)) {
  describe(`portable revisions: ${title}`, function () {
    let versions: Record<string, string> = {}
    const databases: ScratchDatabase[] = []

    before(async function () {
      if (await unavailableReason(history.from)) this.skip()
      const db = await createScratchDatabase(history.from)
      databases.push(db)
      const folder = new MigrationsFolder(db)
      try {
        for (const [step, models] of history.steps.entries()) {
          folder.models = models
          expect((await folder.migrate(`step ${step}`)).path).to.be.a('string')
          await folder.upgrade()
        }
        const dir = join(folder.directory, 'versions')
        versions = Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]))
      } finally {
        folder.dispose()
      }
    })

    after(async () => {
      for (const db of databases.splice(0)) await db.drop()
    })

    for (const dialect of (['sqlite', 'postgres', 'mariadb'] as const)) {
      if (dialect === history.from) continue
      it(`walks up, down to base and up again on ${dialect}`, async function () {
        if (await unavailableReason(dialect)) this.skip()
        const db = await createScratchDatabase(dialect)
        databases.push(db)
        const folder = new MigrationsFolder(db)
        try {
          for (const [name, source] of Object.entries(versions)) writeFileSync(join(folder.directory, 'versions', name), source)
          await upgrade({directory: folder.directory})
          await downgrade({directory: folder.directory, target: 'base'})
          await upgrade({directory: folder.directory})
        } finally {
          folder.dispose()
        }
      })
    }
  })
}
