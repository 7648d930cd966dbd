// Tests are TypeScript, compiled in-process by the package's own require hook (built by `npm run build`).
'use strict'
require('../dist/register')
