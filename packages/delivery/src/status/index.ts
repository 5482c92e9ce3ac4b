export {
  type BlueGreenStatus,
  type EnvStatus,
  type LastExecution,
  type Part,
  readEnvStatus,
  type StatusTarget,
  type TargetHealth,
} from './status.js';
