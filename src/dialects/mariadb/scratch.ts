/** MariaDB and MySQL scratch databases. */
import {serverScratch} from '../scratch'

export const mariadbScratch = serverScratch(
  (name) => `\`${name.replace(/`/g, '``')}\``,
  (quoted) => [`DROP DATABASE IF EXISTS ${quoted}`],
)
