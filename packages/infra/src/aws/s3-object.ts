import type { AwsSession } from './session.js';

/** The text of one S3 object, or undefined when it does not exist (other failures as ChallengeErrors). */
export async function readS3Object(
  session: AwsSession,
  bucket: string,
  key: string,
): Promise<string | undefined> {
  const [{ GetObjectCommand, S3Client }, { clientConfig }, { toChallengeError }] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('./session.js'),
    import('./errors.js'),
  ]);
  try {
    const answer = await new S3Client(clientConfig(session)).send(
      new GetObjectCommand({ Bucket: bucket, Key: key }),
    );
    return (await answer.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw toChallengeError(error, session, `reading s3://${bucket}/${key}`);
  }
}
