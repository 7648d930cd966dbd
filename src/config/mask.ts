/**
 * Keeps passwords out of every line sequelize-migrate prints, driver errors included. Masking
 * follows the structure of the text (a URL's user-info part, a `password=` setting, a quoted
 * value), never a search for the password's characters: no other word is touched, and the
 * output's shape does not depend on the password.
 */

// Each password with the number of registrations holding it. Process-wide: the base command masks
// its error line without a handle on the run that registered the password. A run that ends in a
// process that goes on (a test helper) puts the set back when it ends (saveSecrets).
const secrets = new Map<string, number>()

/**
 * Remembers a password so {@link maskSecrets} also removes it where a message quotes it.
 *
 * @returns a function that gives this registration back (the password stays remembered while
 *   another registration holds it)
 */
export function registerSecret(secret: unknown): () => void {
  if (typeof secret !== 'string' || secret.length === 0) return () => {}
  secrets.set(secret, (secrets.get(secret) ?? 0) + 1)
  let held = true
  return () => {
    if (!held) return
    held = false
    const left = (secrets.get(secret) ?? 1) - 1
    if (left > 0) secrets.set(secret, left)
    else secrets.delete(secret)
  }
}

/** Remembers the password of a connection URL, if it has one (see {@link registerSecret}). */
export function registerUrlSecret(url: string): () => void {
  try {
    return registerSecret(decodeURIComponent(new URL(url).password))
  } catch {
    // not a URL WHATWG can parse: nothing to remember
    return () => {}
  }
}

/**
 * The passwords remembered now; the function returned puts that set back, forgetting whatever a
 * run registered since (a test helper calls it when its run ends).
 *
 * @example
 * const restore = saveSecrets()
 * try { await run() } finally { restore() }
 */
export function saveSecrets(): () => void {
  const saved = new Map(secrets)
  return () => {
    secrets.clear()
    for (const [secret, count] of saved) secrets.set(secret, count)
  }
}

// A URL with a scheme and `//`, up to the next whitespace or quote.
const URL_PATTERN = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s"'<>]*)/gi
// `password=…` (libpq strings, query strings) and a quoted value after `password:` (JSON, option
// dumps). An unquoted `password: YES` is prose (MariaDB's "using password: YES"), left alone.
const SETTING_PATTERN = /\b(password|passwd|pwd)(["']?\s*=\s*)("[^"]*"|'[^']*'|[^\s,;&)}\]]+)|\b(password|passwd|pwd)(["']?\s*:\s*)("[^"]*"|'[^']*')/gi

/**
 * Removes passwords from `text`: the user-info of every URL (`postgres://app:secret@db` →
 * `postgres://app:***@db`; when it holds an unencoded `@`, the user goes too), the value of every
 * `password=` / `"password":` setting, and every registered password a message quotes.
 *
 * @example maskSecrets('connect to mysql://root:hunter2@db failed') // 'connect to mysql://root:***@db failed'
 */
export function maskSecrets(text: string): string {
  let masked = text.replace(URL_PATTERN, (_match, scheme: string, rest: string) => scheme + maskUserInfo(rest))
  masked = masked.replace(SETTING_PATTERN, (...groups: string[]) => {
    const [key, separator, value] = groups[1] === undefined ? groups.slice(4, 7) : groups.slice(1, 4)
    const quote = /^["']/.test(value) ? value[0] : ''
    return `${key}${separator}${quote}***${quote}`
  })
  for (const secret of secrets.keys()) {
    for (const quote of ['\'', '"', '`']) masked = masked.split(`${quote}${secret}${quote}`).join(`${quote}***${quote}`)
  }
  return masked
}

/** `user:secret@host/db` → `user:***@host/db`; `us@er:se@cret@host` → `***@host`. */
function maskUserInfo(rest: string): string {
  const at = rest.lastIndexOf('@')
  if (at < 0) return rest
  const userInfo = rest.slice(0, at)
  const colon = userInfo.indexOf(':')
  const user = colon >= 0 ? userInfo.slice(0, colon) : userInfo
  // The last '@' may belong to a password holding '@' or '/': then nothing before it is trusted.
  if (/[@/?#]/.test(userInfo)) return `***${rest.slice(at)}`
  return `${user}${colon >= 0 ? ':***' : ''}${rest.slice(at)}`
}
