import type { Commit } from '@aws-sdk/client-codecommit';
import type { AwsClients } from '../aws/clients.js';
import { monorepoCommitOf } from '../source/source-commit.js';

export interface ChangedCommit {
  id: string;
  summary: string;
  author: string | undefined;
  /** "<epoch seconds> <offset>" as CodeCommit reports it, as a date. */
  date: Date | undefined;
  monorepoCommit: string | undefined;
}

export interface ChangedFile {
  path: string;
  change: 'added' | 'modified' | 'deleted';
}

export interface RevisionChanges {
  repository: string;
  from: string | undefined;
  to: string;
  /** Newest first. */
  commits: ChangedCommit[];
  /** More commits than were listed lie between the two. */
  truncated: boolean;
  /** `from` is not an ancestor of `to` (a history rewrite): the commits are the newest ones only. */
  unrelated: boolean;
  files: ChangedFile[];
}

const CHANGE = { A: 'added', M: 'modified', D: 'deleted' } as const;

function dateOf(codeCommitDate: string | undefined): Date | undefined {
  const seconds = Number(codeCommitDate?.split(' ')[0]);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : undefined;
}

/**
 * What changes from commit `from` to commit `to` of a CodeCommit repository (whose root is the app folder):
 * the commits in between (GetCommit, parent by parent) and the files (GetDifferences).
 */
export async function compareRevisions(
  clients: AwsClients,
  options: { repository: string; from: string | undefined; to: string; maxCommits?: number },
): Promise<RevisionChanges> {
  const { GetCommitCommand, GetDifferencesCommand } = await import('@aws-sdk/client-codecommit');
  const client = await clients.codeCommit();
  const max = options.maxCommits ?? 20;
  const commits: ChangedCommit[] = [];
  let next: string | undefined = options.to;
  let reachedFrom = false;
  while (next && commits.length < max) {
    if (next === options.from) {
      reachedFrom = true;
      break;
    }
    const commit: Commit | undefined = (
      await client.send(new GetCommitCommand({ repositoryName: options.repository, commitId: next }))
    ).commit;
    commits.push({
      id: next,
      summary: commit?.message?.split('\n')[0] ?? '',
      author: commit?.author?.name,
      date: dateOf(commit?.author?.date),
      monorepoCommit: monorepoCommitOf(commit?.message),
    });
    next = commit?.parents?.[0];
  }
  if (next === options.from) reachedFrom = true;
  const files: ChangedFile[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new GetDifferencesCommand({
        repositoryName: options.repository,
        ...(options.from ? { beforeCommitSpecifier: options.from } : {}),
        afterCommitSpecifier: options.to,
        NextToken: token,
      }),
    );
    for (const difference of page.differences ?? []) {
      const path = difference.afterBlob?.path ?? difference.beforeBlob?.path ?? '?';
      files.push({ path, change: CHANGE[difference.changeType ?? 'M'] ?? 'modified' });
    }
    token = page.NextToken;
  } while (token);
  return {
    repository: options.repository,
    from: options.from,
    to: options.to,
    commits,
    truncated: Boolean(next) && !reachedFrom,
    unrelated: options.from !== undefined && !reachedFrom && !next,
    files: files.sort((a, b) => a.path.localeCompare(b.path)),
  };
}
