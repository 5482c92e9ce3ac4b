import {
  ec2KeyPairs,
  type FakeAws,
  type FakeS3,
  imdsHandler,
  s3Buckets,
  startFakeAws,
  stsHandler,
} from '@challenge/testkit';
import { fakeAwsEnv } from './cli.js';

export interface S3BackendWorld {
  fake: FakeAws;
  s3: FakeS3;
  /** What a CLI run needs to reach the fake: S3, STS and IMDS all answered on loopback. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/**
 * A loopback S3 (versioned, encrypted buckets) + STS + IMDS for Terraform's S3 backend (and EC2
 * DescribeRegions for the preflight). Nothing in the
 * backend file points at it: AWS_ENDPOINT_URL sends the backend's S3 and STS calls here (with a
 * loopback IP the SDK addresses buckets path-style), AWS_EC2_METADATA_SERVICE_ENDPOINT its IMDS calls.
 */
export async function startS3Backend(
  buckets: string[],
  extra: { expiredAccessKeyIds?: string[]; deniedAccessKeyIds?: string[] } = {},
): Promise<S3BackendWorld> {
  const s3 = s3Buckets({
    buckets: buckets.map((name) => ({
      name,
      region: 'us-east-1',
      versioning: 'Enabled',
      encryption: 'AES256',
    })),
    deniedAccessKeyIds: extra.deniedAccessKeyIds ?? [],
  });
  const fake = await startFakeAws({
    handlers: {
      s3: s3.handler,
      sts: stsHandler({ expiredAccessKeyIds: extra.expiredAccessKeyIds ?? [] }),
      // DescribeRegions, for the preflight's region check.
      ec2: ec2KeyPairs().handler,
    },
    instanceMetadata: imdsHandler(),
  });
  return {
    fake,
    s3,
    env: {
      ...fakeAwsEnv(fake.url),
      AWS_EC2_METADATA_SERVICE_ENDPOINT: fake.url,
      AWS_REGION: 'us-east-1',
      AWS_PROFILE: '',
    },
    close: () => fake.close(),
  };
}

/** `backends/<env>.s3.tfbackend` as `challenge init` writes it: nothing test-specific in it. */
export function backendFile(bucket: string, env: string): string {
  return `bucket       = "${bucket}"\nkey          = "challenge/${env}/terraform.tfstate"\nregion       = "us-east-1"\nuse_lockfile = true\nencrypt      = true\n`;
}
