export { resolveAwsCredentials } from './aws-credentials.js';
export { type AwsCredentials, codeCommitGitCredentials, type GitCredentials } from './credentials.js';
export { checkCloneUrl, type ShipOptions, type ShipResult, shipAppFolder } from './ship.js';
