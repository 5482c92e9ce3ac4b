export {
  answerApproval,
  findPendingApproval,
  type PendingApproval,
  type WaitOptions,
  waitForPendingApproval,
} from './approval.js';
export { codePipelineClient } from './client.js';
export { findExecutionByRevision, type PollOptions, type WatchOutcome, watchExecution } from './execution.js';
export { type FollowOptions, followStage, nextStageName } from './follow.js';
