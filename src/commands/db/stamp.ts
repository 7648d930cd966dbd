import {Args, Flags} from '@oclif/core'

import {DbCommand, jsonFlag, lockFlags, sqlFlags, yesFlag} from '../../base-command'
import {nothingStamped, stamp} from '../../services/run'

export default class Stamp extends DbCommand {
  static summary = 'Record a revision as applied without running any revision.'
  static description = 'For a database that already has the schema (created by sync() or by hand): marks TARGET and its ancestors as applied. --purge clears the record first: it asks on a terminal and needs --yes without one.'
  static examples = [
    '<%= config.bin %> <%= command.id %> head',
    '<%= config.bin %> <%= command.id %> --purge a1b2c3d4e5f6 --yes',
    '<%= config.bin %> <%= command.id %> base',
    '<%= config.bin %> <%= command.id %> --sql head > stamp.sql',
  ]
  static args = {target: Args.string({description: 'head, heads, base or a revision', required: true, ignoreStdin: true})}
  static flags = {
    ...sqlFlags,
    ...jsonFlag,
    ...yesFlag,
    ...lockFlags,
    purge: Flags.boolean({summary: 'Clear the record of revisions before stamping (rows no file defines too).'}),
    'delete-sequelize-cli-rows': Flags.boolean({summary: 'Allow deleting rows named like sequelize-cli migrations (file names).'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Stamp)
    if (flags.sql) return this.printSql(flags, 'stamp', args.target, flags.purge)
    const question = flags.purge ? `Stamp --purge deletes the whole record of applied revisions before stamping ${args.target}. Continue?` : undefined
    const result = await stamp({...this.folder(flags, question), target: args.target, purge: flags.purge, deleteSequelizeCliRows: flags['delete-sequelize-cli-rows'], ...this.lockWait(flags)})
    if (flags.json) return this.printJson({added: result.add, removed: result.remove, current: result.current})
    for (const id of result.remove) this.log(`Unstamped ${id}`)
    for (const id of result.add) this.log(`Stamped ${id}`)
    if (result.add.length === 0 && result.remove.length === 0) this.log(nothingStamped(result))
  }
}
