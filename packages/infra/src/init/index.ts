export { displayPath } from '../tfvars/display-path.js';
export type { DecisionFlag, InitAnswers, PendingAnswers } from './answers.js';
export type { Asker, Choice } from './asker.js';
export { readBackendFile, renderBackendFile, stateKey } from './backend-file.js';
export { readPendingAnswers } from './pending-answers.js';
export { findPublicKeys } from './public-keys.js';
export { type InitResult, type RunInitOptions, runInit, type StateOutcome } from './run-init.js';
export type { WrittenFile } from './write-env-files.js';
