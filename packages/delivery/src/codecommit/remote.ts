import { ChallengeError, InterruptedError } from '@challenge/infra';
import { checkCloneUrl } from './clone-url.js';
import { type AwsCredentials, codeCommitGitCredentials, type GitCredentials } from './credentials.js';
import type { GitSession } from './git-session.js';
import { type Redact, secretRedactor } from './redact.js';

/** A CodeCommit repository git talks to: its checked clone URL and the git credentials derived for it. */
export interface CodeCommitRemote {
  url: URL;
  aws: AwsCredentials;
  git: GitCredentials;
}

/** Checks the clone URL (CodeCommit's own host for the region) before deriving any credentials for it. */
export function codeCommitRemote(
  cloneUrl: string,
  region: string,
  credentials: AwsCredentials,
  options: { allowLoopback?: boolean | undefined } = {},
): CodeCommitRemote {
  const url = checkCloneUrl(cloneUrl, region, { allowLoopback: options.allowLoopback });
  return { url, aws: credentials, git: codeCommitGitCredentials(url.toString(), region, credentials) };
}

/** Every form of every secret of these remotes, for scrubbing text that leaves an operation. */
export function redactorFor(remotes: CodeCommitRemote[]): Redact {
  return secretRedactor(
    remotes.flatMap((r) => [
      r.aws.secretAccessKey,
      r.aws.sessionToken,
      r.git.username,
      r.git.password,
      r.aws.accessKeyId,
    ]),
    remotes.map((r): [string, string] => [r.git.username, r.git.password]),
  );
}

/** The same error with every secret scrubbed from its text (whatever threw it). */
export function scrubbed(error: unknown, redact: Redact, what: string, retry: string): unknown {
  if (error instanceof InterruptedError) return new InterruptedError(redact(error.message));
  if (error instanceof ChallengeError) {
    return new ChallengeError(redact(error.message), {
      code: error.code,
      exitCode: error.exitCode,
      ...(error.hint === undefined ? {} : { hint: redact(error.hint) }),
    });
  }
  return new ChallengeError(
    `${what} failed: ${redact(error instanceof Error ? error.message : String(error))}`,
    {
      code: `${what.toUpperCase()}_FAILED`,
      hint: `Run \`${retry}\` again; if it fails the same way, run \`challenge doctor\`.`,
    },
  );
}

/** The branch head of the remote, fetched into `repoDir`'s objects (with its history); null when it has none. */
export async function fetchBranch(
  session: GitSession,
  repoDir: string,
  remote: CodeCommitRemote,
  branch: string,
): Promise<string | null> {
  const listed = await session.network(repoDir, remote.url, remote.git, [
    'ls-remote',
    remote.url.toString(),
    `refs/heads/${branch}`,
  ]);
  const head = listed.stdout.split(/\s+/)[0] || null;
  if (head) {
    await session.network(repoDir, remote.url, remote.git, [
      'fetch',
      '--no-tags',
      '--no-write-fetch-head',
      '--no-recurse-submodules',
      '--no-auto-maintenance',
      remote.url.toString(),
      `refs/heads/${branch}`,
    ]);
  }
  return head;
}

/** commit-tree needs an identity; fall back to a neutral one when the user has none configured. */
async function identityEnv(session: GitSession, repoDir: string): Promise<Record<string, string>> {
  const email = await session.local(repoDir, ['config', 'user.email'], { allowFailure: true });
  if (email.exitCode === 0 && email.stdout) return {};
  return {
    GIT_AUTHOR_NAME: 'challenge ship',
    GIT_AUTHOR_EMAIL: 'challenge-ship@localhost',
    GIT_COMMITTER_NAME: 'challenge ship',
    GIT_COMMITTER_EMAIL: 'challenge-ship@localhost',
  };
}

/**
 * One commit of exactly `tree` on top of `parent` (the branch head), pushed to the branch. Not forced: if
 * the branch moved meanwhile, the push is refused and nothing changes.
 */
export async function commitAndPush(
  session: GitSession,
  repoDir: string,
  remote: CodeCommitRemote,
  options: { tree: string; parent: string | null; message: string; branch: string },
): Promise<string> {
  const commit = (
    await session.local(
      repoDir,
      ['commit-tree', options.tree, ...(options.parent ? ['-p', options.parent] : []), '-m', options.message],
      { env: await identityEnv(session, repoDir) },
    )
  ).stdout;
  await session.network(repoDir, remote.url, remote.git, [
    'push',
    '--quiet',
    '--no-verify',
    '--no-recurse-submodules',
    remote.url.toString(),
    `${commit}:refs/heads/${options.branch}`,
  ]);
  return commit;
}
