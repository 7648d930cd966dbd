import {Flags} from '@oclif/core'

import {DbCommand} from '../../base-command'
import {autogenerateRevision} from '../../services/autogenerate'

export default class Migrate extends DbCommand {
  static summary = 'Autogenerate a revision from the differences between the models and the database.'
  static description = 'Compares the models env registers with the database (which must be at head) and writes a revision whose up makes the database match the models and whose down undoes it. Review it before committing. Same as `db revision --autogenerate`.'
  static examples = [
    '<%= config.bin %> <%= command.id %> -m "add orders"',
    '<%= config.bin %> <%= command.id %> -m "rename name" --rename users.fullname=name',
    '<%= config.bin %> <%= command.id %> -m "rename table" --rename people=persons',
  ]
  static flags = {
    message: Flags.string({char: 'm', summary: 'What the revision does.'}),
    rename: Flags.string({summary: 'Emit a rename instead of drop+add: old=new (table) or table.old=new (column).', multiple: true}),
    head: Flags.string({summary: 'Parent revision: head (default) or a revision.', default: 'head'}),
    splice: Flags.boolean({summary: 'Allow --head to name a revision that is not a head.'}),
    'branch-label': Flags.string({summary: 'Label the new revision.', multiple: true}),
    'rev-id': Flags.string({summary: 'Use this revision id instead of a random one.'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Migrate)
    const result = await autogenerateRevision({...this.folder(flags), message: flags.message, renames: flags.rename, head: flags.head, splice: flags.splice, branchLabels: flags['branch-label'], revId: flags['rev-id']})
    this.printAutogenerateResult(result, flags.message)
  }
}
