import {Flags} from '@oclif/core'

import {DbCommand} from '../../base-command'
import {walk} from '../../services/walk'

export default class Walk extends DbCommand {
  static summary = 'Walk every revision up and down on a scratch database.'
  static description = 'From an empty scratch database, upgrades one revision at a time from base to head, then downgrades one at a time back to base, checking the recorded revision after each step. With --snake each revision goes up, down and up again and its down must restore the schema its up found. Never point it at a database you care about: it must be empty.'
  static examples = [
    '<%= config.bin %> <%= command.id %> --url postgres://localhost/scratch',
    '<%= config.bin %> <%= command.id %> --url sqlite:/tmp/walk.sqlite --snake',
  ]
  static flags = {
    url: Flags.string({summary: 'Connection URL of an empty scratch database.', required: true}),
    snake: Flags.boolean({summary: 'Go up, down and up again at each revision, checking down restores the schema.'}),
    downgrade: Flags.boolean({summary: 'Downgrade back to base after reaching head.', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Walk)
    const steps = await walk({...this.folder(flags), url: flags.url, snake: flags.snake, downgrade: flags.downgrade, onStep: (step) => this.log(`ok  ${step.title}`), onIrreversible: (step) => this.log(`irreversible  ${step.title}: its down refuses; ${step.phase === 'descent' ? 'the descent ends here' : 'it stays applied'}`)})
    this.log(`Walked ${steps.length} step(s)`)
  }
}
