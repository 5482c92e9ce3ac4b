import {
  type AwsSession,
  checkBucket,
  checkKeyPair,
  checkRegion,
  listProfiles,
  listRegions,
  whoAmI,
} from '../aws/index.js';
import { describeProfile } from '../environment/aws-profile.js';
import type { Environment } from '../environment/resolve.js';
import { type RegionChoice, resolveRegion } from '../environment/stack-region.js';
import { ChallengeError } from '../errors.js';
import { awsResourcesNamed } from './aws-resources-named.js';
import { type CheckResult, failedChecks, runCheck } from './check-result.js';
import { credentialsProblem } from './credentials-check.js';

/**
 * The AWS session of an env: the run's profile (--profile > saved > AWS_PROFILE > default), a region, and
 * the account init saved for the env, so bucket checks need not wait for STS to learn it.
 */
export function sessionOf(env: Environment, region: string): AwsSession {
  return { profile: env.profile.name, region, account: env.settings.awsAccountId };
}

/** Credentials of another account than the one the env was set up in (its buckets live there). */
function accountMismatch(env: Environment, actual: string): ChallengeError {
  const saved = env.settings.awsAccountId as string;
  return new ChallengeError(
    `Env ${env.name} was set up for account ${saved}; these credentials (${describeProfile(env.profile, env.name)}) are account ${actual}.`,
    {
      code: 'AWS_ACCOUNT_MISMATCH',
      hint: `Use credentials of account ${saved} (--profile <name>), or run \`challenge init --env ${env.name}\` with credentials of account ${actual} to set the env up there.`,
    },
  );
}

