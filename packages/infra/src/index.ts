export { ChallengeError, InterruptedError, isChallengeError } from './errors.js';
export { canPrompt, isCi, useColor } from './interactive.js';
