/**
 * Keeps passwords out of every line sequelize-migrate prints, driver errors included.
 */

const secrets = new Set<string>()

/** Remembers a password so {@link maskSecrets} removes it from any later output. */
export function registerSecret(secret: unknown): void {
  if (typeof secret === 'string' && secret.length > 0) secrets.add(secret)
}

/** Remembers the password of a connection URL, if it has one (see {@link registerSecret}). */
export function registerUrlSecret(url: string): void {
  try {
    registerSecret(decodeURIComponent(new URL(url).password))
  } catch {
    // not a URL WHATWG can parse: nothing to remember
  }
}

/**
 * Replaces the password part of connection URLs (`postgres://user:secret@host` →
 * `postgres://user:***@host`) and every registered password with `***`.
 *
 * @example maskSecrets('connect to mysql://root:hunter2@db failed') // 'connect to mysql://root:***@db failed'
 */
export function maskSecrets(text: string): string {
  let masked = text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):([^\s@/]*)@/gi, '$1:***@')
  for (const secret of secrets) masked = masked.split(secret).join('***')
  return masked
}
