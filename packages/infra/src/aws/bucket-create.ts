import type { CreateBucketCommandInput } from '@aws-sdk/client-s3';
import { ChallengeError } from '../errors.js';
import { checkBucketName } from './bucket-name.js';
import { applyProtections } from './bucket-protections.js';
import { type BucketStatus, foreignBucketError, isOtherRegion, otherRegionError } from './bucket-status.js';
import { toChallengeError } from './errors.js';
import { type AwsSession, clientConfig } from './session.js';

export interface CreateBucketOptions {
  /** Default encryption: S3-managed keys (default) or the account's AWS-managed KMS key. */
  encryption?: 'AES256' | 'aws:kms';
}

function alreadyExists(name: string): ChallengeError {
  return new ChallengeError(
    `S3 bucket "${name}" already exists in your account, so init did not create it nor change its settings or policy.`,
    {
      hint: 'Run `challenge init` again and name it as an existing bucket: init checks it and offers --harden-state-bucket for what it lacks.',
      code: 'S3_BUCKET_EXISTS',
    },
  );
}

function tlsOnlyPolicy(name: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
}

/**
 * Creates a bucket fit for Terraform state: bucket-owner-enforced object ownership (no ACLs), versioned,
 * encrypted, public access blocked, TLS only. Stops without touching anything when the bucket already
 * exists: a HeadBucket first (in us-east-1 S3 answers CreateBucket on an owned bucket with 200 OK), and
 * BucketAlreadyOwnedByYou from CreateBucket for the race.
 */
export async function createStateBucket(
  session: AwsSession,
  name: string,
  account: string,
  options: CreateBucketOptions = {},
): Promise<BucketStatus> {
  checkBucketName(name);
  const { CreateBucketCommand, HeadBucketCommand, PutBucketPolicyCommand, S3Client } = await import(
    '@aws-sdk/client-s3'
  );
  const s3 = new S3Client(clientConfig(session));
  try {
    await s3.send(new HeadBucketCommand({ Bucket: name, ExpectedBucketOwner: account }));
    throw alreadyExists(name);
  } catch (error) {
    if (error instanceof ChallengeError) throw error;
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (isOtherRegion(error)) throw otherRegionError(name, session.region, error);
    if (status === 403) throw foreignBucketError(name, account, error);
    if (status !== 404) throw toChallengeError(error, session, `checking S3 bucket "${name}"`);
  }
  const input: CreateBucketCommandInput = { Bucket: name, ObjectOwnership: 'BucketOwnerEnforced' };
  if (session.region !== 'us-east-1') {
    input.CreateBucketConfiguration = {
      LocationConstraint: session.region as NonNullable<
        CreateBucketCommandInput['CreateBucketConfiguration']
      >['LocationConstraint'],
    };
  }
  try {
    await s3.send(new CreateBucketCommand(input));
  } catch (error) {
    const code = (error as { name?: string }).name;
    if (code === 'BucketAlreadyOwnedByYou') throw alreadyExists(name);
    if (code === 'BucketAlreadyExists') {
      throw new ChallengeError(`S3 bucket name "${name}" is already taken by another AWS account.`, {
        hint: 'Bucket names are global: choose another name, e.g. with your account id in it.',
        code: 'S3_BUCKET_TAKEN',
      });
    }
    throw toChallengeError(error, session, `creating S3 bucket "${name}" in ${session.region}`);
  }
  const algorithm = options.encryption ?? 'AES256';
  try {
    await applyProtections(
      s3,
      name,
      account,
      ['versioning', 'default encryption', 'public access block'],
      algorithm,
    );
    await s3.send(
      new PutBucketPolicyCommand({ Bucket: name, ExpectedBucketOwner: account, Policy: tlsOnlyPolicy(name) }),
    );
  } catch (error) {
    throw toChallengeError(error, session, `configuring new S3 bucket "${name}"`);
  }
  return { name, exists: true, versioned: true, encryption: algorithm, publicAccessBlocked: true };
}
