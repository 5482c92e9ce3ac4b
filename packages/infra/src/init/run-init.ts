import { access, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import {
  type AwsSession,
  checkBucket,
  checkBucketName,
  checkRegion,
  createStateBucket,
  importKeyPair,
  listKeyPairs,
  listProfiles,
  listRegions,
  requireProfile,
  whoAmI,
} from '../aws/index.js';
import { validateEnvName } from '../environment/env-name.js';
import { envPaths } from '../environment/paths.js';
import { resolveEnvironment } from '../environment/resolve.js';
import { findTerraformRoot } from '../environment/root.js';
import { readLocalSettings, writeLocalSettings } from '../environment/settings.js';
import { ChallengeError } from '../errors.js';
import { ensureInitialized, selectWorkspace } from '../terraform/init.js';
import { convertForVariable, describeExpectation } from '../tfvars/for-prompts.js';
import { readTfvarsFile } from '../tfvars/read-tfvars-file.js';
import { readVariables } from '../tfvars/read-variables.js';
import type { VariableSpec } from '../tfvars/types.js';
import type { Asker } from './asker.js';
import { readBackendFile, renderBackendFile, stateKey } from './backend-file.js';
import { findPublicKeys } from './public-keys.js';

/** Answers given as flags; anything missing is asked (interactive) or reported (non-interactive). */
export interface InitAnswers {
  env?: string | undefined;
  /** An AWS profile name; `null` = the environment's credentials. */
  profile?: string | null | undefined;
  region?: string | undefined;
  keyPair?: string | undefined;
  importPublicKey?: string | undefined;
  stateBucket?: string | undefined;
  createStateBucket?: boolean | undefined;
  artifactBucket?: string | undefined;
  createArtifactBucket?: boolean | undefined;
  /** `--var name=value` pairs. */
  vars?: Record<string, string> | undefined;
}

export interface RunInitOptions {
  answers: InitAnswers;
  /** Undefined when prompting is not possible: nothing is asked. */
  asker?: Asker | undefined;
  advanced?: boolean | undefined;
  terraformInit?: boolean | undefined;
  dir?: string | undefined;
  cwd?: string | undefined;
  /** Home folder searched for ~/.ssh/*.pub. */
  home?: string | undefined;
  log?: ((line: string) => void) | undefined;
}

export interface InitResult {
  env: string;
  rootDir: string;
  profile: string | null;
  region: string;
  account: string;
  arn: string;
  keyPair: string | undefined;
  stateBucket: string;
  artifactBucket: string | undefined;
  files: string[];
  terraformInitialized: boolean;
  nextCommand: string;
}

const KEY_PAIR_VARIABLE = 'ec2_key_pair_name';
const ARTIFACT_VARIABLE = 'artifact_store';
const REGION_VARIABLES = ['region', 'aws_region'];
const ENV_CREDENTIALS = '@environment';
const IMPORT = '@import';

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function parseVarText(spec: VariableSpec, text: string): unknown {
  if (spec.type === 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function checkVar(
  spec: VariableSpec,
  text: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const result = convertForVariable(spec, parseVarText(spec, text));
  return result.ok ? result : { ok: false, message: result.problems.join(' ') };
}

/**
 * `challenge init` as a library: gathers every answer first (flags, existing files, prompts), then
 * acts on AWS (import key, create buckets), and only then writes the env files, each atomically.
 */
export async function runInit(options: RunInitOptions): Promise<InitResult> {
  const { answers, asker } = options;
  const log = options.log ?? (() => {});
  const rootDir = await findTerraformRoot({ dir: options.dir, cwd: options.cwd });

  const envName =
    answers.env ??
    (asker
      ? await asker.input({ message: 'Environment name', default: 'mock', validate: validEnv })
      : 'mock');
  validateEnvName(envName);
  const tfvarsPath = envPaths.tfvars(rootDir, envName);
  const backendPath = envPaths.backendConfig(rootDir, envName);
  const existing = (await exists(tfvarsPath)) ? await readTfvarsFile(tfvarsPath) : {};
  const settings = await readLocalSettings(rootDir, envName);
  const backend = await readBackendFile(backendPath);
  const variables = await readVariables(rootDir);
  const declared = (name: string) => variables.find((v) => v.name === name);
  const keyPairSpec = declared(KEY_PAIR_VARIABLE);
  const artifactSpec = declared(ARTIFACT_VARIABLE);
  const regionSpec = variables.find((v) => REGION_VARIABLES.includes(v.name));
  const handled = new Set([KEY_PAIR_VARIABLE, ARTIFACT_VARIABLE, ...(regionSpec ? [regionSpec.name] : [])]);
  const flagVars = answers.vars ?? {};
  for (const name of Object.keys(flagVars)) {
    if (!declared(name)) {
      throw new ChallengeError(`--var ${name}: ${rootDir} declares no variable "${name}".`, {
        hint: `Use one of: ${variables.map((v) => v.name).join(', ')}.`,
        code: 'INIT_UNKNOWN_VAR',
      });
    }
  }
  const stringOf = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

  // Profile: flag, saved per-user setting, environment credentials, or a question.
  let profile: string | null | undefined = answers.profile;
  if (profile === undefined && !asker) {
    profile = settings.awsProfile ?? (process.env['AWS_ACCESS_KEY_ID'] ? null : undefined);
  }
  const missing: string[] = [];
  if (!asker) {
    if (profile === undefined) missing.push('--profile <aws profile>');
    if (keyPairSpec && !answers.keyPair && !stringOf(existing[KEY_PAIR_VARIABLE]))
      missing.push('--key-pair <name>');
    if (!answers.stateBucket && !backend['bucket'])
      missing.push('--state-bucket <name> (with --create-state-bucket to create it)');
    if (artifactSpec && !answers.artifactBucket && !stringOf(existing[ARTIFACT_VARIABLE]))
      missing.push('--artifact-bucket <name> (with --create-artifact-bucket to create it)');
    for (const spec of variables) {
      if (!spec.required || handled.has(spec.name)) continue;
      if (flagVars[spec.name] === undefined && existing[spec.name] === undefined)
        missing.push(`--var ${spec.name}=<value>`);
    }
    if (missing.length > 0) {
      throw new ChallengeError(
        `Cannot prompt here (no terminal, or CI), and these answers are missing: ${missing.join(', ')}.`,
        {
          hint: `Pass them as flags, e.g. \`challenge init --env ${envName} ${missing.map((m) => m.split(' (')[0]).join(' ')}\`, or run init in a terminal.`,
          code: 'INIT_MISSING_FLAGS',
        },
      );
    }
  }
  if (profile === undefined && asker) {
    const profiles = await listProfiles();
    const choice = await asker.select({
      message: 'AWS credentials',
      choices: [
        ...profiles.map((p) => ({
          name: `${p.name}${p.sso ? ' (SSO)' : ''}${p.region ? ` — ${p.region}` : ''}`,
          value: p.name,
        })),
        { name: 'environment credentials (AWS_ACCESS_KEY_ID…)', value: ENV_CREDENTIALS },
      ],
      ...(settings.awsProfile ? { default: settings.awsProfile } : {}),
    });
    profile = choice === ENV_CREDENTIALS ? null : choice;
  }
  const profileInfo = profile ? await requireProfile(profile) : undefined;

  // Region: flag, per-user setting, profile's region, variable default.
  const regionDefault =
    settings.region ??
    profileInfo?.region ??
    stringOf(existing[regionSpec?.name ?? '']) ??
    stringOf(regionSpec?.default) ??
    'us-east-1';
  let region =
    answers.region ??
    (asker ? await asker.input({ message: 'AWS region', default: regionDefault }) : regionDefault);
  region = region.trim();
  const session: AwsSession = { profile: profile ?? undefined, region };

  const identity = await whoAmI(session);
  log(`AWS account ${identity.account} (${identity.arn})`);
  checkRegion(region, await listRegions(session));

  // Key pair: pick, or import a local public key. Never create a private key.
  let keyPair: string | undefined;
  let importPath: string | undefined = answers.importPublicKey;
  if (keyPairSpec) {
    const pairs = (await listKeyPairs(session)).map((pair) => pair.name);
    const wanted = answers.keyPair ?? stringOf(existing[KEY_PAIR_VARIABLE]);
    if (wanted && pairs.includes(wanted)) keyPair = wanted;
    else if (asker && !importPath) {
      if (wanted) log(`EC2 key pair "${wanted}" does not exist in ${region}.`);
      const keys = await findPublicKeys(options.home);
      if (pairs.length === 0 && keys.length === 0) {
        throw new ChallengeError(`No EC2 key pair in ${region} and no ~/.ssh/*.pub to import.`, {
          hint: 'Create a key with `ssh-keygen -t ed25519`, then run init again.',
          code: 'AWS_KEY_PAIR_NOT_FOUND',
        });
      }
      const choice = await asker.select({
        message: `EC2 key pair (${region})`,
        choices: [
          ...pairs.map((name) => ({ name, value: name })),
          ...keys.map((path) => ({ name: `import ${path}`, value: `${IMPORT}${path}` })),
        ],
      });
      if (choice.startsWith(IMPORT)) {
        importPath = choice.slice(IMPORT.length);
        keyPair = await asker.input({
          message: 'Name of the imported key pair',
          default: wanted ?? `challenge-${envName}`,
        });
      } else keyPair = choice;
    } else if (wanted && importPath) keyPair = wanted;
    else if (wanted) {
      const keys = await findPublicKeys(options.home);
      throw new ChallengeError(`EC2 key pair "${wanted}" does not exist in ${region}.`, {
        hint:
          keys.length > 0
            ? `Import your public key: --import-public-key ${keys[0]} (or pick one of: ${pairs.join(', ') || 'none exist'}).`
            : `No ~/.ssh/*.pub found: create one with \`ssh-keygen -t ed25519\`, then pass --import-public-key ~/.ssh/id_ed25519.pub.`,
        code: 'AWS_KEY_PAIR_NOT_FOUND',
      });
    }
    if (pairs.length === 0 && !importPath && !keyPair) {
      throw new ChallengeError(`No EC2 key pair in ${region} and no ~/.ssh/*.pub to import.`, {
        hint: 'Create a key with `ssh-keygen -t ed25519`, then run init again.',
        code: 'AWS_KEY_PAIR_NOT_FOUND',
      });
    }
  }

  const bucketQuestion = async (
    what: string,
    flag: string | undefined,
    current: string | undefined,
    fallback: string,
  ) => {
    if (flag) return flag;
    if (!asker) return current as string;
    return asker.input({
      message: what,
      default: current ?? fallback,
      validate: (value) => {
        try {
          checkBucketName(value);
          return true;
        } catch (error) {
          return (error as Error).message;
        }
      },
    });
  };
  const planBucket = async (name: string, create: boolean | undefined, flag: string, what: string) => {
    const status = await checkBucket(session, name, identity.account);
    if (status.exists) return { name, create: false };
    if (
      create ||
      (asker &&
        (await asker.confirm({
          message: `S3 bucket "${name}" does not exist. Create it (versioned, encrypted, private, TLS only)?`,
          default: true,
        })))
    ) {
      return { name, create: true };
    }
    throw new ChallengeError(`S3 ${what} bucket "${name}" does not exist in account ${identity.account}.`, {
      hint: `Pass ${flag} to create it, or name an existing bucket.`,
      code: 'S3_BUCKET_MISSING',
    });
  };
  const stateName = await bucketQuestion(
    'S3 bucket for Terraform state',
    answers.stateBucket,
    backend['bucket'],
    `challenge-state-${identity.account}-${region}`,
  );
  const statePlan = await planBucket(stateName, answers.createStateBucket, '--create-state-bucket', 'state');
  let artifactPlan: { name: string; create: boolean } | undefined;
  if (artifactSpec) {
    const artifactName = await bucketQuestion(
      'S3 bucket for pipeline artifacts',
      answers.artifactBucket,
      stringOf(existing[ARTIFACT_VARIABLE]),
      `challenge-artifacts-${identity.account}-${region}`,
    );
    artifactPlan = await planBucket(
      artifactName,
      answers.createArtifactBucket,
      '--create-artifact-bucket',
      'artifact',
    );
  }

  // Variables of variables.tf: required ones always, optional ones with --advanced.
  const values: Record<string, unknown> = { ...existing };
  if (keyPairSpec && keyPair) values[KEY_PAIR_VARIABLE] = keyPair;
  if (artifactPlan) values[ARTIFACT_VARIABLE] = artifactPlan.name;
  if (
    regionSpec &&
    (regionSpec.required || existing[regionSpec.name] !== undefined || region !== regionSpec.default)
  )
    values[regionSpec.name] = region;
  for (const spec of variables) {
    if (handled.has(spec.name)) continue;
    const flagText = flagVars[spec.name];
    if (flagText !== undefined) {
      const checked = checkVar(spec, flagText);
      if (!checked.ok) {
        throw new ChallengeError(`--var ${spec.name}: ${checked.message}`, {
          hint: `Pass a value that is ${describeExpectation(spec)}.`,
          code: 'INIT_INVALID_VAR',
        });
      }
      values[spec.name] = checked.value;
      continue;
    }
    if (!asker || (!spec.required && !options.advanced)) continue;
    const current = values[spec.name] ?? spec.default;
    const text = await asker.input({
      message: `${spec.name}${spec.description ? ` — ${spec.description}` : ''} (${describeExpectation(spec)})`,
      ...(current === undefined || current === null
        ? {}
        : { default: typeof current === 'string' ? current : JSON.stringify(current) }),
      validate: (value) => {
        const checked = checkVar(spec, value);
        return checked.ok ? true : checked.message;
      },
    });
    const checked = checkVar(spec, text);
    if (checked.ok) values[spec.name] = checked.value;
  }

  // Act on AWS, then write the files.
  if (keyPairSpec && importPath && keyPair) {
    await importKeyPair(session, keyPair, importPath);
    log(`Imported ${importPath} as EC2 key pair "${keyPair}" in ${region}.`);
  }
  for (const plan of [statePlan, artifactPlan]) {
    if (plan?.create) {
      await createStateBucket(session, plan.name, identity.account);
      log(`Created S3 bucket "${plan.name}" (versioned, encrypted, public access blocked, TLS only).`);
    }
  }
  await mkdir(dirname(tfvarsPath), { recursive: true });
  await mkdir(dirname(backendPath), { recursive: true });
  await writeFileAtomic(tfvarsPath, `${JSON.stringify(values, null, 2)}\n`);
  await writeFileAtomic(
    backendPath,
    renderBackendFile({ bucket: statePlan.name, key: stateKey(envName), region }),
  );
  await writeLocalSettings(rootDir, envName, { ...(profile ? { awsProfile: profile } : {}), region });
  const files = [tfvarsPath, backendPath, envPaths.localSettings(rootDir, envName)];

  let terraformInitialized = false;
  if (options.terraformInit !== false) {
    const env = await resolveEnvironment({ dir: rootDir, env: envName });
    await ensureInitialized(env);
    await selectWorkspace(env);
    terraformInitialized = true;
  }
  return {
    env: envName,
    rootDir,
    profile: profile ?? null,
    region,
    account: identity.account,
    arn: identity.arn,
    keyPair,
    stateBucket: statePlan.name,
    artifactBucket: artifactPlan?.name,
    files,
    terraformInitialized,
    nextCommand: `challenge apply --env ${envName}`,
  };
}

function validEnv(value: string): true | string {
  try {
    validateEnvName(value);
    return true;
  } catch (error) {
    return (error as Error).message;
  }
}
