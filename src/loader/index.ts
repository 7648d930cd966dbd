/**
 * Loading the user's files (env, models, revisions) in any module format, TypeScript compiled
 * in-process. Used by `src/config/` and `src/script/`; imports nothing above `src/errors` and `src/peers`.
 */
export {compileCacheDir, compileFile, registerTypeScript, TYPESCRIPT_EXTENSIONS} from './compile'
export {explainMissingMetadata} from './decorator-metadata'
export {defaultExport, loadModule, loadModuleSync, MODULE_EXTENSIONS, throwingFile} from './load-module'
