import {DbCommand, jsonFlag, verboseFlag} from '../../base-command'
import {currentVerb} from '../../cli/verbs'

export default class Current extends DbCommand {
  static summary = 'Show the revision(s) the database is at.'
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static flags = {...jsonFlag, ...verboseFlag}

  async run(): Promise<void> {
    const {flags} = await this.parse(Current)
    await currentVerb(flags, this.output)
  }
}
