import type { S3Client } from '@aws-sdk/client-s3';

export type BucketProtection = 'versioning' | 'default encryption' | 'public access block';

/**
 * Turns on the protections a state bucket needs (each call with ExpectedBucketOwner): versioning, default
 * encryption (S3-managed keys unless KMS is asked for), and all four Block Public Access settings.
 */
export async function applyProtections(
  s3: S3Client,
  name: string,
  account: string,
  protections: readonly BucketProtection[],
  algorithm: 'AES256' | 'aws:kms' = 'AES256',
): Promise<void> {
  const { PutBucketEncryptionCommand, PutBucketVersioningCommand, PutPublicAccessBlockCommand } =
    await import('@aws-sdk/client-s3');
  const owner = { Bucket: name, ExpectedBucketOwner: account };
  if (protections.includes('versioning')) {
    await s3.send(
      new PutBucketVersioningCommand({ ...owner, VersioningConfiguration: { Status: 'Enabled' } }),
    );
  }
  if (protections.includes('default encryption')) {
    await s3.send(
      new PutBucketEncryptionCommand({
        ...owner,
        ServerSideEncryptionConfiguration: {
          Rules: [
            { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: algorithm }, BucketKeyEnabled: true },
          ],
        },
      }),
    );
  }
  if (protections.includes('public access block')) {
    await s3.send(
      new PutPublicAccessBlockCommand({
        ...owner,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
  }
}
