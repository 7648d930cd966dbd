import {Args} from '@oclif/core'

import {DbCommand, jsonFlag} from '../../base-command'
import {formatVerbose} from '../../services/describe'
import {show} from '../../services/inspect'

export default class Show extends DbCommand {
  static summary = 'Show one revision in full.'
  static examples = ['<%= config.bin %> <%= command.id %> head', '<%= config.bin %> <%= command.id %> a1b2']
  static args = {revision: Args.string({description: 'head (default), heads, a revision id, unique prefix or branch label', default: 'head', ignoreStdin: true})}
  static flags = {...jsonFlag}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Show)
    const revisions = await show({...this.folder(flags), revision: args.revision})
    if (flags.json) return this.printJson(revisions)
    for (const revision of revisions) this.log(formatVerbose(revision))
  }
}
