import { ChallengeError, InterruptedError } from '@challenge/infra';
import { checkCloneUrl } from './clone-url.js';
import { type AwsCredentials, codeCommitGitCredentials, type GitCredentials } from './credentials.js';
import { type GitSession, withGitSession } from './git-session.js';
import { type Redact, secretRedactor } from './redact.js';

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

/** Every form of every secret of this ship, for scrubbing text that leaves it. */
function redactorFor(credentials: AwsCredentials, git: GitCredentials): Redact {
  return secretRedactor(
    [
      credentials.secretAccessKey,
      credentials.sessionToken,
      git.username,
      git.password,
      credentials.accessKeyId,
    ],
    [[git.username, git.password]],
  );
}

/** The same error with every secret scrubbed from its text (whatever threw it). */
function scrubbed(error: unknown, redact: Redact): unknown {
  if (error instanceof InterruptedError) return new InterruptedError(redact(error.message));
  if (error instanceof ChallengeError) {
    return new ChallengeError(redact(error.message), {
      code: error.code,
      exitCode: error.exitCode,
      ...(error.hint === undefined ? {} : { hint: redact(error.hint) }),
    });
  }
  return new ChallengeError(
    `ship failed: ${redact(error instanceof Error ? error.message : String(error))}`,
    {
      code: 'SHIP_FAILED',
      hint: 'Run `challenge ship app` again; if it fails the same way, run `challenge doctor`.',
    },
  );
}

/**
 * Pushes the app folder's tree to the CodeCommit branch as one new commit whose parent is the remote head,
 * so the remote history stays linear and the cost does not grow with the monorepo's history.
 */
export async function shipAppFolder(options: ShipOptions): Promise<ShipResult> {
  const url = checkCloneUrl(options.cloneUrl, options.region, { allowLoopback: options.allowLoopback });
  const gitCredentials = codeCommitGitCredentials(url.toString(), options.region, options.credentials);
  const redact = redactorFor(options.credentials, gitCredentials);
  try {
    return await withGitSession(redact, (session) => push(session, url, gitCredentials, options));
  } catch (error) {
    throw scrubbed(error, redact);
  }
}

async function push(
  session: GitSession,
  url: URL,
  credentials: GitCredentials,
  options: ShipOptions,
): Promise<ShipResult> {
  const { repoDir } = options;
  const branch = options.branch ?? 'main';
  const { tree, dirty } = await appTree(session, options);
  const sourceCommit = (await session.local(repoDir, ['rev-parse', 'HEAD'])).stdout;
  const withUncommitted = Boolean(options.includeUncommitted) && dirty.length > 0;
  const remote = await session.network(repoDir, url, credentials, [
    'ls-remote',
    url.toString(),
    `refs/heads/${branch}`,
  ]);
  const parent = remote.stdout.split(/\s+/)[0] || null;
  if (parent) {
    await session.network(repoDir, url, credentials, [
      'fetch',
      '--no-tags',
      '--no-write-fetch-head',
      '--no-recurse-submodules',
      '--no-auto-maintenance',
      url.toString(),
      `refs/heads/${branch}`,
    ]);
    const parentTree = (await session.local(repoDir, ['rev-parse', `${parent}^{tree}`])).stdout;
    if (parentTree === tree) {
      return { pushed: false, commit: parent, parent, tree, sourceCommit, withUncommitted };
    }
  }
  const message = `Ship ${options.appPath} from ${sourceCommit}${withUncommitted ? ' with uncommitted changes' : ''}`;
  const commit = (
    await session.local(repoDir, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message], {
      env: await identityEnv(session, repoDir),
    })
  ).stdout;
  await session.network(repoDir, url, credentials, [
    'push',
    '--quiet',
    '--no-verify',
    '--no-recurse-submodules',
    url.toString(),
    `${commit}:refs/heads/${branch}`,
  ]);
  return { pushed: true, commit, parent, tree, sourceCommit, withUncommitted };
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
