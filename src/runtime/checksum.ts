/**
 * The checksum recorded for each applied revision: SHA-256 of its file, with line endings and a
 * byte-order mark normalized (a checkout on Windows must not look like an edit). Nothing else is
 * normalized: a change of formatting is a change.
 */
import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'

/** The checksum of a revision's source text. */
export function checksumOf(source: string): string {
  const normalized = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  return createHash('sha256').update(normalized, 'utf8').digest('hex')
}

/** The checksum of a revision file. */
export function checksumOfFile(file: string): string {
  return checksumOf(readFileSync(file, 'utf8'))
}
