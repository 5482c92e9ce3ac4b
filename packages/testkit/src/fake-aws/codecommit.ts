import { jsonError, jsonResult } from './responses.js';
import type { ServiceHandler } from './server.js';

export interface CodeCommitOptions {
  /** Repository names per region; a region not listed has none. */
  repositories?: Record<string, string[]>;
  /**
   * Answer every call with OperationNotAllowedException, as CodeCommit does for accounts that never had a
   * repository (it is closed to new customers).
   */
  notAllowed?: boolean;
}

const PAGE = 1000;

/** CodeCommit (awsJson1_1, CodeCommit_20150413): ListRepositories with sortBy/order and nextToken pages. */
export function codeCommitHandler(options: CodeCommitOptions = {}): ServiceHandler {
  return (request) => {
    if (request.action !== 'ListRepositories') return undefined;
    if (options.notAllowed) {
      return jsonError(
        400,
        'OperationNotAllowedException',
        'ListRepositories request is not allowed because there is no existing repository in this AWS account or AWS Organization',
      );
    }
    const body = request.json ?? {};
    const sortBy = body['sortBy'] ?? 'repositoryName';
    const order = body['order'] ?? 'ascending';
    if (sortBy !== 'repositoryName' && sortBy !== 'lastModifiedDate')
      return jsonError(400, 'InvalidSortByException', 'The specified sort by value is not valid.');
    if (order !== 'ascending' && order !== 'descending')
      return jsonError(400, 'InvalidOrderException', 'The specified sort order is not valid.');
    const names = [...(options.repositories?.[request.region] ?? [])].sort();
    if (order === 'descending') names.reverse();
    const start = body['nextToken'] === undefined ? 0 : Number(body['nextToken']);
    if (!Number.isInteger(start) || start < 0 || start > names.length)
      return jsonError(
        400,
        'InvalidContinuationTokenException',
        'The specified continuation token is not valid.',
      );
    const page = names.slice(start, start + PAGE);
    return jsonResult({
      repositories: page.map((repositoryName) => ({
        repositoryName,
        repositoryId: `${repositoryName.length.toString(16).padStart(8, '0')}-fake-repository-id`,
      })),
      ...(start + PAGE < names.length ? { nextToken: String(start + PAGE) } : {}),
    });
  };
}
