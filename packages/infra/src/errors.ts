/**
 * An error the user can act on: `message` names the problem, `hint` names the fix.
 * Commands render it without a stack trace and exit with `exitCode`.
 */
export class ChallengeError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: number;
  readonly code: string;

  constructor(
    message: string,
    options: { hint?: string; exitCode?: number; code?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ChallengeError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
    this.code = options.code ?? 'CHALLENGE_ERROR';
  }
}

/** The user interrupted a run (Ctrl-C / SIGTERM); commands exit 130. */
export class InterruptedError extends ChallengeError {
  constructor(message = 'Interrupted.') {
    super(message, { exitCode: 130, code: 'INTERRUPTED' });
    this.name = 'InterruptedError';
  }
}

export function isChallengeError(error: unknown): error is ChallengeError {
  return error instanceof ChallengeError;
}
