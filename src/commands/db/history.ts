import {Flags} from '@oclif/core'

import {DbCommand, jsonFlag, verboseFlag} from '../../base-command'
import {formatLine, formatVerbose} from '../../services/describe'
import {history} from '../../services/inspect'

export default class History extends DbCommand {
  static summary = 'List revisions in order, newest first.'
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> -r base:a1b2 -v', '<%= config.bin %> <%= command.id %> -i']
  static flags = {
    ...jsonFlag,
    'rev-range': Flags.string({char: 'r', summary: 'Only revisions in START:END (ids, base, head, current, -N, +N).'}),
    ...verboseFlag,
    'indicate-current': Flags.boolean({char: 'i', summary: 'Mark the revisions the database is at (connects to it).'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(History)
    const revisions = await history({...this.folder(flags), range: flags['rev-range'], indicateCurrent: flags['indicate-current']})
    if (flags.json) return this.printJson(revisions)
    for (const revision of revisions) this.log(flags.verbose ? formatVerbose(revision) : formatLine(revision))
  }
}
