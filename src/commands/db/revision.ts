import {Flags} from '@oclif/core'

import {DbCommand} from '../../base-command'
import {autogenerateRevision} from '../../services/autogenerate'
import {createRevision} from '../../services/scripts'

export default class Revision extends DbCommand {
  static summary = 'Create a new revision file.'
  static description = 'Writes versions/<id>_<message>.ts from the folder\'s template, revising the current head. With --autogenerate its up and down are generated from the models (same as `db migrate`).'
  static examples = [
    '<%= config.bin %> <%= command.id %> -m "add orders"',
    '<%= config.bin %> <%= command.id %> -m "reports" --head base --branch-label reports',
    '<%= config.bin %> <%= command.id %> -m "hotfix" --head a1b2 --splice',
  ]
  static flags = {
    message: Flags.string({char: 'm', summary: 'What the revision does.'}),
    autogenerate: Flags.boolean({summary: 'Generate up/down by comparing the models with the database.'}),
    head: Flags.string({summary: 'Parent revision: head (default), base, a revision or label@head.', default: 'head'}),
    splice: Flags.boolean({summary: 'Allow --head to name a revision that is not a head.'}),
    'branch-label': Flags.string({summary: 'Label the new revision (for label@head targets).', multiple: true}),
    'rev-id': Flags.string({summary: 'Use this revision id instead of a random one.'}),
    rename: Flags.string({summary: 'With --autogenerate: old=new (table) or table.old=new (column).', multiple: true}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Revision)
    const options = {...this.folder(flags), message: flags.message, revId: flags['rev-id'], head: flags.head, splice: flags.splice, branchLabels: flags['branch-label']}
    if (flags.autogenerate) {
      this.printAutogenerateResult(await autogenerateRevision({...options, renames: flags.rename}), flags.message)
      return
    }
    if (flags.rename) this.error('--rename needs --autogenerate', {exit: 2})
    const {path} = await createRevision(options)
    this.log(`Generating ${path} ... done`)
    this.noteMissingMessage(flags.message)
  }
}
