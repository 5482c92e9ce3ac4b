import { ChallengeError } from '@challenge/infra';
import { Errors } from '@oclif/core';
import { commandLine, toChallengeError } from './error-output.js';

export { errorJson, writeError } from './error-output.js';

/** oclif's "See more help with --help" tail, replaced by a fix naming the command. */
const OCLIF_HELP_TAIL = /\n?See more help with --help\s*$/;

/**
 * Any error as a ChallengeError: an oclif usage error (unknown flag, bad value, missing argument: exit 1,
 * with the command's --help), or whatever toChallengeError makes of it.
 */
export function asChallengeError(error: unknown, commandId: string | undefined): ChallengeError {
  if (error instanceof Errors.CLIError) {
    return new ChallengeError(error.message.replace(OCLIF_HELP_TAIL, '').trim(), {
      code: 'USAGE_ERROR',
      hint: `See \`${commandLine(commandId)} --help\` for its flags and arguments.`,
    });
  }
  return toChallengeError(error, commandId);
}
