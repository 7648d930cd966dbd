/**
 * Terminal styling for the verbs' output: colour only on a terminal, never when the output is
 * piped or `NO_COLOR` is set (https://no-color.org), nor for `TERM=dumb`.
 */

const CODES = {bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39]} as const

/** A style {@link paint} applies. */
export type Style = keyof typeof CODES

/** Whether text written to `stream` may carry colour codes. */
export function colorEnabled(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false
  if (process.env.TERM === 'dumb') return false
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true
  return Boolean(stream.isTTY)
}

/**
 * `text` in `style` when `stream` is a terminal, else unchanged.
 *
 * @example paint('green', 'done', process.stdout)
 */
export function paint(style: Style, text: string, stream: NodeJS.WriteStream): string {
  if (!colorEnabled(stream)) return text
  const [open, close] = CODES[style]
  return `\u001B[${open}m${text}\u001B[${close}m`
}

/** A duration for people: `12 ms`, `3.4 s`, `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}
