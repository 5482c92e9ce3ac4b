import { accessSync, readdirSync } from 'node:fs';
import { ChallengeError } from '../errors.js';
import { closestName } from '../tfvars/closest-name.js';
import { chooseProfile, type ProfileChoice } from './aws-profile.js';
import { type EnvNameSource, validateEnvName } from './env-name.js';
import { envPaths, TFVARS_SUFFIX } from './paths.js';
import { type FindRootOptions, findTerraformRoot } from './root.js';
import { type LocalSettings, readLocalSettings } from './settings.js';

/** One environment of a Terraform root: its tfvars, backend settings, workspace and data dir. */
export interface Environment {
  name: string;
  /** Where the name came from (--env or CHALLENGE_ENV), or "only env" when the root has a single one. */
  nameFrom: EnvNameSource | 'only env';
  rootDir: string;
  tfvarsPath: string;
  /** `backends/<env>.s3.tfbackend` when `challenge init` wrote one; else the root's own backend block applies. */
  backendConfigPath: string | undefined;
  /** Per-env TF_DATA_DIR, so two environments never share init state. */
  dataDir: string;
  settings: LocalSettings;
  /** The AWS profile of this run: --profile > saved per-env profile > AWS_PROFILE > default chain. */
  profile: ProfileChoice;
}

export interface ResolveOptions extends FindRootOptions {
  env?: string | undefined;
  /** Where `env` came from: the --env flag (default) or the CHALLENGE_ENV variable. */
  envFrom?: EnvNameSource | undefined;
  /** --profile of this run (not saved). */
  profile?: string | undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    accessSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Names of the environments a root defines (one `vars/<env>.tfvars.json` each), sorted. */
export async function listEnvironments(rootDir: string): Promise<string[]> {
  try {
    const names = readdirSync(envPaths.varsDir(rootDir));
    return names
      .filter((name) => name.endsWith(TFVARS_SUFFIX))
      .map((name) => name.slice(0, -TFVARS_SUFFIX.length))
      .sort();
  } catch {
    return [];
  }
}

function unknownEnvHint(name: string, from: EnvNameSource | 'only env', known: string[]): string {
  const create = `create it with \`challenge init --env ${name}\``;
  if (from === 'CHALLENGE_ENV') {
    return known.length > 0
      ? `Set CHALLENGE_ENV to one of: ${known.join(', ')} (or unset it and pass --env), or ${create}.`
      : `Unset CHALLENGE_ENV, or ${create}.`;
  }
  const meant = closestName(name, known, { strict: true });
  if (meant)
    return `Did you mean \`--env ${meant}\`? Otherwise create it with \`challenge init --env ${name}\`.`;
  return `Create it with \`challenge init --env ${name}\`${known.length > 0 ? ` or use one of: ${known.join(', ')}` : ''}.`;
}

/**
 * The environment a command works on. Only reads files; `assertEnvReady` (environment/ready.ts) checks
 * that it was initialised before anything runs Terraform.
 */
export async function resolveEnvironment(options: ResolveOptions = {}): Promise<Environment> {
  const envFrom = options.envFrom ?? 'flag';
  if (options.env !== undefined) validateEnvName(options.env, envFrom);
  const rootDir = await findTerraformRoot(options);
  let name = options.env;
  let nameFrom: Environment['nameFrom'] = envFrom;
  if (name === undefined) {
    const envs = await listEnvironments(rootDir);
    if (envs.length !== 1) {
      throw new ChallengeError(
        envs.length === 0
          ? `No environment given and ${rootDir} defines none (no vars/<env>.tfvars.json).`
          : `No environment given and ${rootDir} defines several: ${envs.join(', ')}.`,
        {
          code: 'ENV_REQUIRED',
          hint:
            envs.length === 0
              ? 'Create one with `challenge init --env mock`.'
              : `Pass --env <name> (or set CHALLENGE_ENV), e.g. --env ${envs[0]}.`,
        },
      );
    }
    name = envs[0] as string;
    nameFrom = 'only env';
    validateEnvName(name);
  }
  const tfvarsPath = envPaths.tfvars(rootDir, name);
  if (!(await exists(tfvarsPath))) {
    const known = await listEnvironments(rootDir);
    const from = nameFrom === 'CHALLENGE_ENV' ? ' (from CHALLENGE_ENV)' : '';
    throw new ChallengeError(
      `Environment "${name}"${from} has no variables file: ${tfvarsPath} does not exist.`,
      { code: 'ENV_NOT_FOUND', hint: unknownEnvHint(name, nameFrom, known) },
    );
  }
  const backendPath = envPaths.backendConfig(rootDir, name);
  const settings = await readLocalSettings(rootDir, name);
  return {
    name,
    nameFrom,
    rootDir,
    tfvarsPath,
    backendConfigPath: (await exists(backendPath)) ? backendPath : undefined,
    dataDir: envPaths.dataDir(rootDir, name),
    settings,
    profile: chooseProfile(options.profile, settings),
  };
}
