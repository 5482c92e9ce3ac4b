export { validateEnvName } from './env-name.js';
export { envPaths } from './paths.js';
export { type Environment, listEnvironments, resolveEnvironment } from './resolve.js';
export { findTerraformRoot } from './root.js';
export { type LocalSettings, readLocalSettings, writeLocalSettings } from './settings.js';
