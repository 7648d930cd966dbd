import {DbCommand, jsonFlag} from '../../base-command'
import {checkVerb} from '../../cli/verbs'

export default class Check extends DbCommand {
  static summary = 'Check that the models match the database; exit 1 listing each difference.'
  static description = 'Runs the comparison `db migrate` would and writes nothing. For CI: exit 0 with "No changes in schema detected", or exit 1 with one line per difference. --json prints {"changes": [{kind, table, column, detail, warnings}]}.'
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static flags = {...jsonFlag}

  async run(): Promise<void> {
    const {flags} = await this.parse(Check)
    const exitCode = await checkVerb(flags, this.output)
    if (exitCode !== 0) this.exit(exitCode)
  }
}
