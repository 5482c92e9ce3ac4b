import { ChallengeError } from '../errors.js';

const ENV_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$|^[a-z]$/;

/** Where a setting came from, so that a fix names what the user actually set. */
export type EnvNameSource = 'flag' | 'CHALLENGE_ENV';

function suggestName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '')
    .slice(0, 32);
}

/**
 * An environment name becomes part of file names, a Terraform workspace and AWS resource names, so it is
 * restricted to lowercase letters, digits and dashes, starting with a letter, at most 32 characters.
 */
export function validateEnvName(name: string, from: EnvNameSource = 'flag'): void {
  if (ENV_NAME.test(name) && !name.includes('--')) return;
  const suggestion = suggestName(name) || 'mock';
  throw new ChallengeError(
    `Invalid environment name ${JSON.stringify(name)}${from === 'CHALLENGE_ENV' ? ' (from CHALLENGE_ENV)' : ''}: use 1-32 lowercase letters, digits and single dashes, starting with a letter and not ending with a dash.`,
    {
      code: 'INVALID_ENV_NAME',
      hint:
        from === 'CHALLENGE_ENV'
          ? `Set a valid name in your shell (export CHALLENGE_ENV=${suggestion}), or unset CHALLENGE_ENV and pass --env ${suggestion}.`
          : `Use a name such as --env ${suggestion}`,
    },
  );
}
