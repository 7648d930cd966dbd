import {Args, Flags} from '@oclif/core'

import {DbCommand, lockFlags} from '../../base-command'
import {resolve} from '../../services/run'

export default class Resolve extends DbCommand {
  static summary = 'Say how a revision that never finished ended, after checking the schema.'
  static description = 'A revision that runs outside a transaction (every revision on MariaDB/MySQL, or one with `transactional = false`) is noted as started before it runs. If that run is killed or the revision fails, the note stays and every later run refuses to start. Check the schema, then record the revision as applied (its changes are all there) or rolled back (none are: undo any part that is).'
  static examples = [
    '<%= config.bin %> <%= command.id %> a1b2c3d4e5f6 --applied',
    '<%= config.bin %> <%= command.id %> a1b2c3d4e5f6 --rolled-back',
  ]
  static args = {revision: Args.string({description: 'the unfinished revision (id or unique prefix)', required: true, ignoreStdin: true})}
  static flags = {
    ...lockFlags,
    applied: Flags.boolean({summary: 'Its changes are all in the database: record it as applied.', exactlyOne: ['applied', 'rolled-back']}),
    'rolled-back': Flags.boolean({summary: 'None of its changes are in the database: record it as not applied.', exactlyOne: ['applied', 'rolled-back']}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Resolve)
    const resolution = flags.applied ? 'applied' : 'rolled-back'
    const entry = await resolve({...this.folder(flags), ...this.lockWait(flags), revision: args.revision, resolution})
    this.log(`Resolved ${entry.revision} (${entry.direction} started ${entry.startedAt.toISOString()}) as ${resolution === 'applied' ? 'applied' : 'not applied'}`)
  }
}
