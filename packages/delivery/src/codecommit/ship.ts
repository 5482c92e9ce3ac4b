import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChallengeError } from '@challenge/infra';
import { withAskpass } from './askpass.js';
import { type AwsCredentials, codeCommitGitCredentials } from './credentials.js';
import { git } from './git.js';

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
}

export interface ShipResult {
  pushed: boolean;
  commit: string;
  parent: string | null;
  tree: string;
  sourceCommit: string;
  withUncommitted: boolean;
}

// The secret-free git options of every network call: no stored or user credential helpers.
const NO_HELPERS = ['-c', 'credential.helper='];

export function checkCloneUrl(cloneUrl: string): URL {
  let url: URL;
  try {
    url = new URL(cloneUrl);
  } catch {
    throw new ChallengeError(`"${cloneUrl}" is not a URL.`, {
      hint: 'Check the env output codecommit_clone_url_http.',
    });
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ChallengeError(`Refusing to send credentials over ${url.protocol}// to ${url.host}.`, {
      hint: 'Use the https clone URL of the CodeCommit repository (plain http only for a local test server).',
    });
  }
  if (url.username || url.password) {
    throw new ChallengeError('The clone URL must not contain credentials.', {
      hint: 'Use the plain https clone URL.',
    });
  }
  return url;
}

async function appTree(options: ShipOptions): Promise<{ tree: string; dirty: string[] }> {
  const { repoDir, appPath } = options;
  const status = await git(repoDir, ['status', '--porcelain', '--untracked-files=all', '--', appPath]);
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
    const tree = await git(repoDir, ['rev-parse', '--verify', '--quiet', `HEAD:${appPath}`], {
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
  // A temporary index snapshots the working copy without touching the user's index.
  const dir = await mkdtemp(join(tmpdir(), 'challenge-index-'));
  try {
    const env = { GIT_INDEX_FILE: join(dir, 'index') };
    await git(repoDir, ['read-tree', 'HEAD'], { env });
    await git(repoDir, ['add', '-A', '--', appPath], { env });
    const root = await git(repoDir, ['write-tree'], { env });
    const tree = await git(repoDir, ['rev-parse', '--verify', '--quiet', `${root.stdout}:${appPath}`], {
      allowFailure: true,
    });
    if (tree.exitCode !== 0)
      throw new ChallengeError(`${appPath} does not exist.`, { hint: 'Check the app folder.' });
    return { tree: tree.stdout, dirty };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Pushes the app folder's tree to the CodeCommit branch as one new commit whose parent is the remote head,
 * so the remote history stays linear and the cost does not grow with the monorepo's history.
 */
export async function shipAppFolder(options: ShipOptions): Promise<ShipResult> {
  const url = checkCloneUrl(options.cloneUrl).toString();
  const branch = options.branch ?? 'main';
  const { tree, dirty } = await appTree(options);
  const sourceCommit = (await git(options.repoDir, ['rev-parse', 'HEAD'])).stdout;
  const withUncommitted = Boolean(options.includeUncommitted) && dirty.length > 0;
  const gitCredentials = codeCommitGitCredentials(url, options.region, options.credentials);
  return withAskpass(gitCredentials, async (env, secrets) => {
    const remote = await git(options.repoDir, [...NO_HELPERS, 'ls-remote', url, `refs/heads/${branch}`], {
      env,
      secrets,
    });
    const parent = remote.stdout.split(/\s+/)[0] || null;
    if (parent) {
      await git(
        options.repoDir,
        [...NO_HELPERS, 'fetch', '--no-tags', '--no-write-fetch-head', url, `refs/heads/${branch}`],
        {
          env,
          secrets,
        },
      );
      const parentTree = (await git(options.repoDir, ['rev-parse', `${parent}^{tree}`])).stdout;
      if (parentTree === tree) {
        return { pushed: false, commit: parent, parent, tree, sourceCommit, withUncommitted };
      }
    }
    const message = `Ship ${options.appPath} from ${sourceCommit}${withUncommitted ? ' with uncommitted changes' : ''}`;
    const commit = (
      await git(options.repoDir, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message], {
        env: await identityEnv(options.repoDir),
      })
    ).stdout;
    await git(options.repoDir, [...NO_HELPERS, 'push', '--quiet', url, `${commit}:refs/heads/${branch}`], {
      env,
      secrets,
    });
    return { pushed: true, commit, parent, tree, sourceCommit, withUncommitted };
  });
}

/** commit-tree needs an identity; fall back to a neutral one when the user has none configured. */
async function identityEnv(repoDir: string): Promise<Record<string, string>> {
  const email = await git(repoDir, ['config', 'user.email'], { allowFailure: true });
  if (email.exitCode === 0 && email.stdout) return {};
  return {
    GIT_AUTHOR_NAME: 'challenge ship',
    GIT_AUTHOR_EMAIL: 'challenge-ship@localhost',
    GIT_COMMITTER_NAME: 'challenge ship',
    GIT_COMMITTER_EMAIL: 'challenge-ship@localhost',
  };
}
