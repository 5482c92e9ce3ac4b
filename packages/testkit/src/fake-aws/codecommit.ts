import { jsonError, jsonResult } from './responses.js';
import type { ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';

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

const CODECOMMIT_REPOSITORIES = defineFakeService<CodeCommitOptions>({
  model: 'codecommit',
  signingName: 'codecommit',
  protocol: 'json',
  guard: (options, request) =>
    options.notAllowed
      ? jsonError(
          400,
          'OperationNotAllowedException',
          `${request.action} request is not allowed because there is no existing repository in this AWS account or AWS Organization`,
        )
      : undefined,
  operations: {
    ListRepositories: (options, request) => {
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
    },
  },
});

/**
 * CodeCommit repository listing (awsJson1_1, CodeCommit_20150413): ListRepositories with sortBy/order and
 * nextToken pages, or OperationNotAllowedException for an account CodeCommit is closed to. Combine with
 * codeCommitCommitsHandler through composeHandlers when a test needs both.
 */
export function codeCommitHandler(options: CodeCommitOptions = {}): ServiceHandler {
  return CODECOMMIT_REPOSITORIES.handler(options);
}
