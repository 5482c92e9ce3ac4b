import { ChallengeError } from '../errors.js';

/** Go's time.ParseDuration syntax (what Terraform's -lock-timeout takes), without a sign: 0, 90s, 1h30m, 1.5m. */
const DURATION = /^(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;

/** Fails before Terraform runs when `--lock-timeout` is not a Terraform duration. */
export function validateLockTimeout(value: string): void {
  if (DURATION.test(value.trim())) return;
  throw new ChallengeError(
    `--lock-timeout ${JSON.stringify(value)} is not a duration Terraform understands.`,
    {
      code: 'INVALID_LOCK_TIMEOUT',
      hint: 'Pass a number with a unit, e.g. --lock-timeout 0s, 90s, 5m or 1h30m.',
    },
  );
}
