#!/usr/bin/env node
'use strict'

// Reuse V8's compiled code of sequelize, oclif and the user's env between runs (see src/code-cache.ts).
require('../dist/code-cache').installCodeCache(require('../dist/config/compile').compileCacheDir())

require('@oclif/core').execute({dir: __dirname})
