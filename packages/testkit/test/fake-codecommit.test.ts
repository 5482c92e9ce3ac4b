import { CodeCommitClient, ListRepositoriesCommand } from '@aws-sdk/client-codecommit';
import { afterEach, describe, expect, it } from 'vitest';
import { codeCommitHandler, type FakeAws, startFakeAws } from '../src/index.js';

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function client(url: string, region: string) {
  return new CodeCommitClient({
    endpoint: url,
    region,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
  });
}

describe('fake CodeCommit, through the real SDK', () => {
  it('lists the repositories of the region asked, sorted', async () => {
    fake = await startFakeAws({
      handlers: { codecommit: codeCommitHandler({ repositories: { 'us-east-2': ['zeta', 'alpha'] } }) },
    });
    const east2 = await client(fake.url, 'us-east-2').send(new ListRepositoriesCommand({}));
    expect(east2.repositories?.map((repository) => repository.repositoryName)).toEqual(['alpha', 'zeta']);
    const west = await client(fake.url, 'eu-west-1').send(
      new ListRepositoriesCommand({ order: 'descending' }),
    );
    expect(west.repositories).toEqual([]);
    expect(fake.calls('codecommit', 'ListRepositories')).toHaveLength(2);
  });

  it('answers OperationNotAllowedException for an account that never had a repository', async () => {
    fake = await startFakeAws({ handlers: { codecommit: codeCommitHandler({ notAllowed: true }) } });
    await expect(client(fake.url, 'us-east-2').send(new ListRepositoriesCommand({}))).rejects.toMatchObject({
      name: 'OperationNotAllowedException',
      $metadata: { httpStatusCode: 400 },
    });
  });
});
