import { execFileSync } from 'node:child_process';
import { jsonError, jsonResult } from './responses.js';
import type { FakeAwsRequest, FakeAwsResponse, ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';

/** Repository name -> path of a bare git repository (e.g. GitServer.repoPath(name)) that holds its commits. */
export type FakeCodeCommitRepositories = Record<string, string>;

function git(repo: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', ['--git-dir', repo, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
}

function repositoryOf(
  repositories: FakeCodeCommitRepositories,
  request: FakeAwsRequest,
): string | FakeAwsResponse {
  const name = request.json?.['repositoryName'];
  if (typeof name !== 'string' || name === '') {
    return jsonError(400, 'RepositoryNameRequiredException', 'A repository name is required.');
  }
  return repositories[name] ?? jsonError(400, 'RepositoryDoesNotExistException', `${name} does not exist`);
}

/** "Name <email> 1700000000 +0000" -> CodeCommit's UserInfo (its date is "<epoch seconds> <offset>"). */
function userInfo(line: string) {
  const match = /^(.*) <([^>]*)> (\d+ [+-]\d{4})$/.exec(line);
  return match ? { name: match[1], email: match[2], date: match[3] } : { name: line };
}

function commitShape(repo: string, commitId: string) {
  const raw = git(repo, ['cat-file', 'commit', commitId]);
  if (raw === undefined) return undefined;
  const blank = raw.indexOf('\n\n');
  const headers = raw.slice(0, blank).split('\n');
  const header = (name: string) =>
    headers.filter((line) => line.startsWith(`${name} `)).map((line) => line.slice(name.length + 1));
  return {
    commitId,
    treeId: header('tree')[0],
    parents: header('parent'),
    message: raw.slice(blank + 2),
    author: userInfo(header('author')[0] ?? ''),
    committer: userInfo(header('committer')[0] ?? ''),
    additionalData: '',
  };
}

/** A commit specifier (commit id, branch, tag) resolved to a commit id. */
function resolveCommit(repo: string, specifier: string): string | undefined {
  return git(repo, ['rev-parse', '--verify', '--quiet', `${specifier}^{commit}`])?.trim() || undefined;
}

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

const CHANGE: Record<string, 'A' | 'M' | 'D'> = { A: 'A', M: 'M', D: 'D', T: 'M' };

const CODECOMMIT_COMMITS = defineFakeService<FakeCodeCommitRepositories>({
  model: 'codecommit',
  signingName: 'codecommit',
  protocol: 'json',
  operations: {
    GetCommit: (repositories, request) => {
      const repo = repositoryOf(repositories, request);
      if (typeof repo !== 'string') return repo;
      const commitId = request.json?.['commitId'];
      if (typeof commitId !== 'string' || commitId === '') {
        return jsonError(400, 'CommitIdRequiredException', 'A commit ID is required.');
      }
      if (!/^[0-9a-f]{40}$/.test(commitId)) {
        return jsonError(400, 'InvalidCommitIdException', `The commit ID ${commitId} is not valid.`);
      }
      const commit =
        git(repo, ['cat-file', '-t', commitId])?.trim() === 'commit'
          ? commitShape(repo, commitId)
          : undefined;
      if (!commit) {
        return jsonError(400, 'CommitIdDoesNotExistException', `Commit ${commitId} does not exist.`);
      }
      return jsonResult({ commit });
    },
    GetDifferences: (repositories, request) => {
      const repo = repositoryOf(repositories, request);
      if (typeof repo !== 'string') return repo;
      const body = request.json ?? {};
      const afterSpec = body['afterCommitSpecifier'];
      if (typeof afterSpec !== 'string' || afterSpec === '') {
        return jsonError(400, 'CommitRequiredException', 'A commit specifier is required.');
      }
      const after = resolveCommit(repo, afterSpec);
      if (!after) return jsonError(400, 'CommitDoesNotExistException', `Commit ${afterSpec} does not exist.`);
      const beforeSpec =
        typeof body['beforeCommitSpecifier'] === 'string' ? body['beforeCommitSpecifier'] : undefined;
      const before = beforeSpec === undefined ? undefined : resolveCommit(repo, beforeSpec);
      if (beforeSpec !== undefined && !before) {
        return jsonError(400, 'CommitDoesNotExistException', `Commit ${beforeSpec} does not exist.`);
      }
      const max = body['MaxResults'] ?? 100;
      if (typeof max !== 'number' || max < 1 || max > 400) {
        return jsonError(
          400,
          'InvalidMaxResultsException',
          'The specified number of maximum results is not valid.',
        );
      }
      // Without a before commit, every file of the after commit is an addition (a diff from the empty tree).
      const raw =
        git(repo, ['diff-tree', '-r', '--no-renames', '--raw', '-z', before ?? EMPTY_TREE, after]) ?? '';
      const fields = raw.split('\0').filter(Boolean);
      const differences: unknown[] = [];
      for (let i = 0; i + 1 < fields.length; i += 2) {
        const meta = /^:(\d{6}) (\d{6}) ([0-9a-f]{40}) ([0-9a-f]{40}) (\w)/.exec(fields[i] ?? '');
        const path = fields[i + 1] ?? '';
        if (!meta) continue;
        const [, oldMode, newMode, oldBlob, newBlob, status] = meta;
        const changeType = CHANGE[status ?? ''] ?? 'M';
        differences.push({
          ...(changeType !== 'A' ? { beforeBlob: { blobId: oldBlob, path, mode: oldMode } } : {}),
          ...(changeType !== 'D' ? { afterBlob: { blobId: newBlob, path, mode: newMode } } : {}),
          changeType,
        });
      }
      const start = typeof body['NextToken'] === 'string' ? Number(body['NextToken']) : 0;
      if (!Number.isInteger(start) || start < 0 || start > differences.length) {
        return jsonError(400, 'InvalidContinuationTokenException', 'The continuation token is not valid.');
      }
      return jsonResult({
        differences: differences.slice(start, start + max),
        ...(start + max < differences.length ? { NextToken: String(start + max) } : {}),
      });
    },
  },
});

/**
 * CodeCommit commit reads (awsJson1_1, CodeCommit_20150413) over real bare git repositories:
 * GetCommit and GetDifferences (paged with NextToken), with CodeCommit's error codes.
 */
export function codeCommitCommitsHandler(repositories: FakeCodeCommitRepositories): ServiceHandler {
  return CODECOMMIT_COMMITS.handler(repositories);
}
