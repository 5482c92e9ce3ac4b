import { ChallengeError, fileSystemError, isChallengeError } from '@challenge/infra/plan-and-apply';
import { writeStderr, writeStdout } from './stdio.js';

/**
 * Any error that is not a usage error as a ChallengeError: a library's own, a file-system error
 * (path + fix), or an unexpected one. (errors.ts adds oclif's usage errors.)
 */
export function toChallengeError(error: unknown, commandId: string | undefined): ChallengeError {
  if (isChallengeError(error)) return error;
  const fromFileSystem = fileSystemError(error);
  if (fromFileSystem) return fromFileSystem;
  const message = error instanceof Error ? error.message : String(error);
  return new ChallengeError(`Unexpected error: ${message}`, {
    code: 'UNEXPECTED_ERROR',
    hint: `Run it again with DEBUG=challenge* for details; if it persists, report it with the output of \`${commandLine(commandId)} --help\` and \`challenge --version\`.`,
    cause: error,
  });
}

/** `challenge ship app` for the command id `ship:app`; `challenge` without one. */
export function commandLine(commandId: string | undefined): string {
  return commandId ? `challenge ${commandId.replaceAll(':', ' ')}` : 'challenge';
}

/** The `error` member of every --json failure: `{ code, message, hint }` (hint null when there is none). */
export function errorJson(error: ChallengeError): { code: string; message: string; hint: string | null } {
  return { code: error.code, message: error.message, hint: error.hint ?? null };
}

/**
 * "Error: … / Fix: …" on stderr, or `{ error: { code, message, hint } }` on stdout for --json. With
 * `wrap`, the text is word-wrapped to that many columns.
 */
export function writeError(
  error: ChallengeError,
  json: boolean,
  wrap?: (text: string, prefix: string) => string,
): void {
  if (json) {
    writeStdout(`${JSON.stringify({ error: errorJson(error) }, null, 2)}\n`);
    return;
  }
  const fit = wrap ?? ((text: string, prefix: string) => `${prefix}${text}`);
  writeStderr(`${fit(error.message, 'Error: ')}\n${error.hint ? `${fit(error.hint, 'Fix: ')}\n` : ''}`);
}
