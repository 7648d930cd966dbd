/**
 * SQLite scratch databases are files in a new temporary folder. SQLite URLs are turned into
 * `{dialect, storage}` options: Sequelize hands URLs to Node's deprecated `url.parse`, which warns
 * (DEP0170) about `sqlite::memory:`.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import type {Options} from 'sequelize'

import type {ScratchDatabases} from '../scratch'

/** `{dialect: 'sqlite', storage}` for `sqlite::memory:`, `sqlite:`, `sqlite:relative/path`, `sqlite:/abs/path`, `sqlite://host/path`. */
export function sqliteOptions(url: string): Options {
  const path = url.replace(/^sqlite:/, '').replace(/[?#].*$/, '').replace(/^\/\/(?=[^/])/, '')
  const storage = path === '' || path.startsWith(':memory') || path.startsWith('/:memory') ? ':memory:' : resolve(decodeURIComponent(path))
  return {dialect: 'sqlite', storage}
}

export const sqliteScratch: ScratchDatabases = {
  target: sqliteOptions,
  async create(_serverUrl, name) {
    const folder = mkdtempSync(join(tmpdir(), 'sequelize-migrate-'))
    const storage = join(folder, `${name}.sqlite`)
    return {url: `sqlite:${storage}`, target: {dialect: 'sqlite', storage}, drop: async () => rmSync(folder, {recursive: true, force: true})}
  },
}
