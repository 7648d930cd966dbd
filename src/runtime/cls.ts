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

/** The transaction the current revision runs in, or null (MariaDB/MySQL, or outside one). */
export function currentTransaction(sequelize: Sequelize): Transaction | null {
  const constructor = sequelize.constructor as unknown as SequelizeClass
  return (constructor._cls?.get('transaction') as Transaction | undefined) ?? null
}
