import { ChallengeError, fileSystemError, isChallengeError } from '@challenge/infra';
import { Errors } from '@oclif/core';

/** oclif's "See more help with --help" tail, replaced by a fix naming the command. */
const OCLIF_HELP_TAIL = /\n?See more help with --help\s*$/;

/**
 * Any error as a ChallengeError: a library's own, a file-system error (path + fix), an oclif usage error
 * (unknown flag, bad value, missing argument: exit 1, with the command's --help), or an unexpected one.
 */
export function asChallengeError(error: unknown, commandId: string | undefined): ChallengeError {
  if (isChallengeError(error)) return error;
  const fromFileSystem = fileSystemError(error);
  if (fromFileSystem) return fromFileSystem;
  const command = commandId ? `challenge ${commandId.replaceAll(':', ' ')}` : 'challenge';
  if (error instanceof Errors.CLIError) {
    return new ChallengeError(error.message.replace(OCLIF_HELP_TAIL, '').trim(), {
      code: 'USAGE_ERROR',
      hint: `See \`${command} --help\` for its flags and arguments.`,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ChallengeError(`Unexpected error: ${message}`, {
    code: 'UNEXPECTED_ERROR',
    hint: `Run it again with DEBUG=challenge* for details; if it persists, report it with the output of \`${command} --help\` and \`challenge --version\`.`,
    cause: error,
  });
}

/** The `error` member of every --json failure: `{ code, message, hint }` (hint null when there is none). */
export function errorJson(error: ChallengeError): { code: string; message: string; hint: string | null } {
  return { code: error.code, message: error.message, hint: error.hint ?? null };
}

/** "Error: … / Fix: …" on stderr, or `{ error: { code, message, hint } }` on stdout for --json. */
export function writeError(error: ChallengeError, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ error: errorJson(error) }, null, 2)}\n`);
    return;
  }
  process.stderr.write(`Error: ${error.message}\n`);
  if (error.hint) process.stderr.write(`Fix: ${error.hint}\n`);
}
