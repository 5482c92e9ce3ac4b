import { listProfiles } from '../aws/profiles.js';
import { describeProfile } from '../environment/aws-profile.js';
import type { Environment } from '../environment/resolve.js';
import { ChallengeError } from '../errors.js';

/**
 * The credentials failure of an env, worded once for the way this run chose its credentials, with a fix
 * that names flags and commands that exist (`--profile` is on every env command).
 */
export async function credentialsProblem(env: Environment, error: unknown): Promise<ChallengeError> {
  const code = (error as { code?: string }).code;
  const who = describeProfile(env.profile, env.name);
  const profiles = await listProfiles()
    .then((list) => list.map((profile) => profile.name))
    .catch(() => [] as string[]);
  const choose = `pass --profile <name>${profiles.length > 0 ? ` (profiles: ${profiles.join(', ')})` : ''}, or save one with \`challenge init --env ${env.name} --profile <name>\``;
  const name = env.profile.name;
  switch (code) {
    case 'AWS_NO_CREDENTIALS':
      return new ChallengeError(
        name === undefined
          ? 'No AWS credentials: the default AWS credential chain found none (no AWS_ACCESS_KEY_ID, no default profile, no SSO session, no instance role).'
          : `No AWS credentials in ${who}.`,
        {
          code,
          hint:
            name === undefined
              ? `Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or ${choose}.`
              : `Configure it (\`aws configure --profile ${name}\` or \`aws sso login --profile ${name}\`), or ${choose}.`,
        },
      );
    case 'AWS_EXPIRED_TOKEN':
    case 'AWS_INVALID_CREDENTIALS':
      return new ChallengeError(
        `${code === 'AWS_EXPIRED_TOKEN' ? 'The AWS session of' : 'AWS rejected the access key of'} ${who}${code === 'AWS_EXPIRED_TOKEN' ? ' has expired' : ' as invalid'}.`,
        {
          code,
          hint:
            name === undefined
              ? `Export fresh AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or ${choose}.`
              : `Refresh it (\`aws sso login --profile ${name}\` or \`aws configure --profile ${name}\`), or ${choose}.`,
        },
      );
    default:
      if (error instanceof ChallengeError) return error;
      return new ChallengeError(`Could not check the AWS credentials of ${who}: ${String(error)}`, {
        code: 'AWS_ERROR',
        hint: `Check your network, or ${choose}.`,
      });
  }
}
