import {Args, Flags} from '@oclif/core'

import {DbCommand} from '../../base-command'
import {merge} from '../../services/scripts'

export default class Merge extends DbCommand {
  static summary = 'Create a merge revision joining two or more heads.'
  static examples = ['<%= config.bin %> <%= command.id %> -m "merge branches"', '<%= config.bin %> <%= command.id %> a1b2 c3d4 -m "merge"']
  static strict = false
  static args = {revisions: Args.string({description: 'Revisions to merge (default: heads)', ignoreStdin: true})}
  static flags = {
    message: Flags.string({char: 'm', summary: 'What the merge does.'}),
    'branch-label': Flags.string({summary: 'Label the merge revision.', multiple: true}),
    'rev-id': Flags.string({summary: 'Use this revision id instead of a random one.'}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Merge)
    const {path} = await merge({...this.folder(flags), revisions: argv as string[], message: flags.message, revId: flags['rev-id'], branchLabels: flags['branch-label']})
    this.log(`Generating ${path} ... done`)
  }
}
