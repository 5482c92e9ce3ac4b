export { type EnvStatus, type LastExecution, type Part, readEnvStatus, type StatusTarget } from './status.js';
