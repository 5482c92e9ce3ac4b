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

/** A --timeout value in milliseconds: a duration ("90s", "5m", "1h") or a plain number of seconds. */
export function parseTimeout(input: string): number {
  const text = input.trim();
  if (/^\d+(\.\d+)?$/.test(text) && Number(text) > 0) return Number(text) * 1000;
  try {
    return parseDuration('timeout', input);
  } catch {
    throw new ChallengeError(`--timeout ${input} is not a duration.`, {
      code: 'BAD_DURATION',
      hint: 'Give a duration (--timeout 90s, --timeout 5m) or a number of seconds (--timeout 90).',
    });
  }
}

/** The one --timeout of every command that waits: parsed to milliseconds, the same unit rules everywhere. */
export function timeoutFlag(description: string, defaultValue: string) {
  return Flags.custom<number>({
    description: `${description} A duration (90s, 5m, 1h); a plain number is seconds.`,
    helpValue: '<duration>',
    default: parseTimeout(defaultValue),
    defaultHelp: async () => defaultValue,
    parse: async (input) => parseTimeout(input),
  })();
}
