/**
 * `db upgrad` → one line naming the closest verb, on a terminal and in a pipe alike (oclif's
 * not-found plugin only suggests on a terminal, by asking).
 */
import type {Hook} from '@oclif/core'

/**
 * The closest of `candidates` to `word`, when close enough to be a typo (at most a third of its
 * letters differ).
 *
 * @example closestCommand('db:upgrad', ['db:upgrade', 'db:downgrade']) // 'db:upgrade'
 */
export function closestCommand(word: string, candidates: string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate)
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance]
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = row
  }
  return previous[b.length]
}

const hook: Hook<'command_not_found'> = async function (options) {
  const {config} = options
  const shown = (id: string) => (config.topicSeparator === ' ' ? id.replaceAll(':', ' ') : id)
  const visible = config.commands.filter((command) => !command.hidden).flatMap((command) => [command.id, ...command.aliases])
  const suggestion = closestCommand(options.id, visible)
  const topic = options.id.split(':')[0]
  const help = `${config.bin} help${config.findTopic(topic) ? ` ${topic}` : ''}`
  const hint = suggestion ? `did you mean ${shown(suggestion)}? (\`${help}\` lists the commands)` : `run \`${help}\` for a list of the commands`
  // One plain line, like every other error (oclif's error() wraps and decorates it).
  process.stderr.write(`Error: ${shown(options.id)} is not a ${config.bin} command; ${hint}\n`)
  this.exit(127)
}

export default hook
