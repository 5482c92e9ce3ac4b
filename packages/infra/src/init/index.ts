export type { Asker, Choice } from './asker.js';
export { readBackendFile, renderBackendFile, stateKey } from './backend-file.js';
export { findPublicKeys } from './public-keys.js';
export { type InitAnswers, type InitResult, type RunInitOptions, runInit } from './run-init.js';
