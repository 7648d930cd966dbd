import {Args, Flags} from '@oclif/core'

import {DbCommand, lockFlags} from '../../base-command'
import {accept} from '../../services/run'

export default class Accept extends DbCommand {
  static summary = 'Accept a deliberate edit of an applied revision.'
  static description = 'Each applied revision\'s checksum is recorded; `db upgrade` and `db downgrade` refuse to run while an applied revision\'s file differs from it. After checking that the edit is deliberate (the database already has what the file now says, or the difference does not matter), record the file\'s current checksum.'
  static examples = ['<%= config.bin %> <%= command.id %> a1b2c3d4e5f6', '<%= config.bin %> <%= command.id %> --all']
  static strict = false
  static args = {revision: Args.string({description: 'applied revision(s) whose file changed (id or unique prefix)', ignoreStdin: true})}
  static flags = {...lockFlags, all: Flags.boolean({summary: 'Accept every applied revision whose file changed.'})}

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Accept)
    const revisions = argv as string[]
    if (revisions.length === 0 && !flags.all) this.error('Name the revision(s) to accept, or pass --all', {exit: 2})
    const accepted = await accept({...this.folder(flags), ...this.lockWait(flags), revisions})
    if (accepted.length === 0) this.log('No applied revision changed; nothing to accept')
    for (const id of accepted) this.log(`Accepted the current file of ${id}`)
  }
}
