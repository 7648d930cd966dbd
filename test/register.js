// Tests are TypeScript, compiled in-process by the package's own loader (built by `npm run build`).
'use strict'
require('../dist/loader/compile').registerTypeScript()
