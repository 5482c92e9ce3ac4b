import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cloudWatchLogsHandler,
  dynamoDbHandler,
  type FakeAws,
  type FakeDynamoDbState,
  type FakeLogGroups,
  type FakeTaggedResource,
  s3Buckets,
  startFakeAws,
  stsHandler,
  taggingHandler,
} from '@challenge/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRoot, runCli } from './helpers/cli.js';

// An env of a root shaped like the stack (tags, project_name, artifact_store, region), its AWS account a
// loopback fake: `destroy --check` reports what the env still has there, and destroys nothing.
const ROOT = {
  'main.tf': `
provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "us-east-2"
}
variable "tags" {
  type = map(string)
}
variable "project_name" {
  type    = string
  default = "challenge"
}
variable "artifact_store" {
  type = string
}
`,
  'vars/mock.tfvars.json': JSON.stringify({
    tags: { project: 'shop', env: 'mock' },
    project_name: 'shop',
    artifact_store: 'shop-artifacts',
  }),
};
const TARGET_GROUP =
  'arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/shop-mock-tg/0123456789abcdef';

interface Account {
  logGroups: FakeLogGroups;
  tagged: FakeTaggedResource[];
  dynamodb: FakeDynamoDbState;
  objects: Array<[string, string]>;
}

let fake: FakeAws | undefined;
let home: string | undefined;

afterEach(async () => {
  await fake?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

async function check(account: Account, extra: string[] = []) {
  const s3 = s3Buckets({ buckets: [{ name: 'shop-artifacts', region: 'us-east-2' }] });
  for (const [key, body] of account.objects) s3.putObject('shop-artifacts', key, body);
  fake = await startFakeAws({
    handlers: {
      sts: stsHandler(),
      s3: s3.handler,
      logs: cloudWatchLogsHandler(account.logGroups),
      tagging: taggingHandler(account.tagged),
      dynamodb: dynamoDbHandler(account.dynamodb),
    },
  });
  const root = await makeRoot(ROOT);
  home = await mkdtemp(join(tmpdir(), 'challenge-leftovers-home-'));
  return runCli(['destroy', '--dir', root, '--env', 'mock', '--check', ...extra], {
    env: {
      AWS_ENDPOINT_URL: fake.url,
      AWS_ACCESS_KEY_ID: 'AKIDLEFTOVERS',
      AWS_SECRET_ACCESS_KEY: 'leftovers-secret',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    },
  });
}

describe('destroy --check: what an env still has in AWS', () => {
  it('lists a leftover log group, a tagged orphan target group and artifact objects, each with its removal', async () => {
    const result = await check(
      {
        logGroups: { '/ecs/shop-mock/app': {}, '/ecs/shop-dev/app': {} },
        tagged: [
          { arn: TARGET_GROUP, tags: { project: 'shop', env: 'mock' } },
          {
            arn: 'arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/shop-dev-tg/0123456789abcdef',
            tags: { project: 'shop', env: 'dev' },
          },
        ],
        dynamodb: { tables: {}, backups: [] },
        objects: [
          ['shop-mock-pipeline/SourceArti/a1b2c3.zip', 'zip'],
          ['shop-mock-pipeline/BuildArtif/d4e5f6.zip', 'zipzip'],
          ['shop-dev-pipeline/SourceArti/0000.zip', 'other env'],
        ],
      },
      ['--strict'],
    );
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stdout).toContain('What env mock still has in AWS:');
    expect(result.stdout).toContain(`tagged resource: ${TARGET_GROUP}`);
    expect(result.stdout).toContain(
      `remove: aws elbv2 delete-target-group --target-group-arn ${TARGET_GROUP} --region us-east-2`,
    );
    expect(result.stdout).toContain('log group: /ecs/shop-mock/app');
    expect(result.stdout).toContain(
      'remove: aws logs delete-log-group --log-group-name /ecs/shop-mock/app --region us-east-2',
    );
    expect(result.stdout).toContain(
      'pipeline artifacts: s3://shop-artifacts/shop-mock-pipeline/ (2 objects, 9 bytes)',
    );
    expect(result.stdout).toContain('remove: aws s3 rm s3://shop-artifacts/shop-mock-pipeline/ --recursive');
    // Another env's things are not this env's leftovers.
    expect(result.stdout).not.toContain('shop-dev');
    expect(result.stdout).not.toContain('Destroyed');
  });

  it('reports nothing for an empty account, and --strict exits 0; kept backups are listed but expected', async () => {
    const empty = await check(
      { logGroups: {}, tagged: [], dynamodb: { tables: {}, backups: [] }, objects: [] },
      ['--strict'],
    );
    expect(empty.exitCode, empty.stderr).toBe(0);
    expect(empty.stdout.trim()).toBe('Nothing of env mock is left in AWS.');
    await fake?.close();

    const kept = await check(
      {
        logGroups: {},
        tagged: [],
        dynamodb: {
          tables: { 'shop-mock-candidates': { itemCount: 2 } },
          backups: [
            {
              arn: 'arn:aws:dynamodb:us-east-2:123456789012:table/shop-mock-candidates/backup/01765147000000-0000abcd',
              name: 'mock-shop-mock-candidates-20261207T220000Z',
              table: 'shop-mock-candidates',
              status: 'AVAILABLE',
              createdAt: 1_765_147_000,
              itemCount: 2,
            },
          ],
        },
        objects: [],
      },
      ['--strict', '--json'],
    );
    expect(kept.exitCode, kept.stderr).toBe(0);
    const { leftovers } = JSON.parse(kept.stdout) as { leftovers: Array<Record<string, unknown>> };
    expect(leftovers).toEqual([
      expect.objectContaining({
        kind: 'backup',
        expected: true,
        remove: expect.stringContaining('aws dynamodb delete-backup --backup-arn arn:aws:dynamodb:'),
      }),
    ]);
  });
});
