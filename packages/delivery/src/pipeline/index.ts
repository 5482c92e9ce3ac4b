export {
  answerApproval,
  findPendingApproval,
  type PendingApproval,
  type WaitOptions,
  waitForPendingApproval,
} from './approval.js';
export { codePipelineClient } from './client.js';
export { type FollowOptions, followStage, nextStageName } from './follow.js';
