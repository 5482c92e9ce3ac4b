import { ChallengeError } from '../errors.js';

/** Variables that make the SDK's default chain find credentials without a profile. */
const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
] as const;

/** The credential variable set in `env` (AWS_ACCESS_KEY_ID first), or undefined when none is. */
export function environmentCredentialSource(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return CREDENTIAL_VARIABLES.find((name) => (env[name] ?? '') !== '');
}

/** A newcomer's first run: no AWS profile in the config files and no credential variables. */
export function noCredentialsAnywhere(): ChallengeError {
  return new ChallengeError(
    'No AWS credentials found: your AWS config and credentials files hold no profile, and no AWS_ACCESS_KEY_ID (or other credential variable) is set.',
    {
      hint: 'Set up credentials first, then run `challenge init` again: `aws configure` (access keys), `aws configure sso` (IAM Identity Center), or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN).',
      code: 'AWS_NO_CREDENTIALS',
    },
  );
}
