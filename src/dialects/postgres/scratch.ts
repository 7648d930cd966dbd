/** PostgreSQL scratch databases: dropped with `WITH (FORCE)`, which ends sessions left open. */
import {serverScratch} from '../scratch'

export const postgresScratch = serverScratch(
  (name) => `"${name.replace(/"/g, '""')}"`,
  (quoted) => [`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`],
)
