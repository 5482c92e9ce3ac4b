import {
  CreateBucketCommand,
  type CreateBucketCommandInput,
  GetBucketEncryptionCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ChallengeError } from '../errors.js';
import { checkBucketName } from './bucket-name.js';
import { toChallengeError } from './errors.js';
import { type AwsSession, clientConfig } from './session.js';

export interface BucketStatus {
  name: string;
  exists: boolean;
  versioned: boolean;
  encryption: string | undefined;
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string }).name;
}

function statusCode(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/**
 * Whether `name` exists and how it is configured. With `account`, every call carries ExpectedBucketOwner,
 * so a bucket of another account answers 403: that is an error, since Terraform state must live in the
 * user's own account. The three calls go out together (one round trip).
 */
export async function checkBucket(
  session: AwsSession,
  name: string,
  account?: string,
): Promise<BucketStatus> {
  checkBucketName(name);
  const s3 = new S3Client(clientConfig(session));
  const owner = account === undefined ? {} : { ExpectedBucketOwner: account };
  const [head, versioning, encryption] = await Promise.allSettled([
    s3.send(new HeadBucketCommand({ Bucket: name, ...owner })),
    s3.send(new GetBucketVersioningCommand({ Bucket: name, ...owner })),
    s3.send(new GetBucketEncryptionCommand({ Bucket: name, ...owner })),
  ]);
  if (head.status === 'rejected') {
    const error: unknown = head.reason;
    if (errorName(error) === 'NotFound' || statusCode(error) === 404) {
      return { name, exists: false, versioned: false, encryption: undefined };
    }
    if (statusCode(error) === 403) {
      throw new ChallengeError(
        account === undefined
          ? `S3 bucket "${name}" exists but your credentials may not read it (it may belong to another account).`
          : `S3 bucket "${name}" exists but is not in your account ${account} (or your profile may not read it).`,
        {
          hint: 'Bucket names are global: pick another name (e.g. add your account id), or use a profile of the account that owns it.',
          code: 'S3_BUCKET_FOREIGN',
        },
      );
    }
    throw toChallengeError(error, session, `checking S3 bucket "${name}"`);
  }
  if (versioning.status === 'rejected') {
    throw toChallengeError(versioning.reason, session, `reading the versioning of S3 bucket "${name}"`);
  }
  let algorithm: string | undefined;
  if (encryption.status === 'fulfilled') {
    algorithm =
      encryption.value.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault
        ?.SSEAlgorithm;
  } else if (errorName(encryption.reason) !== 'ServerSideEncryptionConfigurationNotFoundError') {
    throw toChallengeError(encryption.reason, session, `reading the encryption of S3 bucket "${name}"`);
  }
  return { name, exists: true, versioned: versioning.value.Status === 'Enabled', encryption: algorithm };
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

export interface CreateBucketOptions {
  /** Default encryption: S3-managed keys (default) or the account's AWS-managed KMS key. */
  encryption?: 'AES256' | 'aws:kms';
}

/** Creates a bucket fit for Terraform state: versioned, encrypted, public access blocked, TLS only. */
export async function createStateBucket(
  session: AwsSession,
  name: string,
  account: string,
  options: CreateBucketOptions = {},
): Promise<BucketStatus> {
  checkBucketName(name);
  const s3 = new S3Client(clientConfig(session));
  const input: CreateBucketCommandInput = { Bucket: name };
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
    if (errorName(error) === 'BucketAlreadyExists') {
      throw new ChallengeError(`S3 bucket name "${name}" is already taken by another AWS account.`, {
        hint: 'Bucket names are global: choose another name, e.g. with your account id in it.',
        code: 'S3_BUCKET_TAKEN',
      });
    }
    if (errorName(error) !== 'BucketAlreadyOwnedByYou') {
      throw toChallengeError(error, session, `creating S3 bucket "${name}" in ${session.region}`);
    }
  }
  const algorithm = options.encryption ?? 'AES256';
  try {
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: name,
        ExpectedBucketOwner: account,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: name,
        ExpectedBucketOwner: account,
        ServerSideEncryptionConfiguration: {
          Rules: [
            { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: algorithm }, BucketKeyEnabled: true },
          ],
        },
      }),
    );
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: name,
        ExpectedBucketOwner: account,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
    await s3.send(
      new PutBucketPolicyCommand({ Bucket: name, ExpectedBucketOwner: account, Policy: tlsOnlyPolicy(name) }),
    );
  } catch (error) {
    throw toChallengeError(error, session, `configuring new S3 bucket "${name}"`);
  }
  return { name, exists: true, versioned: true, encryption: algorithm };
}
