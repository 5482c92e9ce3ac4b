import { readFile } from 'node:fs/promises';
import coerce from 'semver/functions/coerce.js';
import gte from 'semver/functions/gte.js';
import satisfies from 'semver/functions/satisfies.js';
import { describeProfile } from '../environment/aws-profile.js';
import { findEnvProblems } from '../environment/ready.js';
import { type Environment, type ResolveOptions, resolveEnvironment } from '../environment/resolve.js';
import { rootConfigOf } from '../environment/root-config.js';
import { ChallengeError } from '../errors.js';
import { runAwsPreflight } from '../preflight/aws-preflight.js';
import { type CheckResult, runCheck } from '../preflight/check-result.js';
import { findTerraform } from '../terraform/binary.js';
import { terraformProcessEnv } from '../terraform/process-env.js';
import { validateEnvTfvars } from '../tfvars/validate-env-tfvars.js';

/** The engines range: Node lines whose require() loads ES modules (the CLI's CommonJS bundles need it). */
const NODE_RANGE = '^20.19.0 || >=22.12.0';
const MIN_GIT = '2.28.0';

function toolChecks(env: Environment | undefined): Promise<CheckResult>[] {
  return [
    runCheck('node', async () => {
      if (!satisfies(process.versions.node, NODE_RANGE)) {
        throw new ChallengeError(`Node ${process.versions.node} is not supported (${NODE_RANGE}).`, {
          hint: 'Install Node 20.19 or later, 22.12 or later, or 24 (e.g. `nvm install 22`).',
        });
      }
      return process.versions.node;
    }),
    runCheck('git', async () => {
      // Loaded here: the library's entry point is on every command's startup path.
      const { execa } = await import('execa');
      const result = await execa('git', ['--version'], { reject: false });
      const version = coerce(/(\d+\.\d+(\.\d+)?)/.exec(String(result.stdout))?.[1] ?? '')?.version;
      if (result.exitCode !== 0 || !version) {
        throw new ChallengeError('git was not found on PATH.', {
          hint: 'Install git (https://git-scm.com/downloads).',
        });
      }
      if (!gte(version, MIN_GIT)) {
        throw new ChallengeError(`git ${version} is older than ${MIN_GIT}.`, {
          hint: `Install git >= ${MIN_GIT}.`,
        });
      }
      return version;
    }),
    runCheck('terraform', async () => {
      const binary = await findTerraform(env ? terraformProcessEnv(env) : process.env);
      return `${binary.version} (${binary.path})`;
    }),
  ];
}

function envChecks(env: Environment): Promise<CheckResult>[] {
  const problems = findEnvProblems(env);
  const problem = async (code: string) => (await problems).find((error) => error.code === code);
  return [
    runCheck('tfvars', async () => {
      await validateEnvTfvars(env.rootDir, env.tfvarsPath);
      return `vars/${env.name}.tfvars.json matches variables.tf`;
    }),
    runCheck('backend settings', async () => {
      const missing = await problem('ENV_NOT_INITIALIZED');
      if (missing) throw missing;
      const { backend } = await rootConfigOf(env);
      if (backend?.type === 's3')
        return env.backendConfigPath ?? `settings in the backend "s3" block of ${backend.file}`;
      return backend
        ? `backend "${backend.type}" (${backend.file})`
        : 'local state (the root declares no backend)';
    }),
    runCheck('aws profile', async () => {
      const unknown = await problem('AWS_UNKNOWN_PROFILE');
      if (unknown) throw unknown;
      return describeProfile(env.profile, env.name);
    }),
    runCheck('workspace', async () => {
      // terraform records the selected workspace in the data dir's `environment` file.
      const selected = await readFile(`${env.dataDir}/environment`, 'utf8').catch(() => 'default');
      if (selected.trim() !== env.name) {
        throw new ChallengeError(`Workspace "${env.name}" is not selected in the env's Terraform data dir.`, {
          hint: `Run \`challenge init --env ${env.name}\` (or \`challenge plan --env ${env.name}\`) to initialise it.`,
        });
      }
      return env.name;
    }),
  ];
}

const AWS_CHECKS = new Set(['credentials', 'key pair', 'state bucket', 'artifact bucket', 'codecommit']);

/** `challenge doctor`: every check at once, each with a result and, when it fails, the fix. */
export async function runDoctor(options: ResolveOptions & { cwd?: string }): Promise<CheckResult[]> {
  let env: Environment | undefined;
  const envResult = await runCheck('environment', async () => {
    env = await resolveEnvironment(options);
    return `${env.name} (${env.rootDir})`;
  });
  const checks: Promise<CheckResult | CheckResult[]>[] = [...toolChecks(env)];
  // Credentials and region are checked even for an env that names no AWS resource: apply needs them.
  if (env) checks.push(...envChecks(env), runAwsPreflight(env, { always: true }));
  const results = (await Promise.all(checks)).flat();
  // A profile that does not exist is one problem, reported by "aws profile"; the AWS calls it broke are not.
  const failed = (name: string) => results.some((result) => result.name === name && !result.ok);
  // Likewise the workspace of an env whose backend settings are missing: init fixes both.
  const dependents = [
    { on: 'aws profile', checks: AWS_CHECKS, detail: 'not checked: needs an AWS profile that exists' },
    {
      on: 'backend settings',
      checks: new Set(['workspace']),
      detail: 'not checked: needs the backend settings',
    },
  ].filter((dependent) => failed(dependent.on));
  return [
    envResult,
    ...results.map((result) => {
      const blocked = dependents.find((dependent) => dependent.checks.has(result.name));
      return blocked && !result.ok
        ? { name: result.name, ok: false, skipped: true, detail: blocked.detail }
        : result;
    }),
  ];
}
