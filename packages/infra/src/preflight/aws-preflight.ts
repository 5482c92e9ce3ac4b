import { checkBucket, checkKeyPair, checkRegion, listRegions, whoAmI } from '../aws/index.js';
import type { AwsSession } from '../aws/session.js';
import type { Environment } from '../environment/resolve.js';
import { ChallengeError } from '../errors.js';
import { readBackendFile } from '../init/backend-file.js';
import { readTfvarsFile } from '../tfvars/read-tfvars-file.js';
import { type CheckResult, runCheck } from './check-result.js';

/** The AWS session an environment uses: its per-user profile and region (else the backend's region). */
export function sessionOf(env: Environment, backendRegion?: string): AwsSession {
  return {
    profile: env.settings.awsProfile,
    region: env.settings.region ?? backendRegion ?? process.env['AWS_REGION'] ?? 'us-east-1',
  };
}

function bucketCheck(session: AwsSession, what: string, name: string, strict: boolean) {
  return runCheck(`${what} bucket`, async () => {
    const status = await checkBucket(session, name);
    if (!status.exists) {
      throw new ChallengeError(`S3 ${what} bucket "${name}" does not exist.`, {
        hint: 'Run `challenge init` to create it, or fix the bucket name.',
      });
    }
    if (strict && !status.versioned) {
      throw new ChallengeError(
        `S3 ${what} bucket "${name}" is not versioned, so a bad apply could lose state.`,
        {
          hint: `Enable versioning: \`aws s3api put-bucket-versioning --bucket ${name} --versioning-configuration Status=Enabled\`.`,
        },
      );
    }
    if (strict && !status.encryption) {
      throw new ChallengeError(`S3 ${what} bucket "${name}" has no default encryption.`, {
        hint: `Enable it: \`aws s3api put-bucket-encryption --bucket ${name} --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'\`.`,
      });
    }
    return strict ? `${name} (versioned, ${status.encryption})` : `${name} reachable`;
  });
}

/**
 * The AWS checks an environment needs before Terraform runs, all at once: credentials, region, the key pair named
 * in its tfvars, its state bucket (exists, versioned, encrypted) and artifact bucket. Returns no checks when
 * the environment uses none of these.
 */
export async function runAwsPreflight(env: Environment): Promise<CheckResult[]> {
  const tfvars = await readTfvarsFile(env.tfvarsPath).catch(() => ({}) as Record<string, unknown>);
  const backend = env.backendConfigPath ? await readBackendFile(env.backendConfigPath) : {};
  const session = sessionOf(env, backend['region']);
  const checks: Promise<CheckResult>[] = [];
  const keyPair = tfvars['ec2_key_pair_name'];
  const artifacts = tfvars['artifact_store'];
  if (typeof keyPair === 'string' && keyPair !== '') {
    checks.push(
      runCheck('key pair', async () => `${(await checkKeyPair(session, keyPair)).name} in ${session.region}`),
    );
  }
  if (backend['bucket']) checks.push(bucketCheck(session, 'state', backend['bucket'], true));
  if (typeof artifacts === 'string' && artifacts !== '')
    checks.push(bucketCheck(session, 'artifact', artifacts, false));
  if (checks.length === 0) return [];
  checks.unshift(
    runCheck('region', async () => {
      checkRegion(session.region, await listRegions(session));
      return session.region;
    }),
  );
  checks.unshift(
    runCheck('credentials', async () => {
      const identity = await whoAmI(session);
      return `account ${identity.account} (${identity.arn})`;
    }),
  );
  return Promise.all(checks);
}

/** Fails with every failed check listed (the first one's fix as the hint). */
export function assertPreflight(results: CheckResult[]): void {
  const failed = results.filter((result) => !result.ok);
  if (failed.length === 0) return;
  throw new ChallengeError(
    `AWS preflight failed: ${failed.map((result) => `${result.name}: ${result.detail}`).join(' ')}`,
    {
      hint: `${failed[0]?.hint ?? 'Run `challenge doctor` for details.'} (or pass --skip-preflight)`,
      code: 'PREFLIGHT_FAILED',
    },
  );
}
