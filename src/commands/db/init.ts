import {Flags} from '@oclif/core'

import {DbCommand} from '../../base-command'
import {init} from '../../services/scripts'

export default class Init extends DbCommand {
  static summary = 'Create a migrations folder.'
  static description = 'Writes env.ts (or env.js), the revision template, versions/ and a README into the folder (default ./migrations). Refuses a folder that is not empty.'
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> -d db/migrations --js', '<%= config.bin %> <%= command.id %> -t sequelize-typescript']
  static flags = {
    template: Flags.string({char: 't', summary: 'Template to use (see db list-templates).', default: 'default'}),
    js: Flags.boolean({summary: 'Write env.js and JavaScript revisions instead of TypeScript.'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Init)
    for (const path of init({directory: flags.directory, template: flags.template, javascript: flags.js})) this.log(`Creating ${path} ... done`)
    this.log('Edit the env file to point at your database and models, then run `db revision -m "first"` or `db migrate -m "first"`.')
  }
}
