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

const FILE_SYSTEM_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
};

/**
 * A Node file-system error (EACCES, EROFS, ENOSPC…) as a ChallengeError naming the path and the fix,
 * or undefined for anything else. Node's own error object (errno, syscall) never reaches the user.
 */
export function fileSystemError(error: unknown): ChallengeError | undefined {
  const { code, path, syscall } = (error ?? {}) as { code?: unknown; path?: unknown; syscall?: unknown };
  if (typeof code !== 'string' || typeof path !== 'string') return undefined;
  const problem = FILE_SYSTEM_PROBLEMS[code];
  if (!problem) return undefined;
  const action =
    typeof syscall === 'string' && /^(open|read|stat|lstat|scandir)$/.test(syscall) ? 'use' : 'write';
  const folder = path.replace(/\/[^/]*$/, '') || '/';
  const hint =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? `Free some space on the disk that holds ${folder}, then run the command again.`
      : code === 'EROFS'
        ? 'Copy the Terraform root to a writable place and pass --dir <copy>.'
        : code === 'ENOTDIR' || code === 'EISDIR'
          ? `Move away whatever is at ${path} (challenge keeps its working files there), then run the command again.`
          : `Make ${folder} writable by you (e.g. \`chmod u+w ${folder}\`, or fix its owner), or copy the Terraform root somewhere writable and pass --dir <copy>.`;
  return new ChallengeError(`Cannot ${action} ${path}: ${problem} (${code}).`, {
    code: 'FILE_SYSTEM_ERROR',
    hint,
    cause: error,
  });
}
