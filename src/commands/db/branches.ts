import {DbCommand, jsonFlag, verboseFlag} from '../../base-command'
import {formatLine, formatVerbose} from '../../services/describe'
import {branches} from '../../services/inspect'

export default class Branches extends DbCommand {
  static summary = 'Show branch points (revisions with more than one child).'
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> -v']
  static flags = {...jsonFlag, ...verboseFlag}

  async run(): Promise<void> {
    const {flags} = await this.parse(Branches)
    const revisions = await branches(this.folder(flags))
    if (flags.json) return this.printJson(revisions)
    for (const revision of revisions) {
      this.log(flags.verbose ? formatVerbose(revision) : formatLine(revision))
      if (!flags.verbose) for (const child of revision.children) this.log(`    -> ${child}`)
    }
  }
}
