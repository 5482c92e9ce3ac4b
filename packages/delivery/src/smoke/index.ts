export { runSmokeChecks, type SmokeCheckResult, type SmokeOptions } from './checks.js';
