import { ChallengeError } from '../errors.js';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** S3's general-purpose bucket naming rules; fails naming the broken rule. */
export function checkBucketName(name: string): void {
  let problem: string | undefined;
  if (name.length < 3 || name.length > 63) problem = 'must be 3 to 63 characters long';
  else if (!BUCKET_NAME.test(name))
    problem =
      'may only hold lowercase letters, digits, dots and hyphens, and must start and end with a letter or digit';
  else if (name.includes('..')) problem = 'must not contain two dots in a row';
  else if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) problem = 'must not look like an IP address';
  else if (name.startsWith('xn--') || name.endsWith('-s3alias'))
    problem = 'uses a prefix or suffix S3 reserves';
  if (problem === undefined) return;
  throw new ChallengeError(`"${name}" is not a valid S3 bucket name: it ${problem}.`, {
    hint: 'Choose a name like "my-team-challenge-state" (lowercase, digits, hyphens).',
    code: 'S3_INVALID_BUCKET_NAME',
  });
}
