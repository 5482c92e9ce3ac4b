import { ChallengeError } from '@challenge/infra';
import type { AwsCredentials } from './credentials.js';
import { type GitSession, withGitSession } from './git-session.js';
import {
  type CodeCommitRemote,
  codeCommitRemote,
  commitAndPush,
  fetchBranch,
  redactorFor,
  scrubbed,
} from './remote.js';

export interface ShipOptions {
  /** The monorepo checkout. */
  repoDir: string;
  /** The folder to ship, relative to repoDir (it becomes the root of the CodeCommit repository). */
  appPath: string;
  cloneUrl: string;
  region: string;
  credentials: AwsCredentials;
  includeUncommitted?: boolean;
  branch?: string;
  /** Accept a git server on this machine (tests). Default: CHALLENGE_ALLOW_LOOPBACK_GIT=1 in the environment. */
  allowLoopback?: boolean;
}

export interface ShipResult {
  pushed: boolean;
  commit: string;
  parent: string | null;
  tree: string;
  sourceCommit: string;
  withUncommitted: boolean;
}

async function appTree(
  session: GitSession,
  options: ShipOptions,
): Promise<{ tree: string; dirty: string[] }> {
  const { repoDir, appPath } = options;
  const status = await session.local(repoDir, [
    'status',
    '--porcelain',
    '--untracked-files=all',
    '--',
    appPath,
  ]);
  const dirty = status.stdout ? status.stdout.split('\n') : [];
  if (!options.includeUncommitted) {
    if (dirty.length > 0) {
      throw new ChallengeError(
        `${appPath} has uncommitted changes:\n${dirty.slice(0, 10).join('\n')}${dirty.length > 10 ? `\n… and ${dirty.length - 10} more` : ''}`,
        {
          code: 'DIRTY_APP_FOLDER',
          hint: 'Commit them first, or pass --include-uncommitted to ship the working copy as it is.',
        },
      );
    }
    const tree = await session.local(repoDir, ['rev-parse', '--verify', '--quiet', `HEAD:${appPath}`], {
      allowFailure: true,
    });
    if (tree.exitCode !== 0) {
      throw new ChallengeError(`${appPath} is not in the last commit.`, {
        code: 'APP_FOLDER_NOT_COMMITTED',
        hint: 'Commit the folder, or pass --include-uncommitted.',
      });
    }
    return { tree: tree.stdout, dirty };
  }
  // A temporary index (in the session folder) snapshots the working copy without touching the user's index.
  const env = { GIT_INDEX_FILE: session.scratchIndex };
  await session.local(repoDir, ['read-tree', 'HEAD'], { env });
  await session.local(repoDir, ['add', '-A', '--', appPath], { env });
  const root = await session.local(repoDir, ['write-tree'], { env });
  const tree = await session.local(
    repoDir,
    ['rev-parse', '--verify', '--quiet', `${root.stdout}:${appPath}`],
    {
      allowFailure: true,
    },
  );
  if (tree.exitCode !== 0)
    throw new ChallengeError(`${appPath} does not exist.`, { hint: 'Check the app folder.' });
  return { tree: tree.stdout, dirty };
}

/**
 * Pushes the app folder's tree to the CodeCommit branch as one new commit whose parent is the remote head,
 * so the remote history stays linear and the cost does not grow with the monorepo's history.
 */
export async function shipAppFolder(options: ShipOptions): Promise<ShipResult> {
  const remote = codeCommitRemote(options.cloneUrl, options.region, options.credentials, {
    allowLoopback: options.allowLoopback,
  });
  const redact = redactorFor([remote]);
  try {
    return await withGitSession(redact, (session) => push(session, remote, options));
  } catch (error) {
    throw scrubbed(error, redact, 'ship', 'challenge ship app');
  }
}

async function push(
  session: GitSession,
  remote: CodeCommitRemote,
  options: ShipOptions,
): Promise<ShipResult> {
  const { repoDir } = options;
  const branch = options.branch ?? 'main';
  const { tree, dirty } = await appTree(session, options);
  const sourceCommit = (await session.local(repoDir, ['rev-parse', 'HEAD'])).stdout;
  const withUncommitted = Boolean(options.includeUncommitted) && dirty.length > 0;
  const parent = await fetchBranch(session, repoDir, remote, branch);
  if (parent) {
    const parentTree = (await session.local(repoDir, ['rev-parse', `${parent}^{tree}`])).stdout;
    if (parentTree === tree) {
      return { pushed: false, commit: parent, parent, tree, sourceCommit, withUncommitted };
    }
  }
  const message = `Ship ${options.appPath} from ${sourceCommit}${withUncommitted ? ' with uncommitted changes' : ''}`;
  const commit = await commitAndPush(session, repoDir, remote, { tree, parent, message, branch });
  return { pushed: true, commit, parent, tree, sourceCommit, withUncommitted };
}
