import { ChallengeError } from '../errors.js';

const ENV_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$|^[a-z]$/;

/**
 * An environment name becomes part of file names, a Terraform workspace and AWS resource names, so it is
 * restricted to lowercase letters, digits and dashes, starting with a letter, at most 32 characters.
 */
export function validateEnvName(name: string): void {
  if (ENV_NAME.test(name) && !name.includes('--')) return;
  const suggestion = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '')
    .slice(0, 32);
  throw new ChallengeError(
    `Invalid environment name ${JSON.stringify(name)}: use 1-32 lowercase letters, digits and single dashes, starting with a letter and not ending with a dash.`,
    {
      code: 'INVALID_ENV_NAME',
      hint: suggestion ? `Use a name such as --env ${suggestion}` : 'Use a name such as --env mock',
    },
  );
}
