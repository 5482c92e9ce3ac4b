import { ChallengeError } from '../errors.js';
import { checkBucketName } from './bucket-name.js';
import type { BucketProtection } from './bucket-protections.js';
import { toChallengeError } from './errors.js';
import { accountOf } from './identity.js';
import { type AwsSession, clientConfig } from './session.js';

export interface BucketStatus {
  name: string;
  exists: boolean;
  versioned: boolean;
  encryption: string | undefined;
  /** All four S3 Block Public Access settings are on for the bucket. */
  publicAccessBlocked: boolean;
}

interface SdkError {
  name?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

function sdkError(error: unknown): SdkError {
  return typeof error === 'object' && error !== null ? (error as SdkError) : {};
}

/** The region S3 names in a 301 (or 403) answer: x-amz-bucket-region, sent whatever the permissions. */
function bucketRegionOf(error: unknown): string | undefined {
  return sdkError(error).$response?.headers?.['x-amz-bucket-region'];
}

/** A 301 PermanentRedirect: the bucket exists, in another region than the request's. */
export function isOtherRegion(error: unknown): boolean {
  const { name, $metadata } = sdkError(error);
  return name === 'PermanentRedirect' || $metadata?.httpStatusCode === 301;
}

export function otherRegionError(name: string, region: string, error: unknown): ChallengeError {
  const actual = bucketRegionOf(error);
  return new ChallengeError(
    `S3 bucket "${name}" is in ${actual ?? 'another region'}, not in ${region}: Terraform state and pipeline artifacts must live in the env's region.`,
    {
      hint: actual
        ? `Name another bucket for ${region}, or use the bucket's region: \`challenge init --region ${actual}\`.`
        : `Name another bucket for ${region}.`,
      code: 'S3_BUCKET_OTHER_REGION',
      cause: error,
    },
  );
}

export function foreignBucketError(name: string, account: string, error?: unknown): ChallengeError {
  return new ChallengeError(
    `S3 bucket "${name}" exists but is not in your account ${account}: it belongs to another AWS account (or your credentials may not read it).`,
    {
      hint: 'Bucket names are global: pick another name (e.g. add your account id), or use a profile of the account that owns it.',
      code: 'S3_BUCKET_FOREIGN',
      cause: error,
    },
  );
}

/** What a bucket holding Terraform state lacks, in words: ["versioning", "default encryption", ...]. */
export function bucketGaps(status: BucketStatus): BucketProtection[] {
  const gaps: BucketProtection[] = [];
  if (!status.versioned) gaps.push('versioning');
  if (!status.encryption) gaps.push('default encryption');
  if (!status.publicAccessBlocked) gaps.push('public access block');
  return gaps;
}

/**
 * Whether `name` exists in the session's region and account, and how it is configured. Every call
 * carries ExpectedBucketOwner (the caller's account: from the credentials or STS when not given), so a bucket of
 * another account answers 403 and is refused, as is a bucket of another region (301). The four calls go
 * out together (one round trip).
 */
export async function checkBucket(
  session: AwsSession,
  name: string,
  account?: string,
): Promise<BucketStatus> {
  checkBucketName(name);
  const owner = account ?? session.account ?? (await accountOf(session));
  const {
    GetBucketEncryptionCommand,
    GetBucketVersioningCommand,
    GetPublicAccessBlockCommand,
    HeadBucketCommand,
    S3Client,
  } = await import('@aws-sdk/client-s3');
  const s3 = new S3Client(clientConfig(session));
  const input = { Bucket: name, ExpectedBucketOwner: owner };
  const [head, versioning, encryption, publicAccess] = await Promise.allSettled([
    s3.send(new HeadBucketCommand(input)),
    s3.send(new GetBucketVersioningCommand(input)),
    s3.send(new GetBucketEncryptionCommand(input)),
    s3.send(new GetPublicAccessBlockCommand(input)),
  ]);
  if (head.status === 'rejected') {
    const error: unknown = head.reason;
    const status = sdkError(error).$metadata?.httpStatusCode;
    if (sdkError(error).name === 'NotFound' || status === 404) {
      return { name, exists: false, versioned: false, encryption: undefined, publicAccessBlocked: false };
    }
    if (isOtherRegion(error)) throw otherRegionError(name, session.region, error);
    if (status === 403) throw foreignBucketError(name, owner, error);
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
  } else if (sdkError(encryption.reason).name !== 'ServerSideEncryptionConfigurationNotFoundError') {
    throw toChallengeError(encryption.reason, session, `reading the encryption of S3 bucket "${name}"`);
  }
  let publicAccessBlocked = false;
  if (publicAccess.status === 'fulfilled') {
    const settings = publicAccess.value.PublicAccessBlockConfiguration ?? {};
    publicAccessBlocked = Boolean(
      settings.BlockPublicAcls &&
        settings.IgnorePublicAcls &&
        settings.BlockPublicPolicy &&
        settings.RestrictPublicBuckets,
    );
  } else if (sdkError(publicAccess.reason).name !== 'NoSuchPublicAccessBlockConfiguration') {
    throw toChallengeError(
      publicAccess.reason,
      session,
      `reading the public access block of S3 bucket "${name}"`,
    );
  }
  return {
    name,
    exists: true,
    versioned: versioning.value.Status === 'Enabled',
    encryption: algorithm,
    publicAccessBlocked,
  };
}
