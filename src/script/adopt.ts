/**
 * `db init --sequelize-cli`: a migrations folder for a project whose history so far is
 * sequelize-cli migrations. Its env connects with the project's own sequelize-cli configuration
 * and adopts those migrations as the prehistory; its first revision builds on them.
 */
import {readFileSync} from 'node:fs'
import {join, relative, resolve, sep} from 'node:path'

import {listMigrationFiles, readSequelizeCliConfig, readSequelizeRc} from '../config/sequelize-cli'
import {SEQUELIZE_CLI_TABLE} from '../config/environment'
import {ConfigError} from '../errors'
import {PREHISTORY} from '../revision'
import {initDirectory, type InitOptions, TEMPLATES_DIRECTORY} from './init'
import {newRevisionId, renderRevision, writeRevisionFile} from './write-revision'
import {renderTemplate} from './render-template'

/** A path as env should name it: relative to the project root, with `/`. */
function projectPath(root: string, path: string): string {
  return (relative(root, path) || '.').split(sep).join('/')
}

/**
 * Creates the migrations folder of a sequelize-cli project: reads `.sequelizerc` and the
 * configuration of the current `NODE_ENV` in the working directory, writes env (connecting as
 * sequelize-cli connects, `sequelizeCli` set) and a first, empty revision whose down revision is
 * the prehistory.
 *
 * @returns the paths written, relative to the working directory
 * @throws {ConfigError} `NO_SEQUELIZE_CLI_PROJECT` without a migrations folder,
 *   `NO_SEQUELIZE_CLI_CONFIG` without a configuration file, `UNSUPPORTED_STORAGE` for a
 *   sequelize-cli recording elsewhere than a table, `DIRECTORY_IS_SEQUELIZE_CLI` when the folder to
 *   create is sequelize-cli's, and those of {@link initDirectory}.
 */
export async function initSequelizeCli(options: InitOptions): Promise<string[]> {
  const root = process.cwd()
  const paths = readSequelizeRc(root)
  const shown = (path: string) => projectPath(root, path)
  const directory = resolve(options.directory)
  if (directory === paths.migrationsPath || paths.migrationsPath.startsWith(`${directory}${sep}`)) {
    throw new ConfigError('DIRECTORY_IS_SEQUELIZE_CLI', `${shown(directory)} holds sequelize-cli's migrations; put the revisions in another folder, e.g. \`db init --sequelize-cli -d db/revisions\`, and give every db verb the same -d (or set SEQUELIZE_MIGRATE_DIR)`)
  }
  const files = (() => {
    try {
      return listMigrationFiles(paths.migrationsPath)
    } catch {
      throw new ConfigError('NO_SEQUELIZE_CLI_PROJECT', `No sequelize-cli migrations folder at ${shown(paths.migrationsPath)}; run this in the project root (where .sequelizerc or config/config.json is)`)
    }
  })()
  const entry = await readSequelizeCliConfig(paths.config)
  if (entry.migrationStorage !== undefined && entry.migrationStorage !== 'sequelize') {
    throw new ConfigError('UNSUPPORTED_STORAGE', `${shown(paths.config)} sets migrationStorage '${entry.migrationStorage}'; sequelize-migrate reads sequelize-cli's record from its table: switch to migrationStorage 'sequelize' (the default) first`)
  }
  const table = entry.migrationStorageTableName ?? SEQUELIZE_CLI_TABLE
  const cliOptions = [
    `migrationsPath: '${shown(paths.migrationsPath)}'`,
    ...(entry.migrationStorageTableName ? [`tableName: '${entry.migrationStorageTableName}'`] : []),
    ...(entry.migrationStorageTableSchema ? [`schema: '${entry.migrationStorageTableSchema}'`] : []),
  ].join(', ')
  const language = options.javascript ? 'js' : 'ts'
  const template = readFileSync(join(TEMPLATES_DIRECTORY, 'sequelize-cli-env', `env.${language}.ejs`), 'utf8')
  const envSource = renderTemplate(template, {config: shown(paths.config), models: shown(paths.modelsPath), migrationsPath: shown(paths.migrationsPath), table, cliOptions})

  const written = initDirectory({...options, envSource})
  const {fileName, source} = renderRevision(directory, {
    revision: newRevisionId(),
    message: `adopt the ${files.length} sequelize-cli migrations`,
    downRevisions: [PREHISTORY],
  })
  written.push(relative(root, writeRevisionFile(join(directory, 'versions'), fileName, source)))
  return written
}
