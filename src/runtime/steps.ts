/**
 * Steps of a run, shared by the online migrator's callers and the offline script.
 */
import type {RevisionMap} from '../revision'
import type {MigrationStep} from './migrator'

/**
 * The line printed for each step (and the comment introducing it in an offline script), in
 * Alembic's words, `<base>` standing for no revision as in `db history`.
 *
 * @example formatStep(step) // 'Running upgrade a1b2c3d4e5f6 -> d4e5f6a7b8c9, add orders'
 */
export function formatStep(step: MigrationStep): string {
  if (step.file) return `Running ${step.direction} ${step.file} (sequelize-cli migration)`
  const side = (ids: string[]) => (ids.length > 0 ? ids.join(', ') : '<base>')
  return `Running ${step.direction} ${side(step.from)} -> ${side(step.to)}${step.message ? `, ${step.message}` : ''}`
}

/** The step that applies (upgrade) or undoes (downgrade) one revision of `map`. */
export function stepOf(map: RevisionMap, direction: MigrationStep['direction'], revision: string): MigrationStep {
  const info = map.get(revision)
  return direction === 'upgrade'
    ? {direction, revision, message: info.message, from: info.downRevisions, to: [revision]}
    : {direction, revision, message: info.message, from: [revision], to: info.downRevisions}
}
