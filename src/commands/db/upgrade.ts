import {Args} from '@oclif/core'

import {DbCommand, jsonFlag, lockFlags, sqlFlags, waitFlag} from '../../base-command'
import {upgradeTargetSpec} from '../../cli/flags'
import {upgradeVerb} from '../../cli/verbs'

export default class Upgrade extends DbCommand {
  static summary = 'Upgrade the database to a later revision.'
  static description = 'Runs each pending revision up to TARGET in graph order, one transaction per revision where the database allows, under a database lock so concurrent replicas run each revision once. Prints the database first (on stderr), then each step and its duration, or "Already at head <id>".'
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> +1',
    '<%= config.bin %> <%= command.id %> a1b2c3d4e5f6',
    '<%= config.bin %> <%= command.id %> heads',
    '<%= config.bin %> <%= command.id %> --wait-for-db 30 --json',
    '<%= config.bin %> <%= command.id %> --sql > upgrade.sql',
    '<%= config.bin %> <%= command.id %> --sql a1b2c3d4e5f6:head -o upgrade.sql',
  ]
  static flags = {...sqlFlags, ...jsonFlag, ...waitFlag, ...lockFlags}
  static args = {
    target: Args.string({...upgradeTargetSpec, ignoreStdin: true}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Upgrade)
    if (flags.sql) return this.printSql(flags, 'upgrade', args.target)
    await upgradeVerb(args.target, flags, this.output)
  }
}
