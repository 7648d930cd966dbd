import {DbCommand, jsonFlag} from '../../base-command'
import {listTemplates} from '../../services/scripts'

export default class ListTemplates extends DbCommand {
  static summary = 'List the templates `db init -t` accepts.'
  static examples = ['<%= config.bin %> <%= command.id %>']
  static flags = {...jsonFlag}

  async run(): Promise<void> {
    const {flags} = await this.parse(ListTemplates)
    const templates = listTemplates()
    if (flags.json) return this.printJson(templates)
    this.log('Available templates:\n')
    for (const template of templates) this.log(`${template.name.padEnd(22)} - ${template.description}`)
    this.log('\nTemplates are used via the -t flag of `db init`, e.g. `db init -t sequelize-typescript`.')
  }
}
