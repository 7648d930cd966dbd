/**
 * Feeds a SQL script to the database's own command-line client, as a DBA would apply the output
 * of `db upgrade --sql`: `psql -v ON_ERROR_STOP=1`, `mariadb`, `sqlite3 -bail`.
 */
import {execFile} from 'node:child_process'

import type {ScratchDatabase} from './databases'

function clientCommand(db: ScratchDatabase): [string, string[]] {
  if (db.dialect === 'sqlite') return ['sqlite3', ['-bail', db.url.replace(/^sqlite:/, '')]]
  if (db.dialect === 'postgres') return ['psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', db.url]]
  const url = new URL(db.url)
  const args = ['--protocol=TCP', '-h', url.hostname, '-P', url.port || '3306', '-u', decodeURIComponent(url.username)]
  if (url.password) args.push(`-p${decodeURIComponent(url.password)}`)
  return ['mariadb', [...args, url.pathname.slice(1)]]
}

/**
 * Runs `script` with the client of `db`'s dialect; stops at the first failing statement.
 *
 * @throws {Error} with the client's stderr when a statement fails.
 */
export function applySqlScript(db: ScratchDatabase, script: string): Promise<void> {
  const [command, args] = clientCommand(db)
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, {encoding: 'utf8', maxBuffer: 16 * 1024 * 1024}, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${command} failed: ${stderr || error.message}`))
      else resolve()
    })
    child.stdin!.end(script)
  })
}
