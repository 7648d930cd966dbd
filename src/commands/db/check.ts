import {DbCommand, jsonFlag} from '../../base-command'
import {check} from '../../services/autogenerate'

export default class Check extends DbCommand {
  static summary = 'Check that the models match the database; exit 1 listing each difference.'
  static description = 'Runs the comparison `db migrate` would and writes nothing. For CI: exit 0 with "No changes in schema detected", or exit 1 with one line per difference. --json prints {"changes": [{kind, table, column, detail, warnings}]}.'
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static flags = {...jsonFlag}

  async run(): Promise<void> {
    const {flags} = await this.parse(Check)
    const changes = await check(this.folder(flags))
    if (flags.json) this.printJson({changes})
    else if (changes.length === 0) this.log('No changes in schema detected')
    else for (const change of changes) this.log(`Detected ${change.detail}`)
    if (changes.length > 0) {
      if (!flags.json) process.stderr.write(`Error: ${changes.length} difference(s) between the models and the database; run \`db migrate\` to write a revision for them\n`)
      this.exit(1)
    }
  }
}
