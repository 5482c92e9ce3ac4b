export { type AwsChecksOptions, assertPreflight, runAwsPreflight, sessionOf } from './aws-preflight.js';
export { type CheckResult, failedChecks, runCheck } from './check-result.js';
