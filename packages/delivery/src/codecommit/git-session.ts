import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChallengeError, InterruptedError } from '@challenge/infra';
import type { ResultPromise } from 'execa';
import type { GitCredentials } from './credentials.js';
import { localGitEnv, networkGitConfig, networkGitEnv } from './git-env.js';
import type { Redact } from './redact.js';

/** ship's temp folder lives in the system temp dir: a TMPDIR that cannot hold it is named in the fix. */
function unusableTmpdir(error: unknown): ChallengeError {
  const { code } = error as NodeJS.ErrnoException;
  const problem =
    code === 'ENOENT'
      ? 'does not exist'
      : code === 'ENOTDIR'
        ? 'is not a folder'
        : code === 'EACCES' || code === 'EPERM'
          ? 'is not writable by you'
          : code === 'EROFS'
            ? 'is on a read-only file system'
            : code === 'ENOSPC'
              ? 'has no space left'
              : `cannot be used (${code ?? String(error)})`;
  const fromVariable = process.env['TMPDIR'] ? 'TMPDIR' : 'The temp folder';
  return new ChallengeError(
    `${fromVariable} ${tmpdir()} ${problem}: ship needs a temporary folder for its git work.`,
    {
      code: 'TMPDIR_UNUSABLE',
      hint: `Point TMPDIR at a writable folder (e.g. \`TMPDIR=/tmp challenge ship app …\`, or \`export TMPDIR=$HOME/tmp\` after creating it), then run ship again.`,
      cause: error,
    },
  );
}

export interface GitRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface GitCallOptions {
  env?: Record<string, string>;
  allowFailure?: boolean;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The git subcommand of an argument list (`-c name=value` pairs skipped). */
function subcommandOf(args: string[]): string {
  for (let index = 0; index < args.length; index++) {
    if (args[index] === '-c') index += 1;
    else if (!args[index]!.startsWith('-')) return args[index]!;
  }
  return '';
}

/**
 * The git processes of one `ship`, and the one temp folder they use (`challenge-ship-*`: an empty hooks
 * folder and, with uncommitted files, a temporary index). Every git call runs with `core.hooksPath` on the
 * empty folder, so no hook of the user's runs. SIGINT/SIGTERM/SIGHUP are forwarded to the running git
 * (its own process group, so a terminal's Ctrl-C reaches it once, through us); the call then throws an
 * InterruptedError (exit 130), and close() removes the folder on that path as on every other.
 */
export class GitSession {
  interrupted: NodeJS.Signals | null = null;
  private readonly running = new Set<ResultPromise>();
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.interrupted ??= signal;
    for (const child of this.running) {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    }
  };
  private dir: string | null = null;

  private constructor(private readonly redact: Redact) {}

  static async open(redact: Redact): Promise<GitSession> {
    const session = new GitSession(redact);
    for (const signal of SIGNALS) process.on(signal, session.onSignal);
    try {
      session.dir = await mkdtemp(join(tmpdir(), 'challenge-ship-')).catch((error: unknown) => {
        throw unusableTmpdir(error);
      });
      await mkdir(session.hooksDir, { mode: 0o700 });
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }

  private get root(): string {
    if (this.dir === null) throw new Error('git session is closed');
    return this.dir;
  }

  get hooksDir(): string {
    return join(this.root, 'hooks');
  }

  /** Where a temporary index may live (inside the session folder, so it goes with it). */
  get scratchIndex(): string {
    return join(this.root, 'index');
  }

  /** A git call that talks to no server: the user's environment minus every credential variable. */
  local(cwd: string, args: string[], options: GitCallOptions = {}): Promise<GitRun> {
    return this.run(cwd, args, { ...localGitEnv(), ...options.env }, options);
  }

  /**
   * A git call to `url`: the credentials reach only this git process tree, through its environment and
   * the inline credential helper; no tracing or askpass variable of the user's is passed on.
   */
  network(cwd: string, url: URL, credentials: GitCredentials, args: string[]): Promise<GitRun> {
    return this.run(cwd, [...networkGitConfig(), ...args], networkGitEnv(url, credentials), {});
  }

  /** Throws the InterruptedError when a signal arrived since the session opened. */
  checkInterrupted(what: string, pushing = false): void {
    if (!this.interrupted) return;
    throw new InterruptedError(
      `Interrupted (${this.interrupted}) ${what}; ${
        pushing
          ? 'a push updates the branch whole or not at all, so it holds either its previous head or the new commit. Run `challenge ship app` again to be sure (it pushes nothing when the branch already holds this tree).'
          : 'nothing was pushed.'
      }`,
    );
  }

  async close(): Promise<void> {
    try {
      if (this.dir !== null) await rm(this.dir, { recursive: true, force: true });
      this.dir = null;
    } finally {
      for (const signal of SIGNALS) process.off(signal, this.onSignal);
    }
  }

  private async run(
    cwd: string,
    args: string[],
    env: Record<string, string>,
    options: GitCallOptions,
  ): Promise<GitRun> {
    const subcommand = subcommandOf(args);
    // execa is loaded on first use: the library's entry point is on every delivery command's startup path.
    const { execa } = await import('execa');
    this.checkInterrupted(`before git ${subcommand}`);
    const child = execa('git', ['-c', `core.hooksPath=${this.hooksDir}`, ...args], {
      cwd,
      env,
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
      detached: true,
      forceKillAfterDelay: false,
    });
    this.running.add(child);
    let result: Awaited<typeof child>;
    try {
      result = await child;
    } finally {
      this.running.delete(child);
    }
    this.checkInterrupted(`during git ${subcommand}`, subcommand === 'push');
    const run = {
      stdout: String(result.stdout ?? '').trim(),
      stderr: String(result.stderr ?? '').trim(),
      exitCode: result.exitCode ?? 1,
    };
    if (run.exitCode !== 0 && !options.allowFailure) {
      const network = env['CHALLENGE_GIT_PASSWORD'] !== undefined;
      const text = run.stderr || run.stdout || (result.shortMessage ?? `exit code ${run.exitCode}`);
      throw new ChallengeError(`git ${subcommand} failed: ${this.redact(text)}`, {
        code: 'GIT_FAILED',
        hint: network
          ? 'Check the repository URL and your AWS credentials (CodeCommit permissions: codecommit:GitPull, codecommit:GitPush).'
          : 'Check that the monorepo clone is healthy: run `git status` in it.',
      });
    }
    return run;
  }
}

/** Runs `use` with a fresh session and closes it (temp folder removed) however `use` ends. */
export async function withGitSession<T>(
  redact: Redact,
  use: (session: GitSession) => Promise<T>,
): Promise<T> {
  const session = await GitSession.open(redact);
  try {
    return await use(session);
  } finally {
    await session.close();
  }
}
