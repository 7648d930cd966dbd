import {Flags} from '@oclif/core'

import {DbCommand} from '../../base-command'
import {init} from '../../services/scripts'

export default class Init extends DbCommand {
  static summary = 'Create a migrations folder.'
  static description = 'Writes env.ts (or env.js), the revision template, versions/ and a README into the folder (default ./migrations). Refuses a folder that is not empty.'
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> -d db/migrations --js', '<%= config.bin %> <%= command.id %> -t sequelize-typescript', '<%= config.bin %> <%= command.id %> --sequelize-cli -d db/revisions']
  static flags = {
    template: Flags.string({char: 't', summary: 'Template to use (see db list-templates).', default: 'default'}),
    js: Flags.boolean({summary: 'Write env.js and JavaScript revisions instead of TypeScript.'}),
    'sequelize-cli': Flags.boolean({summary: 'Adopt the sequelize-cli project here: its config, and its migrations as the history before the first revision.'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Init)
    const sequelizeCli = flags['sequelize-cli']
    for (const path of await init({directory: flags.directory, template: flags.template, javascript: flags.js, sequelizeCli})) this.log(`Creating ${path} ... done`)
    this.log(sequelizeCli
      ? 'Run `db upgrade` to bring a database to head (it runs the sequelize-cli migrations it has not run yet), then `db migrate -m "message"` for the next change.'
      : 'Edit the env file to point at your database and models, then run `db revision -m "first"` or `db migrate -m "first"`.')
  }
}
