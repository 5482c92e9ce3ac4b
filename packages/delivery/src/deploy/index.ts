export type { DeploymentProbe, DeploymentProgress } from './deployment-probe.js';
export { type EcsProbeTarget, ecsServiceProbe } from './ecs-probe.js';
export { type DeployActionTarget, deploymentProbeFor } from './probe.js';
export {
  type DeploymentOutcome,
  StallDetector,
  type WatchDeploymentOptions,
  watchDeployment,
} from './watch.js';
