export { type EnvStatus, type Part, readEnvStatus, type StatusTarget } from './status.js';
