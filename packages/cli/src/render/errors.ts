import { ChallengeError, closestName } from '@challenge/infra';
import { Errors } from '@oclif/core';
import { commandLine, toChallengeError } from './error-output.js';

export { errorJson, writeError } from './error-output.js';

/** oclif's "See more help with --help" tail, replaced by a fix naming the command. */
const OCLIF_HELP_TAIL = /\n?See more help with --help\s*$/;

/**
 * oclif's parse messages in the words of every other error: one sentence per problem, flags named with
 * their dashes, no "The following error occurred" header nor tab-indented detail.
 */
function usageMessage(raw: string): string {
  return raw
    .replace(OCLIF_HELP_TAIL, '')
    .replace(/^The following errors? occurred:\s*/, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) =>
      line
        .replace(/^Missing required flag (\S+)$/, 'Missing required flag --$1.')
        .replace(
          /^(--[\w-]+)=\S+ cannot also be provided when using (--[\w-]+)$/,
          '$1 cannot be used together with $2.',
        )
        .replace(/^Expected an integer but received: (.*)$/, 'expected a whole number, got "$1".')
        .replace(/^Expected --([\w-]+)=(.*) to be one of: (.*)$/, '--$1 must be one of: $3 (got "$2").'),
    )
    .join(' ')
    .replace(/^Parsing (--[\w-]+)\s+(\1\b)?/, (_, flag: string, repeated?: string) =>
      repeated ? flag : `${flag}: `,
    );
}

/** "Did you mean --yes?" for each unknown flag close to one of the command's. */
function flagSuggestion(message: string, flagNames: readonly string[]): string {
  const unknown = /^Nonexistent flags?: (.+)$/m.exec(message)?.[1]?.split(/,\s*/) ?? [];
  const meant = unknown
    .map((flag) => closestName(flag.replace(/^-+/, '').split('=')[0] ?? '', flagNames, { strict: true }))
    .filter((name): name is string => name !== undefined);
  return meant.length > 0 ? `Did you mean ${meant.map((name) => `--${name}`).join(', ')}? ` : '';
}

/**
 * Any error as a ChallengeError: an oclif usage error (unknown flag, bad value, missing argument: exit 1,
 * with a "did you mean" among `flagNames` and the command's --help), or whatever toChallengeError makes of it.
 */
export function asChallengeError(
  error: unknown,
  commandId: string | undefined,
  flagNames: readonly string[] = [],
): ChallengeError {
  // A flag's own parser threw a ChallengeError: oclif wrapped its message in its "Parsing --flag" frame.
  if (error instanceof ChallengeError && error.message.startsWith('Parsing --')) {
    return new ChallengeError(usageMessage(error.message), { code: error.code, hint: error.hint });
  }
  if (error instanceof Errors.CLIError) {
    return new ChallengeError(usageMessage(error.message), {
      code: 'USAGE_ERROR',
      hint: `${flagSuggestion(error.message, flagNames)}See \`${commandLine(commandId)} --help\` for its flags and arguments.`,
    });
  }
  return toChallengeError(error, commandId);
}
