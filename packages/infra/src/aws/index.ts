export { checkBucketName } from './bucket-name.js';
export { type BucketStatus, type CreateBucketOptions, checkBucket, createStateBucket } from './buckets.js';
export { toChallengeError } from './errors.js';
export { type CallerIdentity, whoAmI } from './identity.js';
export { checkKeyPair, importKeyPair, type KeyPair, listKeyPairs } from './key-pairs.js';
export { type AwsProfile, listProfiles, requireProfile } from './profiles.js';
export { checkRegion, listRegions } from './regions.js';
export { type AwsClientConfig, type AwsSession, clientConfig } from './session.js';
