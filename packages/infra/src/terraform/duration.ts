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

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** A valid lock timeout in milliseconds ("1h30m" -> 5400000). */
export function durationMs(value: string): number {
  let total = 0;
  for (const match of value.trim().matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g))
    total += Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 1000);
  return total;
}
