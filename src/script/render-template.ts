/**
 * Renders a template of `templates/` (ejs). ejs loads on the first render: env files import this
 * package's index, which reaches the modules that write files, and most runs never write one.
 */
import type {Data, Options} from 'ejs'

/** Renders `template` (ejs source) with `data`. */
export function renderTemplate(template: string, data: Data, options?: Options): string {
  return (require('ejs') as typeof import('ejs')).render(template, data, {...options, async: false})
}
