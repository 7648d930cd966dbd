import {relative} from 'node:path'

import {DbCommand, jsonFlag} from '../../base-command'
import {compile} from '../../services/compile'

export default class Compile extends DbCommand {
  static summary = 'Compile env, models and revisions into the compile cache, without a database.'
  static description = 'Run it while building an image, with SEQUELIZE_MIGRATE_CACHE pointing at a folder the image keeps: containers started from the image then load nothing through the TypeScript compiler.'
  static examples = ['SEQUELIZE_MIGRATE_CACHE=/app/.sequelize-migrate <%= config.bin %> <%= command.id %>']
  static flags = {...jsonFlag}

  async run(): Promise<void> {
    const {flags} = await this.parse(Compile)
    const result = await compile(this.folder(flags))
    if (flags.json) return this.printJson(result)
    this.log(`Compiled env and ${result.revisions} revision file(s) into ${relative(process.cwd(), result.cache) || '.'}`)
  }
}