function bucketCheck(env: Environment, session: AwsSession, what: 'state' | 'artifact', name: string) {
  const strict = what === 'state';
  return runCheck(`${what} bucket`, async () => {
    const status = await checkBucket(session, name);
    if (!status.exists) {
      throw new ChallengeError(`S3 ${what} bucket "${name}" does not exist (${session.region}).`, {
        hint: `Create it with \`challenge init --env ${env.name} --${what}-bucket ${name} --create-${what}-bucket\`, or name an existing bucket there.`,
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

/** Other regions the user may have meant (saved settings, profile, backend), to say where a missing key pair is. */
async function keyPairElsewhere(
  env: Environment,
  name: string,
  stackRegion: string,
  backendRegion: string | undefined,
): Promise<string | undefined> {
  const profileRegion = env.profile.name
    ? (await listProfiles().catch(() => [])).find((profile) => profile.name === env.profile.name)?.region
    : undefined;
  const candidates = [
    ...new Set([env.settings.region, profileRegion, backendRegion].filter(Boolean) as string[]),
  ].filter((region) => region !== stackRegion);
  const found = await Promise.all(
    candidates.map((region) =>
      checkKeyPair(sessionOf(env, region), name).then(
        () => region,
        () => undefined,
      ),
    ),
  );
  return found.find(Boolean);
}

function keyPairCheck(
  env: Environment,
  region: RegionChoice & { region: string },
  name: string,
  backendRegion?: string,
) {
  return runCheck('key pair', async () => {
    try {
      return `${(await checkKeyPair(sessionOf(env, region.region), name)).name} in ${region.region}`;
    } catch (error) {
      if ((error as { code?: string }).code !== 'AWS_KEY_PAIR_NOT_FOUND') throw error;
      const elsewhere = await keyPairElsewhere(env, name, region.region, backendRegion);
      throw new ChallengeError(
        `EC2 key pair "${name}" does not exist in ${region.region}, the region Terraform deploys env ${env.name} to (${region.from})${elsewhere ? `; it exists in ${elsewhere}, but key pairs are per region` : ''}.`,
        {
          code: 'AWS_KEY_PAIR_NOT_FOUND',
          hint: `Import your public key there: \`challenge init --env ${env.name} --key-pair ${name} --import-public-key ~/.ssh/id_ed25519.pub\`, or name a key pair of ${region.region}: \`challenge init --env ${env.name} --key-pair <name>\`.`,
        },
      );
    }
  });
}

// AWS closed CodeCommit to new customers on 25 July 2024: only accounts (or organizations) that already had a
// repository may create one (https://aws.amazon.com/blogs/devops/how-to-migrate-your-aws-codecommit-repository-to-another-git-provider/,
// https://docs.aws.amazon.com/codecommit/latest/userguide/welcome.html). An account with no repository gets
// an empty ListRepositories, not an error, and its CreateRepository fails only at apply; so zero repositories
// is "unknown, probably closed" and plan/apply go on only with --codecommit-unverified.
function codeCommitCheck(env: Environment, session: AwsSession, unverifiedAccepted: boolean) {
  return runCheck('codecommit', async () => {
    const { countCodeCommitRepositories } = await import('../aws/codecommit.js');
    let count: number;
    try {
      count = await countCodeCommitRepositories(session);
    } catch (error) {
      if ((error as { code?: string }).code !== 'CODECOMMIT_NOT_ALLOWED') throw error;
      throw new ChallengeError((error as Error).message, {
        code: 'CODECOMMIT_NOT_ALLOWED',
        hint: `Deploy env ${env.name} into an account that already has a CodeCommit repository (--profile <name>, or \`challenge init --env ${env.name} --profile <name>\`), or ask AWS Support to enable CodeCommit for this account.`,
      });
    }
    if (count > 0)
      return `usable in ${session.region} (${count} ${count === 1 ? 'repository' : 'repositories'})`;
    if (unverifiedAccepted) {
      return `unknown in ${session.region} (no repositories; going on: --codecommit-unverified)`;
    }
    throw new ChallengeError(
      `CodeCommit is unknown, probably closed to this account: ${session.region} has no CodeCommit repository, and since July 2024 AWS lets only accounts (or organizations) that already have one create repositories. Apply would fail creating the app's repository after the network, load balancer and hosts are built.`,
      {
        code: 'CODECOMMIT_UNVERIFIED',
        hint: `Deploy env ${env.name} into an account that already has a CodeCommit repository (--profile <name>); to find out, create one there (\`aws codecommit create-repository --repository-name probe --region ${session.region}\`: a refusal means closed); if your AWS organization has repositories, pass --codecommit-unverified to plan/apply anyway.`,
      },
    );
  });
}

/**
 * A region AWS does not know, with the one fix that applies where the region came from (doctor and
 * plan have no --region flag: the tfvars or the saved settings are what to change).
 */
function unknownRegion(env: Environment, region: RegionChoice, error: ChallengeError): ChallengeError {
  const suggestion = /Did you mean ([\w-]+)\?/.exec(error.hint ?? '')?.[1];
  const value = suggestion ?? '<region>';
  const hint =
    region.variable && region.source === 'tfvars'
      ? `Set "${region.variable}" to ${value} in vars/${env.name}.tfvars.json.`
      : `Save it with \`challenge init --env ${env.name} --region ${value}\`.`;
  return new ChallengeError(error.message, {
    code: 'AWS_UNKNOWN_REGION',
    hint: suggestion ? `Did you mean ${suggestion}? ${hint}` : hint,
  });
}

/**
 * Checks made in the region (key pair, CodeCommit, the buckets in it) say nothing when there is no region
 * or AWS does not know it: they are "not checked", so the region's problem is reported once, with one fix.
 */
function regionDependents(
  results: CheckResult[],
  wanted: Awaited<ReturnType<typeof awsResourcesNamed>>,
  region: RegionChoice,
  unknownToAws: boolean,
): CheckResult[] {
  if (region.region !== undefined && !unknownToAws) return results;
  const why = `not checked: needs a${region.region === undefined ? '' : ' valid'} region (see the region check)`;
  const inRegion = ['key pair', 'codecommit', 'artifact bucket'];
  if (wanted.backend['region'] === undefined) inRegion.push('state bucket');
  const named = [...(wanted.keyPair ? ['key pair'] : []), ...(wanted.codeCommit ? ['codecommit'] : [])];
  const out = results.map((result) =>
    inRegion.includes(result.name) && !result.skipped
      ? { name: result.name, ok: false, skipped: true, detail: why }
      : result,
  );
  for (const name of named) {
    if (!out.some((result) => result.name === name))
      out.push({ name, ok: false, skipped: true, detail: why });
  }
  return out;
}

/** The region check: one region for every AWS check, the one Terraform uses; settings that disagree fail. */
function regionProblem(env: Environment, region: RegionChoice): ChallengeError | undefined {
  if (region.region === undefined) {
    return new ChallengeError(`No AWS region for env ${env.name}: ${region.from}.`, {
      code: 'AWS_NO_REGION',
      hint: region.variable
        ? `Set "${region.variable}" in vars/${env.name}.tfvars.json (or run \`challenge init --env ${env.name} --region <region>\`).`
        : `Save one with \`challenge init --env ${env.name} --region <region>\`, or export AWS_REGION.`,
    });
  }
  if (region.settingsConflict !== undefined) {
    return new ChallengeError(
      `Terraform deploys env ${env.name} to ${region.region} (${region.from}), but your settings for it say ${region.settingsConflict} (.challenge/${env.name}.json).`,
      {
        code: 'AWS_REGION_MISMATCH',
        hint: `Keep one region: \`challenge init --env ${env.name} --region ${region.region}\` updates your settings, or set "${region.variable}" to ${region.settingsConflict} in vars/${env.name}.tfvars.json to deploy there.`,
      },
    );
  }
  return undefined;
}

export interface AwsChecksOptions {
  /** Check credentials and region even when the env names no AWS resource, if the root uses AWS (doctor). */
  always?: boolean;
  /** Pass the CodeCommit check when the region has no repository (--codecommit-unverified). */
  codeCommitUnverified?: boolean;
}

/**
 * The AWS checks an environment needs before Terraform runs, all at once, in the region Terraform uses:
 * credentials, region, the key pair named in its tfvars, its state bucket (exists, versioned, encrypted;
 * in the backend's region) and artifact bucket, and CodeCommit when the stack declares a repository.
 * Every check depends on the credentials: when they fail, that is reported once and the others are
 * marked skipped. Returns no checks when the environment uses none of these (unless `always`).
 */
export async function runAwsPreflight(
  env: Environment,
  options: AwsChecksOptions = {},
): Promise<CheckResult[]> {
  const wanted = await awsResourcesNamed(env);
  const { backend, rootConfig } = wanted;
  if (!wanted.any && !(options.always && rootConfig.usesAws)) return [];
  const region = await resolveRegion(env);
  const problem = regionProblem(env, region);
  const checkRegionName = region.region ?? 'us-east-1';
  const session = sessionOf(env, checkRegionName);
  let otherAccount = false;
  const credentials = runCheck('credentials', async () => {
    try {
      const identity = await whoAmI(session);
      if (session.account !== undefined && identity.account !== session.account) {
        otherAccount = true;
        throw accountMismatch(env, identity.account);
      }
      return `account ${identity.account} (${identity.arn}) via ${describeProfile(env.profile, env.name)}`;
    } catch (error) {
      if (otherAccount) throw error;
      throw await credentialsProblem(env, error);
    }
  });
  let regionUnknownToAws = false;
  const regionCheck = runCheck('region', async () => {
    if (problem) throw problem;
    try {
      checkRegion(checkRegionName, await listRegions(session));
    } catch (error) {
      if ((error as { code?: string }).code !== 'AWS_UNKNOWN_REGION') throw error;
      regionUnknownToAws = true;
      throw unknownRegion(env, region, error as ChallengeError);
    }
    return `${checkRegionName} (${region.from})`;
  });
  const dependent: Promise<CheckResult>[] = [];
  if (wanted.keyPair && region.region)
    dependent.push(
      keyPairCheck(env, { ...region, region: region.region }, wanted.keyPair, backend['region']),
    );
  if (wanted.stateBucket)
    dependent.push(
      bucketCheck(env, sessionOf(env, backend['region'] ?? checkRegionName), 'state', wanted.stateBucket),
    );
  if (wanted.artifactBucket) dependent.push(bucketCheck(env, session, 'artifact', wanted.artifactBucket));
  if (wanted.codeCommit && region.region)
    dependent.push(codeCommitCheck(env, session, options.codeCommitUnverified ?? false));
  const [credentialsResult, regionResult, ...rest] = await Promise.all([
    credentials,
    regionCheck,
    ...dependent,
  ]);
  const results = [credentialsResult, regionResult, ...rest] as CheckResult[];
  if (wanted.tfvarsUnreadable) {
    // The tfvars check names the problem; what the file would name is unknown, not a default or absent.
    const why = `not checked: vars/${env.name}.tfvars.json cannot be read (see the tfvars check)`;
    const unknown = (name: string): CheckResult => ({ name, ok: false, skipped: true, detail: why });
    if (region.variable) results[1] = unknown('region');
    for (const name of ['key pair', 'artifact bucket'])
      if (!results.some((result) => result.name === name)) results.push(unknown(name));
  }
  const checked = regionDependents(results, wanted, region, regionUnknownToAws);
  if (credentialsResult?.ok) return checked;
  // One root cause, one message: every other AWS call failed (or would have) for the same reason.
  return checked.map((result, index) => {
    if (index === 0 || result.skipped || (result.name === 'region' && problem)) return result;
    const why = otherAccount
      ? `not checked: needs credentials of account ${session.account}`
      : 'not checked: needs working AWS credentials';
    return {
      name: result.name,
      ok: false,
      skipped: true,
      // Where the region comes from is known without AWS, and is often the cause of the failure above.
      detail: result.name === 'region' ? `${checkRegionName} (${region.from}); ${why}` : why,
    };
  });
}

/**
 * Fails with a short summary when a check failed. `detailsShown`: the ✗ lines were printed above, so the
 * message names the failed checks only; otherwise (--json) it carries their details.
 */
export function assertPreflight(results: CheckResult[], options: { detailsShown?: boolean } = {}): void {
  const failed = failedChecks(results);
  if (failed.length === 0) return;
  const names = failed.map((result) => result.name).join(', ');
  const skip = 'or pass --skip-preflight to run without these checks';
  const hints = [...new Set(failed.map((result) => result.hint).filter(Boolean))] as string[];
  const hint =
    hints.length <= 1
      ? `${hints[0] ?? 'Run `challenge doctor` for details.'} (${skip})`
      : `${failed
          .filter((result) => result.hint)
          .map((result) => `${result.name}: ${result.hint}`)
          .join('\n     ')}\n     (${skip})`;
  throw new ChallengeError(
    options.detailsShown
      ? `AWS preflight failed: ${names} (see above).`
      : `AWS preflight failed: ${failed.map((result) => `${result.name}: ${result.detail}`).join(' ')}`,
    { hint, code: 'PREFLIGHT_FAILED' },
  );
}
