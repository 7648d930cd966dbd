import {Args} from '@oclif/core'

import {DbCommand, sqlFlags} from '../../base-command'
import {downgrade, formatStep} from '../../services/run'

export default class Downgrade extends DbCommand {
  static summary = 'Revert the database to an earlier revision.'
  static description = 'Undoes applied revisions down to TARGET, newest first, running each revision\'s down.'
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> -2',
    '<%= config.bin %> <%= command.id %> a1b2c3d4e5f6',
    '<%= config.bin %> <%= command.id %> base',
    '<%= config.bin %> <%= command.id %> --sql head:base > downgrade.sql',
  ]
  static flags = sqlFlags
  static args = {
    target: Args.string({description: '-1 (default), -N, base, a revision id or unique prefix, rev-N', default: '-1'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Downgrade)
    if (flags.sql) return this.printSql(flags, 'downgrade', args.target)
    await downgrade({...this.folder(flags), target: args.target, onStep: (step) => this.log(formatStep(step))})
  }
}
