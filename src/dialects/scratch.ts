/**
 * Throwaway databases for tests (`scratchDatabase` of `sequelize-migrate/testing`): each dialect
 * says how to make an empty database from a server URL and how to remove it again.
 */
import type {Options, Sequelize} from 'sequelize'

/** Builds a Sequelize instance (the project's Sequelize class) from a URL or from options. */
export type OpenSequelize = (target: string | Options) => Sequelize

/** An empty database made by {@link ScratchDatabases.create}. */
export interface CreatedScratch {
  /** Its connection URL. */
  url: string
  /** What to give Sequelize to connect to it (the URL, or options where a URL would warn). */
  target: string | Options
  /** Removes the database (or its file); the caller closes its connections first. */
  drop(): Promise<void>
}

/** How one dialect makes and removes throwaway databases. */
export interface ScratchDatabases {
  /**
   * Creates an empty database called `name` on the server `serverUrl` points at (SQLite: a file
   * in a new temporary folder; the URL's path is not used).
   */
  create(serverUrl: string, name: string, open: OpenSequelize): Promise<CreatedScratch>
  /**
   * What to give Sequelize for a connection URL of this dialect: the URL itself, or options where
   * Sequelize's own parsing (Node's deprecated `url.parse`) would misread or warn about it.
   */
  target(url: string): string | Options
}

/** Runs `statements` on a short-lived connection to the server at `serverUrl`. */
async function onServer(open: OpenSequelize, serverUrl: string, statements: string[]): Promise<void> {
  const admin = open(serverUrl)
  try {
    for (const statement of statements) await admin.query(statement)
  } finally {
    await admin.close()
  }
}

/**
 * Scratch databases on a database server: `CREATE DATABASE` with the identifier quoted by `quote`,
 * `drop` gives the statements removing it (e.g. terminating leftover sessions first).
 */
export function serverScratch(quote: (name: string) => string, dropStatements: (quoted: string) => string[]): ScratchDatabases {
  return {
    target: (url) => url,
    async create(serverUrl, name, open) {
      await onServer(open, serverUrl, [`CREATE DATABASE ${quote(name)}`])
      const url = new URL(serverUrl)
      url.pathname = `/${name}`
      return {url: url.toString(), target: url.toString(), drop: () => onServer(open, serverUrl, dropStatements(quote(name)))}
    },
  }
}
