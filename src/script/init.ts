/**
 * `db init` and `db list-templates`: scaffolding a migrations folder from the shipped templates.
 */
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join, relative} from 'node:path'

import {ConfigError} from '../errors'

/** The folder holding the shipped templates (`templates/` of the package). */
export const TEMPLATES_DIRECTORY = join(__dirname, '..', '..', 'templates')

/** A shipped template. */
export interface TemplateInfo {
  name: string
  description: string
}

/** Every template shipped in `templates/`, sorted by name. */
export function listTemplates(): TemplateInfo[] {
  return readdirSync(TEMPLATES_DIRECTORY, {withFileTypes: true})
    // A folder without template.json holds parts other templates use (the sequelize-cli env).
    .filter((entry) => entry.isDirectory() && existsSync(join(TEMPLATES_DIRECTORY, entry.name, 'template.json')))
    .map((entry) => {
      const meta = JSON.parse(readFileSync(join(TEMPLATES_DIRECTORY, entry.name, 'template.json'), 'utf8')) as {description: string}
      return {name: entry.name, description: meta.description}
    })
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** Options of {@link initDirectory}. */
export interface InitOptions {
  /** Absolute path of the folder to create. */
  directory: string
  /** @default 'default' */
  template?: string
  /** Write `env.js` and a JavaScript revision template instead of TypeScript. */
  javascript?: boolean
  /** The env file's source, instead of the template's. */
  envSource?: string
}

/**
 * Creates a migrations folder: env file, revision template, `versions/` and a README.
 *
 * @returns the paths written, relative to the working directory
 * @throws {ConfigError} `UNKNOWN_TEMPLATE` (lists the templates), `DIRECTORY_NOT_EMPTY`.
 */
export function initDirectory(options: InitOptions): string[] {
  const name = options.template ?? 'default'
  const templates = listTemplates()
  if (!templates.some((template) => template.name === name)) {
    throw new ConfigError('UNKNOWN_TEMPLATE', `No template named ${name}; available: ${templates.map((t) => t.name).join(', ')} (see \`db list-templates\`)`)
  }
  const {directory} = options
  if (existsSync(directory) && readdirSync(directory).length > 0) {
    throw new ConfigError('DIRECTORY_NOT_EMPTY', `${relative(process.cwd(), directory) || '.'} already exists and is not empty; choose another folder with -d`)
  }
  const source = join(TEMPLATES_DIRECTORY, name)
  const language = options.javascript ? 'js' : 'ts'
  const files: Array<[string, string]> = [
    [`env.${language}`, `env.${language}`],
    [`script.${language}.ejs`, `script.${language}.ejs`],
    ['README.md', 'README.md'],
  ]
  // Read everything first so a missing template file writes nothing.
  const contents = files.map(([from, to]) => [to, from.startsWith('env.') && options.envSource !== undefined ? options.envSource : readFileSync(join(source, from), 'utf8')] as const)
  mkdirSync(join(directory, 'versions'), {recursive: true})
  const written = [join(directory, 'versions')]
  for (const [to, content] of contents) {
    writeFileSync(join(directory, to), content, {flag: 'wx'})
    written.push(join(directory, to))
  }
  writeFileSync(join(directory, 'versions', '.gitkeep'), '')
  return written.map((path) => relative(process.cwd(), path))
}
