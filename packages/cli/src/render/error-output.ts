import { ChallengeError, fileSystemError, isChallengeError } from '@challenge/infra/plan-and-apply';
import { writeStderr, writeStdout } from './stdio.js';
import { fitUnder, knownWidth } from './wrap.js';

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
  // Answering "no" is the user's choice, not a failure: exit 1 (nothing was done) without "Error:".
  if (error.code === 'DECLINED') {
    writeStderr(`${error.message}\n`);
    return;
  }
  // Wrapped only where the width is known (a terminal, or COLUMNS): a log file keeps one line per part.
  // A command may bring its own wrapping (init's many-problem messages).
  const width = knownWidth(process.stderr);
  const fit = (prefix: string, text: string) =>
    wrap ? wrap(text, prefix) : width ? fitUnder(prefix, text, width) : `${prefix}${text}`;
  writeStderr(`${fit('Error: ', error.message)}\n${error.hint ? `${fit('Fix: ', error.hint)}\n` : ''}`);
}
