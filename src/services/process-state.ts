/**
 * What a run changes in the process it runs in, beyond the objects it was given: the `-x`
 * arguments env files read through `xArguments()`, the passwords remembered for masking, and the
 * transaction context (CLS) installed on the Sequelize class. Each is process-wide because the code
 * reading it holds no handle on the run (an env file, the base command's error handler, Sequelize
 * itself). The CLI runs one command per process; the test helpers run in the user's test process,
 * so they borrow this state for their run and give it back when it ends.
 */
import type {Sequelize} from 'sequelize'

import {saveXArguments} from '../config/define-config'
import {saveSecrets} from '../config/mask'
import {holdTransactionContext} from '../runtime/cls'

/**
 * Starts a run on `sequelize` that gives the process-wide state back when it ends: the returned
 * function puts back the `-x` arguments and remembered passwords found at the start, and removes
 * the transaction context from the Sequelize class unless someone else still holds it (another run,
 * or the application, which installed its own).
 *
 * @example
 * const giveBack = borrowProcessState(sequelize)
 * try { await walk() } finally { giveBack() }
 */
export function borrowProcessState(sequelize: Sequelize): () => void {
  const restoreXArguments = saveXArguments()
  const restoreSecrets = saveSecrets()
  const releaseTransactionContext = holdTransactionContext(sequelize)
  return () => {
    releaseTransactionContext()
    restoreSecrets()
    restoreXArguments()
  }
}
