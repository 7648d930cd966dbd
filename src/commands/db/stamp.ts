import {Args, Flags} from '@oclif/core'

import {DbCommand, sqlFlags} from '../../base-command'
import {stamp} from '../../services/run'

export default class Stamp extends DbCommand {
  static summary = 'Record a revision as applied without running any revision.'
  static description = 'For a database that already has the schema (created by sync() or by hand): marks TARGET and its ancestors as applied.'
  static examples = ['<%= config.bin %> <%= command.id %> head', '<%= config.bin %> <%= command.id %> --purge a1b2c3d4e5f6', '<%= config.bin %> <%= command.id %> base', '<%= config.bin %> <%= command.id %> --sql head > stamp.sql']
  static args = {target: Args.string({description: 'head, heads, base or a revision', required: true})}
  static flags = {...sqlFlags, purge: Flags.boolean({summary: 'Clear the record before stamping.'})}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Stamp)
    if (flags.sql) return this.printSql(flags, 'stamp', args.target, flags.purge)
    const {add, remove} = await stamp({...this.folder(flags), target: args.target, purge: flags.purge})
    for (const id of remove) this.log(`Unstamped ${id}`)
    for (const id of add) this.log(`Stamped ${id}`)
  }
}
