import { homedir } from 'node:os';
import { join } from 'node:path';
import { type AwsProfile, listProfiles } from '../aws/profiles.js';
import { ChallengeError } from '../errors.js';
import { oncePerEnvironment } from './once-per-environment.js';
import { type Environment, type ResolveOptions, resolveEnvironment } from './resolve.js';
import { rootConfigOf } from './root-config.js';

function configFilePath(): string {
  return process.env['AWS_CONFIG_FILE'] || join(homedir(), '.aws', 'config');
}

async function backendProblem(env: Environment): Promise<ChallengeError | undefined> {
  const { backend } = await rootConfigOf(env);
  if (backend?.type !== 's3' || env.backendConfigPath || backend.attributes.includes('bucket'))
    return undefined;
  return new ChallengeError(
    `Env ${env.name} is not initialised: the root keeps its state in S3 (backend "s3" in ${backend.file}), and backends/${env.name}.s3.tfbackend, which names the state bucket, does not exist.`,
    {
      code: 'ENV_NOT_INITIALIZED',
      hint: `Run \`challenge init --env ${env.name}\` to choose the state bucket and write it.`,
    },
  );
}

function profileProblem(env: Environment, profiles: AwsProfile[]): ChallengeError | undefined {
  const { name, source } = env.profile;
  if (name === undefined || profiles.some((profile) => profile.name === name)) return undefined;
  const known = profiles.map((profile) => profile.name);
  const choose = known.length > 0 ? ` (profiles: ${known.join(', ')})` : '';
  const where = `your AWS config or credentials file (${configFilePath()})`;
  const create = `\`aws configure --profile ${name}\``;
  switch (source) {
    case 'settings':
      return new ChallengeError(
        `Env ${env.name} uses AWS profile "${name}" (saved in .challenge/${env.name}.json by challenge init), which is not in ${where}.`,
        {
          code: 'AWS_UNKNOWN_PROFILE',
          hint: `Save another profile with \`challenge init --env ${env.name} --profile <name>\`${choose}, or create it: ${create}.`,
        },
      );
    case 'AWS_PROFILE':
      return new ChallengeError(`AWS_PROFILE=${name} is set, but that profile is not in ${where}.`, {
        code: 'AWS_UNKNOWN_PROFILE',
        hint: `Unset AWS_PROFILE or pass --profile <name>${choose}, or create it: ${create}.`,
      });
    default:
      return new ChallengeError(`AWS profile "${name}" (--profile) is not in ${where}.`, {
        code: 'AWS_UNKNOWN_PROFILE',
        hint: `Pass --profile with one of your profiles${choose || ' (you have none)'}, or create it: ${create}.`,
      });
  }
}

/**
 * What stops Terraform or AWS calls for an env before they start: an S3 backend without the env's
 * backend file (never initialised), or an AWS profile (chosen by --profile, saved, or AWS_PROFILE) that
 * is not in the AWS config files. Each problem names what is missing and the command that fixes it.
 */
export async function findEnvProblems(env: Environment): Promise<ChallengeError[]> {
  const [backend, profiles] = await Promise.all([
    backendProblem(env),
    env.profile.name === undefined ? Promise.resolve([]) : listProfiles().catch(() => []),
  ]);
  return [backend, profileProblem(env, profiles)].filter((problem) => problem !== undefined);
}

/** Throws the first problem of `findEnvProblems`; checked once per resolved env. */
export const assertEnvReady = oncePerEnvironment(async (env) => {
  const [problem] = await findEnvProblems(env);
  if (problem) throw problem;
});

/** The environment a command works on, checked ready: every command that runs Terraform or AWS uses this. */
export async function openEnvironment(options: ResolveOptions = {}): Promise<Environment> {
  const env = await resolveEnvironment(options);
  await assertEnvReady(env);
  return env;
}
