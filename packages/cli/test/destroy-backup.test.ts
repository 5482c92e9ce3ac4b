import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cloudWatchLogsHandler,
  dynamoDbHandler,
  type FakeAws,
  type FakeDynamoDbState,
  startFakeAws,
  stsHandler,
  taggingHandler,
} from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRoot, runCli } from './helpers/cli.js';

// A root holding the stack's table as the stack declares it (deletion protection from the
// dynamodb_deletion_protection variable), applied and destroyed by the built CLI through the real
// Terraform provider against a loopback DynamoDB control plane.
const TABLE = 'challenge-mock-candidates';
const ROOT = {
  'main.tf': `
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "us-east-2"
}

variable "dynamodb_deletion_protection" {
  type    = bool
  default = true
}

resource "aws_dynamodb_table" "candidates" {
  name                        = "${TABLE}"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "CandidateName"
  deletion_protection_enabled = var.dynamodb_deletion_protection

  attribute {
    name = "CandidateName"
    type = "S"
  }
}
`,
  'vars/mock.tfvars.json': '{}\n',
};

let fake: FakeAws;
let home: string;
/** The root of the first test and its state right after the apply (the second test destroys it again). */
let root: string;
let appliedState: string;
const dynamodb: FakeDynamoDbState = { tables: {}, backups: [] };

beforeAll(async () => {
  fake = await startFakeAws({
    handlers: {
      sts: stsHandler(),
      dynamodb: dynamoDbHandler(dynamodb),
      logs: cloudWatchLogsHandler({}),
      tagging: taggingHandler([]),
    },
  });
  home = await mkdtemp(join(tmpdir(), 'challenge-destroy-home-'));
});

afterAll(async () => {
  await fake?.close();
  await rm(home, { recursive: true, force: true });
});

const cli = (args: string[]) =>
  runCli(args, {
    env: {
      AWS_ENDPOINT_URL: fake.url,
      AWS_ACCESS_KEY_ID: 'AKIDDESTROY',
      AWS_SECRET_ACCESS_KEY: 'destroy-secret',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      CHALLENGE_BACKUP_POLL_MS: '20',
    },
  });

async function applied(root: string): Promise<void> {
  const apply = await cli(['apply', '--dir', root, '--env', 'mock', '--yes', '--skip-preflight']);
  expect(apply.exitCode, apply.stderr).toBe(0);
  expect(dynamodb.tables[TABLE]?.deletionProtection).toBe(true);
  // Two candidates stored by the app.
  (dynamodb.tables[TABLE] as { itemCount: number }).itemCount = 2;
}

describe('destroy of an env with the candidates table', () => {
  it('shows the item count, backs the table up, lifts its protection through Terraform, then destroys', async () => {
    root = await makeRoot(ROOT);
    await applied(root);
    appliedState = await readFile(statePath(root), 'utf8');
    const destroyed = await cli(['destroy', '--dir', root, '--env', 'mock', '--yes']);
    expect(destroyed.exitCode, destroyed.stderr).toBe(0);
    expect(destroyed.stdout).toContain(`Table ${TABLE} holds 2 items.`);
    expect(dynamodb.backups).toHaveLength(1);
    const backup = dynamodb.backups[0];
    expect(backup).toMatchObject({ table: TABLE, status: 'AVAILABLE', itemCount: 2 });
    expect(backup?.name).toMatch(new RegExp(`^mock-${TABLE}-\\d{8}T\\d{6}Z$`));
    expect(destroyed.stdout).toContain(`Backup of table ${TABLE} (2 items): ${backup?.arn}`);
    expect(destroyed.stdout).toContain(
      `restore with: aws dynamodb restore-table-from-backup --target-table-name ${TABLE} --backup-arn ${backup?.arn} --region us-east-2`,
    );
    const records = JSON.parse(
      await readFile(join(root, '.terraform', 'envs', 'mock', 'backups.json'), 'utf8'),
    ) as Array<{ backupArn: string }>;
    expect(records.map((r) => r.backupArn)).toEqual([backup?.arn]);
    // The protection came off through Terraform (UpdateTable), before DeleteTable.
    const actions = fake.requests.filter((r) => r.service === 'dynamodb').map((r) => r.action);
    expect(actions.indexOf('CreateBackup')).toBeLessThan(actions.indexOf('UpdateTable'));
    expect(actions.indexOf('UpdateTable')).toBeLessThan(actions.indexOf('DeleteTable'));
    expect(dynamodb.tables[TABLE]).toBeUndefined();
    expect(destroyed.stdout).toContain('Destroyed env mock.');
    // The leftovers report ends it: the backup is kept on purpose.
    expect(destroyed.stdout).toContain(`backup (kept on purpose): ${backup?.arn}`);
    expect(destroyed.stdout).toContain(`remove: aws dynamodb delete-backup --backup-arn ${backup?.arn}`);
  }, 240_000);

  it('with --skip-backup makes no backup and says what goes', async () => {
    // The same env again as the apply left it, its table unprotected this time (no lift: a shorter run).
    await writeFile(join(root, 'vars', 'mock.tfvars.json'), '{ "dynamodb_deletion_protection": false }\n');
    await writeFile(
      statePath(root),
      appliedState.replace('"deletion_protection_enabled": true', '"deletion_protection_enabled": false'),
    );
    dynamodb.tables[TABLE] = { itemCount: 2, deletionProtection: false };
    const before = dynamodb.backups.length;
    const destroyed = await cli(['destroy', '--dir', root, '--env', 'mock', '--yes', '--skip-backup']);
    expect(destroyed.exitCode, destroyed.stderr).toBe(0);
    expect(destroyed.stdout).toContain(`Table ${TABLE} holds 2 items.`);
    expect(destroyed.stdout).toContain(`--skip-backup: no backup of table ${TABLE}; its 2 items go with it.`);
    expect(dynamodb.backups).toHaveLength(before);
    expect(dynamodb.tables[TABLE]).toBeUndefined();
  }, 240_000);
});

const statePath = (dir: string) => join(dir, 'terraform.tfstate.d', 'mock', 'terraform.tfstate');
