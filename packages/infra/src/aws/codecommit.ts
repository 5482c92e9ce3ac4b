import { ChallengeError } from '../errors.js';
import type { AwsSession } from './session.js';

/** How many CodeCommit repositories the session's region has (first page), or why CodeCommit is closed. */
export async function countCodeCommitRepositories(session: AwsSession): Promise<number> {
  const [{ CodeCommitClient, ListRepositoriesCommand }, { clientConfig }, { toChallengeError }] =
    await Promise.all([import('@aws-sdk/client-codecommit'), import('./session.js'), import('./errors.js')]);
  try {
    const answer = await new CodeCommitClient(clientConfig(session)).send(new ListRepositoriesCommand({}));
    return answer.repositories?.length ?? 0;
  } catch (error) {
    if ((error as { name?: string }).name === 'OperationNotAllowedException') {
      throw new ChallengeError(
        `CodeCommit is closed to this AWS account in ${session.region} (OperationNotAllowedException): AWS lets only accounts (or organizations) that already had a CodeCommit repository use it, so apply would fail creating the app's repository.`,
        {
          code: 'CODECOMMIT_NOT_ALLOWED',
          hint: 'Deploy into an account that already has a CodeCommit repository (--profile <name>), or ask AWS Support to enable CodeCommit for this account.',
        },
      );
    }
    throw toChallengeError(error, session, `listing CodeCommit repositories in ${session.region}`);
  }
}
