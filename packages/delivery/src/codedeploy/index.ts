export {
  continueBlueGreen,
  ecsAppSpec,
  findActiveDeployment,
  findWaitingForReroute,
  type RedeployRequest,
  redeployRevision,
  type StoppedDeployment,
  stopBlueGreen,
} from './control.js';
export {
  ACTIVE_STATUSES,
  type BlueGreenDeployment,
  type BlueGreenTaskSet,
  type DeploymentGroupRef,
  findNewestDeployment,
  readBlueGreenDeployment,
} from './deployment.js';
export { type BlueGreenPhase, type LifecycleEventState, PHASE_LABELS, phaseOf } from './phase.js';
export { type CodeDeployProbeTarget, codeDeployProbe, diagnoseBlueGreen } from './probe.js';
