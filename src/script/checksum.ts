/**
 * The checksum recorded for each applied revision: SHA-256 of its file, with line endings and a
 * byte-order mark normalized (a checkout on Windows must not look like an edit). Nothing else is
 * normalized: a change of formatting is a change. Records written by every earlier version hold
 * this digest, so the function must never change.
 */
import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'

/**
 * The checksum of a revision's source text, as read from its file as UTF-8.
 *
 * @example checksumOf('export const revision = \'a1b2\'\n') // 64 hex characters
 */
export function checksumOf(source: string): string {
  const normalized = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  return createHash('sha256').update(normalized, 'utf8').digest('hex')
}

/** The checksum of a revision file: {@link checksumOf} its text. */
export function checksumOfFile(file: string): string {
  return checksumOf(readFileSync(file, 'utf8'))
}
