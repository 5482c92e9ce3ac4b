export { type FollowPushOptions, followPushedCommit, type PushedExecution } from './pushed-commit.js';
