import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import semver from 'semver';
import { whoAmI } from '../aws/identity.js';
import { type Environment, resolveEnvironment } from '../environment/resolve.js';
import { ChallengeError } from '../errors.js';
import { runAwsPreflight, sessionOf } from '../preflight/aws-preflight.js';
import { type CheckResult, runCheck } from '../preflight/check-result.js';
import { findTerraform } from '../terraform/binary.js';
import { terraformProcessEnv } from '../terraform/process-env.js';
import { validateEnvTfvars } from '../tfvars/validate-env-tfvars.js';

const MIN_NODE = '20.19.0';
const MIN_GIT = '2.28.0';

function toolChecks(env: Environment | undefined): Promise<CheckResult>[] {
  return [
    runCheck('node', async () => {
      if (!semver.gte(process.versions.node, MIN_NODE)) {
        throw new ChallengeError(`Node ${process.versions.node} is older than ${MIN_NODE}.`, {
          hint: `Install Node >= ${MIN_NODE} (e.g. \`nvm install 22\`).`,
        });
      }
      return process.versions.node;
    }),
    runCheck('git', async () => {
      const result = await execa('git', ['--version'], { reject: false });
      const version = semver.coerce(/(\d+\.\d+(\.\d+)?)/.exec(String(result.stdout))?.[1] ?? '')?.version;
      if (result.exitCode !== 0 || !version) {
        throw new ChallengeError('git was not found on PATH.', {
          hint: 'Install git (https://git-scm.com/downloads).',
        });
      }
      if (!semver.gte(version, MIN_GIT)) {
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
  return [
    runCheck('tfvars', async () => {
      await validateEnvTfvars(env.rootDir, env.tfvarsPath);
      return `${env.tfvarsPath} matches variables.tf`;
    }),
    runCheck('backend settings', async () => {
      if (!env.backendConfigPath) {
        throw new ChallengeError(
          `Environment "${env.name}" has no backend settings (backends/${env.name}.s3.tfbackend).`,
          {
            hint: `Run \`challenge init --env ${env.name}\` to choose a state bucket.`,
          },
        );
      }
      return env.backendConfigPath;
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

/** `challenge doctor`: every check at once, each with a result and, when it fails, the fix. */
export async function runDoctor(options: {
  env?: string;
  dir?: string;
  cwd?: string;
}): Promise<CheckResult[]> {
  let env: Environment | undefined;
  const envResult = await runCheck('environment', async () => {
    env = await resolveEnvironment(options);
    return `${env.name} (${env.rootDir})`;
  });
  const checks: Promise<CheckResult | CheckResult[]>[] = [...toolChecks(env)];
  if (env) {
    const current = env;
    checks.push(
      ...envChecks(current),
      // An env that names no AWS resource still needs working credentials to apply.
      runAwsPreflight(current).then(async (aws) =>
        aws.length > 0
          ? aws
          : [
              await runCheck('credentials', async () => {
                const identity = await whoAmI(sessionOf(current));
                return `account ${identity.account} (${identity.arn})`;
              }),
            ],
      ),
    );
  }
  const results = (await Promise.all(checks)).flat();
  return [envResult, ...results];
}
