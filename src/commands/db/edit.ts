import {Args} from '@oclif/core'

import {DbCommand} from '../../base-command'
import {edit} from '../../services/scripts'

export default class Edit extends DbCommand {
  static summary = 'Open a revision file in $EDITOR.'
  static examples = ['EDITOR=vim <%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> a1b2']
  static args = {revision: Args.string({description: 'head (default), a revision id, unique prefix or label', default: 'head', ignoreStdin: true})}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Edit)
    await edit({...this.folder(flags), revision: args.revision})
  }
}
