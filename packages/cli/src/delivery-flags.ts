import { ChallengeError } from '@challenge/infra';
import { Flags } from '@oclif/core';
import ms from 'ms';

/** "30s", "10m", "2h", "1d" -> milliseconds; a bare number or anything else is refused with the fix. */
export function parseDuration(flag: string, input: string): number {
  const text = input.trim();
  const value = /^\d+(\.\d+)?\s*[a-z]+$/i.test(text) ? ms(text as ms.StringValue) : Number.NaN;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ChallengeError(`--${flag} ${input} is not a duration.`, {
      code: 'BAD_DURATION',
      hint: `Give a number with a unit, e.g. --${flag} 30s, --${flag} 10m or --${flag} 2h.`,
    });
  }
  return value;
}

/** How often to poll AWS: CHALLENGE_POLL_INTERVAL_MS (tests set it low), else the command's default. */
export function pollIntervalMs(defaultMs: number): number {
  const value = Number(process.env['CHALLENGE_POLL_INTERVAL_MS']);
  return Number.isFinite(value) && value > 0 ? value : defaultMs;
}

export const stuckAfterFlag = {
  'stuck-after': Flags.string({
    description:
      'Report the deployment as stuck (with its evidence) when no new task becomes healthy for this long (30s, 5m...).',
    default: '5m',
  }),
};
