export { chooseProfile, describeProfile, type ProfileChoice, type ProfileSource } from './aws-profile.js';
export { type EnvNameSource, validateEnvName } from './env-name.js';
export { envPaths } from './paths.js';
export { assertEnvReady, findEnvProblems, openEnvironment } from './ready.js';
export { type Environment, listEnvironments, type ResolveOptions, resolveEnvironment } from './resolve.js';
export { findTerraformRoot } from './root.js';
export { type RootConfig, readRootConfig, rootConfigOf } from './root-config.js';
export { type LocalSettings, readLocalSettings, writeLocalSettings } from './settings.js';
export { REGION_VARIABLES, type RegionChoice, type RegionSource, resolveRegion } from './stack-region.js';
