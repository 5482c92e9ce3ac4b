export { type EcsProbeTarget, ecsServiceProbe } from './ecs-probe.js';
export {
  type DeployActionTarget,
  type DeploymentProbe,
  type DeploymentProgress,
  deploymentProbeFor,
} from './probe.js';
export {
  type DeploymentOutcome,
  StallDetector,
  type WatchDeploymentOptions,
  watchDeployment,
} from './watch.js';
