export { type ActionRun, listActionRuns } from './action-runs.js';
export {
  answerApproval,
  findPendingApproval,
  type PendingApproval,
  type WaitOptions,
  waitForPendingApproval,
} from './approval.js';
export {
  type ActionDefinition,
  deployStageOf,
  type PipelineDefinition,
  readPipelineDefinition,
  type StageDefinition,
} from './definition.js';
export {
  findExecutionByRevision,
  type PollOptions,
  type WatchOutcome,
  type WatchResult,
  watchExecution,
} from './execution.js';
export {
  type ExecutionSummary,
  isShippedExecution,
  lastDeployedExecution,
  latestShippedExecution,
  listExecutions,
} from './executions.js';
export { type FollowOptions, type FollowResult, followStage, nextStageName } from './follow.js';
export { type ExecutionTimings, executionTimings, type StageTiming } from './timings.js';
