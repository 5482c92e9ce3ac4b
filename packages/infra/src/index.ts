export * from './aws/index.js';
export * from './doctor/index.js';
export * from './environment/index.js';
export { ChallengeError, InterruptedError, isChallengeError } from './errors.js';
export * from './init/index.js';
export { canPrompt, isCi, useColor } from './interactive.js';
export * from './preflight/index.js';
export * from './terraform/index.js';
export * from './tfvars/index.js';
