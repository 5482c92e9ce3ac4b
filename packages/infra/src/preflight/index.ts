export { assertPreflight, runAwsPreflight, sessionOf } from './aws-preflight.js';
export { type CheckResult, runCheck } from './check-result.js';
