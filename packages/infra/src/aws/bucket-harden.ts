import { applyProtections } from './bucket-protections.js';
import { type BucketStatus, bucketGaps, checkBucket } from './bucket-status.js';
import { toChallengeError } from './errors.js';
import { type AwsSession, clientConfig } from './session.js';

/**
 * Turns on what an existing bucket of the caller's account lacks (versioning, default encryption,
 * public access block) and nothing else: its policy, lifecycle and contents are left as they are.
 */
export async function hardenBucket(
  session: AwsSession,
  name: string,
  account: string,
): Promise<BucketStatus> {
  const before = await checkBucket(session, name, account);
  const gaps = bucketGaps(before);
  if (gaps.length === 0) return before;
  const { S3Client } = await import('@aws-sdk/client-s3');
  try {
    await applyProtections(new S3Client(clientConfig(session)), name, account, gaps);
  } catch (error) {
    throw toChallengeError(error, session, `turning on ${gaps.join(', ')} for S3 bucket "${name}"`);
  }
  return checkBucket(session, name, account);
}
