import {DbCommand, jsonFlag, verboseFlag} from '../../base-command'
import {current} from '../../services/run'

export default class Current extends DbCommand {
  static summary = 'Show the revision(s) the database is at.'
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static flags = {...jsonFlag, ...verboseFlag}

  async run(): Promise<void> {
    const {flags} = await this.parse(Current)
    const revisions = await current(this.folder(flags))
    if (flags.json) return this.printJson(revisions)
    if (revisions.length === 0) this.log('No revision applied')
    for (const revision of revisions) {
      const marks = [
        revision.head ? ' (head)' : '',
        revision.unknown ? ' (unknown: no file defines it)' : '',
        revision.changed ? ' (changed since applied: see db accept)' : '',
        revision.unfinished ? ` (unfinished ${revision.unfinished.direction}: see db resolve)` : '',
      ].join('')
      this.log(`${revision.revision}${marks}${flags.verbose && revision.message ? `, ${revision.message}` : ''}`)
    }
  }
}
