import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dynamoDbHandler, type FakeAws, type FakeDynamoDbState, startFakeAws } from '@challenge/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupTable, countTableItems, readBackupRecords } from '../src/index.js';

const session = { profile: undefined, region: 'us-east-2' };
const saved = { ...process.env };
let fake: FakeAws;
let state: FakeDynamoDbState;
let dataDir: string;

beforeEach(async () => {
  state = { tables: { 'shop-mock-candidates': { itemCount: 3 } }, backups: [], creatingPolls: 2 };
  fake = await startFakeAws({ handlers: { dynamodb: dynamoDbHandler(state) } });
  dataDir = await mkdtemp(join(tmpdir(), 'challenge-backups-'));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: fake.url,
    AWS_ACCESS_KEY_ID: 'AKIDBACKUP',
    AWS_SECRET_ACCESS_KEY: 'backup-secret',
    AWS_CONFIG_FILE: join(dataDir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'no-credentials'),
  });
});

afterEach(async () => {
  process.env = { ...saved };
  await fake.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the table backup destroy takes', () => {
  it('counts the items exactly, and says when the table is already gone', async () => {
    expect(await countTableItems(session, 'shop-mock-candidates')).toBe(3);
    expect(await countTableItems(session, 'shop-mock-gone')).toBeUndefined();
  });

  it('waits until the backup is AVAILABLE, then records its ARN and restore command in the data dir', async () => {
    const now = new Date('2026-12-07T22:58:12.345Z');
    const record = await backupTable(session, {
      env: 'mock',
      table: 'shop-mock-candidates',
      dataDir,
      itemCount: 3,
      pollMs: 10,
      now,
    });
    expect(record.backupName).toBe('mock-shop-mock-candidates-20261207T225812Z');
    expect(state.backups).toHaveLength(1);
    expect(state.backups[0]).toMatchObject({ status: 'AVAILABLE', name: record.backupName });
    // CREATING twice, then AVAILABLE: three DescribeBackup calls.
    expect(fake.requests.filter((r) => r.action === 'DescribeBackup')).toHaveLength(3);
    expect(record.restore).toBe(
      `aws dynamodb restore-table-from-backup --target-table-name shop-mock-candidates --backup-arn ${state.backups[0]?.arn} --region us-east-2`,
    );
    expect(await readBackupRecords(dataDir)).toEqual([record]);
    const second = await backupTable(session, {
      env: 'mock',
      table: 'shop-mock-candidates',
      dataDir,
      itemCount: 3,
      pollMs: 10,
    });
    // Records are only ever added.
    expect((await readBackupRecords(dataDir)).map((r) => r.backupArn)).toEqual([
      record.backupArn,
      second.backupArn,
    ]);
    expect(JSON.parse(await readFile(join(dataDir, 'backups.json'), 'utf8'))).toHaveLength(2);
  });

  it('stops with a clear error when the backup never becomes AVAILABLE, and records nothing', async () => {
    state.neverAvailable = true;
    const attempt = backupTable(session, {
      env: 'mock',
      table: 'shop-mock-candidates',
      dataDir,
      itemCount: 3,
      pollMs: 20,
      timeoutMs: 100,
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'BACKUP_NOT_AVAILABLE',
      message: expect.stringContaining('is CREATING after 0 s, not AVAILABLE: nothing was destroyed'),
      hint: expect.stringContaining('aws dynamodb describe-backup --backup-arn arn:aws:dynamodb:us-east-2:'),
    });
    expect(await readBackupRecords(dataDir)).toEqual([]);
  });
});
