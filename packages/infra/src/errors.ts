import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

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

/** The exit status a shell gives a process ended by each signal the CLI handles (128 + its number). */
export const SIGNAL_EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

/** The user interrupted a run (Ctrl-C 130, SIGTERM 143, a closed terminal's SIGHUP 129). */
export class InterruptedError extends ChallengeError {
  constructor(
    message = 'Interrupted.',
    options: { signal?: keyof typeof SIGNAL_EXIT_CODES; hint?: string } = {},
  ) {
    super(message, {
      exitCode: SIGNAL_EXIT_CODES[options.signal ?? 'SIGINT'],
      code: 'INTERRUPTED',
      ...(options.hint !== undefined && { hint: options.hint }),
    });
    this.name = 'InterruptedError';
  }
}

export function isChallengeError(error: unknown): error is ChallengeError {
  return error instanceof ChallengeError;
}

/** The deepest folder of `path` that exists (what the user has to make writable). */
function existingFolder(path: string): string {
  let folder = dirname(path);
  while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
  return folder;
}

const FILE_SYSTEM_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EEXIST: 'a file is where a folder belongs',
};

/**
 * A Node file-system error (EACCES, EROFS, ENOSPC…) as a ChallengeError naming the path and the fix,
 * or undefined for anything else. Node's own error object (errno, syscall) never reaches the user.
 */
export function fileSystemError(error: unknown): ChallengeError | undefined {
  const { code, path, syscall } = (error ?? {}) as { code?: unknown; path?: unknown; syscall?: unknown };
  if (syscall === 'uv_cwd') {
    return new ChallengeError(
      'The current folder no longer exists (it was deleted or moved while this shell was in it).',
      {
        code: 'CWD_MISSING',
        hint: '`cd` into an existing folder (e.g. your repository again), then run the command again.',
        cause: error,
      },
    );
  }
  if (typeof code !== 'string' || typeof path !== 'string') return undefined;
  const problem = FILE_SYSTEM_PROBLEMS[code];
  if (!problem) return undefined;
  // open() serves reads and writes alike; the other calls say which it was.
  const reads = typeof syscall === 'string' && /^(read|stat|lstat|scandir|access)$/.test(syscall);
  const action = reads ? 'read' : 'write';
  const folder = existingFolder(path);
  // A recursive mkdir reports the folder it was asked for; the one it could not make is the first missing.
  const blocked = syscall === 'mkdir' ? join(folder, relative(folder, path).split(sep)[0] ?? '') : path;
  let hint: string;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    hint = `Free some space on the disk that holds ${folder}, then run the command again.`;
  else if (code === 'EROFS') hint = 'Copy the Terraform root to a writable place and pass --dir <copy>.';
  else if (code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST')
    hint = `Move away whatever is at ${path} (challenge keeps its working files there), then run the command again.`;
  else if (reads)
    hint = `Make ${path} readable by you (e.g. \`chmod u+rx ${path}\`, or fix its owner), or run challenge as the user who owns it.`;
  else
    hint = `Make ${folder} writable by you (e.g. \`chmod u+w ${folder}\`, or fix its owner), or copy the Terraform root somewhere writable and pass --dir <copy>.`;
  return new ChallengeError(`Cannot ${action} ${blocked}: ${problem} (${code}).`, {
    code: 'FILE_SYSTEM_ERROR',
    hint,
    cause: error,
  });
}
