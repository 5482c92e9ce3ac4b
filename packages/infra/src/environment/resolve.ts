import { access, readdir } from 'node:fs/promises';
import { ChallengeError } from '../errors.js';
import { validateEnvName } from './env-name.js';
import { envPaths, TFVARS_SUFFIX } from './paths.js';
import { findTerraformRoot } from './root.js';
import { type LocalSettings, readLocalSettings } from './settings.js';

/** One environment of a Terraform root: its tfvars, backend settings, workspace and data dir. */
export interface Environment {
  name: string;
  rootDir: string;
  tfvarsPath: string;
  /** `backends/<env>.s3.tfbackend` when `challenge init` wrote one; else the root's own backend block applies. */
  backendConfigPath: string | undefined;
  /** Per-env TF_DATA_DIR, so two environments never share init state. */
  dataDir: string;
  settings: LocalSettings;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Names of the environments a root defines (one `vars/<env>.tfvars.json` each), sorted. */
export async function listEnvironments(rootDir: string): Promise<string[]> {
  try {
    const names = await readdir(envPaths.varsDir(rootDir));
    return names
      .filter((name) => name.endsWith(TFVARS_SUFFIX))
      .map((name) => name.slice(0, -TFVARS_SUFFIX.length))
      .sort();
  } catch {
    return [];
  }
}

export async function resolveEnvironment(
  options: { dir?: string; env?: string; cwd?: string } = {},
): Promise<Environment> {
  if (options.env !== undefined) validateEnvName(options.env);
  const rootDir = await findTerraformRoot(options);
  let name = options.env;
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
    validateEnvName(name);
  }
  const tfvarsPath = envPaths.tfvars(rootDir, name);
  if (!(await exists(tfvarsPath))) {
    const known = await listEnvironments(rootDir);
    throw new ChallengeError(`Environment "${name}" has no variables file: ${tfvarsPath} does not exist.`, {
      code: 'ENV_NOT_FOUND',
      hint: `Create it with \`challenge init --env ${name}\`${known.length > 0 ? ` or use one of: ${known.join(', ')}` : ''}.`,
    });
  }
  const backendPath = envPaths.backendConfig(rootDir, name);
  return {
    name,
    rootDir,
    tfvarsPath,
    backendConfigPath: (await exists(backendPath)) ? backendPath : undefined,
    dataDir: envPaths.dataDir(rootDir, name),
    settings: await readLocalSettings(rootDir, name),
  };
}
