/**
 * Makes every query issued while a revision runs join that revision's transaction, without the
 * revision passing `{transaction}` along: Sequelize 6 consults a "CLS namespace" for the current
 * transaction, and this provides one backed by Node's AsyncLocalStorage.
 */
import {AsyncLocalStorage} from 'node:async_hooks'
import type {Sequelize, Transaction} from 'sequelize'

type Store = Map<string, unknown>

/** The namespace shape Sequelize 6 expects from `Sequelize.useCLS()`. */
class AsyncLocalNamespace {
  private readonly storage = new AsyncLocalStorage<Store>()

  run<T>(fn: (context: Store) => T): T {
    const context: Store = new Map(this.storage.getStore())
    return this.storage.run(context, () => fn(context))
  }

  bind<F extends (...args: never[]) => unknown>(fn: F): F {
    return AsyncLocalStorage.bind(fn)
  }

  get(key: string): unknown {
    return this.storage.getStore()?.get(key)
  }

  set(key: string, value: unknown): void {
    this.storage.getStore()?.set(key, value)
  }
}

interface SequelizeClass {
  _cls?: {get(key: string): unknown}
  useCLS(namespace: unknown): void
}

/**
 * Installs the namespace on the Sequelize class of `sequelize` unless the application already
 * installed one (then theirs is used). Outside a migration's transaction nothing changes: the
 * namespace holds no transaction there.
 */
export function ensureTransactionContext(sequelize: Sequelize): void {
  const constructor = sequelize.constructor as unknown as SequelizeClass
  if (!constructor._cls) constructor.useCLS(new AsyncLocalNamespace())
}

// How many runs hold each namespace installed by holdTransactionContext.
const holds = new WeakMap<object, number>()

/**
 * Installs the namespace for one run, like {@link ensureTransactionContext}, and returns the
 * function that ends the run's hold: when the last run holding it ends, the namespace is removed
 * from the class again, so the user's own code (a test suite that called a test helper) does not
 * go on with transactions propagated through CLS. A namespace the application installed is never
 * removed. Runs may overlap: the namespace stays while any of them holds it.
 *
 * @example
 * const release = holdTransactionContext(sequelize)
 * try { await walk() } finally { release() }
 */
export function holdTransactionContext(sequelize: Sequelize): () => void {
  const constructor = sequelize.constructor as unknown as SequelizeClass
  let namespace = constructor._cls
  if (namespace && !holds.has(namespace)) return () => {}
  if (!namespace) {
    namespace = new AsyncLocalNamespace()
    constructor.useCLS(namespace)
  }
  const held = namespace
  holds.set(held, (holds.get(held) ?? 0) + 1)
  let released = false
  return () => {
    if (released) return
    released = true
    const runs = (holds.get(held) ?? 1) - 1
    holds.set(held, runs)
    if (runs > 0 || constructor._cls !== held) return
    holds.delete(held)
    // Sequelize 6 keeps the namespace on its base class (`Sequelize._cls = ns`), not on a subclass.
    let owner: object | null = constructor
    while (owner !== null && !Object.prototype.hasOwnProperty.call(owner, '_cls')) owner = Object.getPrototypeOf(owner) as object | null
    if (owner !== null) delete (owner as SequelizeClass)._cls
  }
}

/** The transaction the current revision runs in, or null (MariaDB/MySQL, or outside one). */
export function currentTransaction(sequelize: Sequelize): Transaction | null {
  const constructor = sequelize.constructor as unknown as SequelizeClass
  return (constructor._cls?.get('transaction') as Transaction | undefined) ?? null
}
