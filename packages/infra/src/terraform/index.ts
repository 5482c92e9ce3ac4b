export { type ApplyOptions, applyPlan } from './apply.js';
export { type ApplyEvent, parseApplyLine } from './apply-events.js';
export { ApplyProgress, condense, type InFlight, type ResourceRun } from './apply-progress.js';
export { type AttachedRun, type AttachOptions, attachRun } from './attach.js';
export { findTerraform, MIN_TERRAFORM_VERSION, type TerraformBinary } from './binary.js';
export {
  attributePath,
  type ConsequenceKind,
  classifyPlan,
  destroysData,
  type PlanConsequence,
} from './consequences.js';
export { checkDrift, type DriftOptions, type DriftReport } from './drift.js';
export { type DriftedAttribute, type DriftedResource, driftedResources } from './drift-diff.js';
export { type LastDriftCheck, readLastDriftCheck } from './drift-record.js';
export { validateLockTimeout } from './duration.js';
export { classifyTerraformFailure, type FailureContext, type KnownFailure } from './failures.js';
export { ensureInitialized, type InitOptions, migrateBackend, pullState, selectWorkspace } from './init.js';
export { describeLock, type LockInfo, lockInfoFromJson, parseLockInfo } from './lock-info.js';
export { displayOutputs, readOutputs, type TerraformOutput, type TerraformOutputs } from './outputs.js';
export { createPlan, discardPlan, type PlanOptions, type PlanResult } from './plan.js';
export { STALE_PLAN_MS, sweepStalePlans } from './plan-files.js';
export { terraformProcessEnv } from './process-env.js';
export { type OutputListener, type RunResult, runTerraform } from './run.js';
export { listRuns, liveRun, type RunRecord, type RunState, runState } from './run-record.js';
export {
  hasResourceChanges,
  type PlanAction,
  type PlanSummary,
  planAction,
  planJsonSummary,
  type ResourceChange,
  resourceType,
  summarizePlan,
} from './summary.js';
export { forceUnlock, planUnlock, readStateLock, type StateLock, type UnlockPlan } from './unlock.js';
