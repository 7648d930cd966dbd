import {Args} from '@oclif/core'

import {DbCommand, jsonFlag, lockFlags, sqlFlags, yesFlag} from '../../base-command'
import {downgrade, nothingToDo} from '../../services/run'

export default class Downgrade extends DbCommand {
  static summary = 'Revert the database to an earlier revision.'
  static description = 'Undoes applied revisions down to TARGET, newest first, running each revision\'s down. `base` undoes every revision: on a terminal it asks first (--yes skips the question).'
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> -2',
    '<%= config.bin %> <%= command.id %> a1b2c3d4e5f6',
    '<%= config.bin %> <%= command.id %> base --yes',
    '<%= config.bin %> <%= command.id %> --sql head:base > downgrade.sql',
  ]
  static flags = {...sqlFlags, ...jsonFlag, ...yesFlag, ...lockFlags}
  static args = {
    target: Args.string({description: '-1 (default), -N, base, a revision id or unique prefix, rev-N', default: '-1', ignoreStdin: true}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Downgrade)
    if (flags.sql) return this.printSql(flags, 'downgrade', args.target)
    // Only a terminal is asked: scripts and CI ran `downgrade base` without a question before.
    const ask = args.target === 'base' && process.stdin.isTTY && process.stderr.isTTY
    const question = ask ? 'Downgrade to base undoes every revision and drops what they created. Continue?' : undefined
    const result = await downgrade({...this.folder(flags, question), target: args.target, ...this.lockWait(flags), ...this.stepPrinter(flags.json)})
    if (flags.json) return this.printJson({direction: 'downgrade', ...result})
    if (result.steps.length === 0) this.log(nothingToDo('downgrade', args.target, result))
  }
}
