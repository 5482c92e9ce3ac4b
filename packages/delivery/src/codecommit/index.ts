export { resolveAwsCredentials } from './aws-credentials.js';
export { checkCloneUrl, codeCommitHosts, LOOPBACK_GIT_ENV, loopbackAllowed } from './clone-url.js';
export { type AwsCredentials, codeCommitGitCredentials, type GitCredentials } from './credentials.js';
export { type GitSession, withGitSession } from './git-session.js';
export { type Redact, secretRedactor } from './redact.js';
export {
  type CodeCommitRemote,
  codeCommitRemote,
  commitAndPush,
  fetchBranch,
  redactorFor,
  scrubbed,
} from './remote.js';
export { type ShipOptions, type ShipResult, shipAppFolder } from './ship.js';
