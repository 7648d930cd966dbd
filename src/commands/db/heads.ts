import {DbCommand, jsonFlag, verboseFlag} from '../../base-command'
import {formatLine, formatVerbose} from '../../services/describe'
import {heads} from '../../services/inspect'

export default class Heads extends DbCommand {
  static summary = 'Show the head revisions (revisions nothing revises yet).'
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> -v']
  static flags = {...jsonFlag, ...verboseFlag}

  async run(): Promise<void> {
    const {flags} = await this.parse(Heads)
    const revisions = await heads(this.folder(flags))
    if (flags.json) return this.printJson(revisions)
    for (const revision of revisions) this.log(flags.verbose ? formatVerbose(revision) : formatLine(revision))
  }
}
