import type { AwsSession } from './session.js';

/**
 * The text of one S3 object, or undefined when it does not exist (other failures as ChallengeErrors).
 * Like every S3 call of the CLI it names the expected bucket owner (the caller's account), so an object
 * of a bucket that changed hands is never read.
 */
export async function readS3Object(
  session: AwsSession,
  bucket: string,
  key: string,
): Promise<string | undefined> {
  const [{ GetObjectCommand, S3Client }, { clientConfig }, { toChallengeError }, { accountOf }] =
    await Promise.all([
      import('@aws-sdk/client-s3'),
      import('./session.js'),
      import('./errors.js'),
      import('./identity.js'),
    ]);
  const owner = session.account ?? (await accountOf(session));
  try {
    const answer = await new S3Client(clientConfig(session)).send(
      new GetObjectCommand({ Bucket: bucket, Key: key, ExpectedBucketOwner: owner }),
    );
    return (await answer.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw toChallengeError(error, session, `reading s3://${bucket}/${key}`);
  }
}
