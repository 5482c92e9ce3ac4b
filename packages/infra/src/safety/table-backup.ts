import type { AwsSession } from '../aws/session.js';
import { ChallengeError } from '../errors.js';
import { appendBackupRecord, type BackupRecord, restoreCommand } from './backups-file.js';

/**
 * The exact number of items: Scan with Select=COUNT, page by page. DescribeTable's ItemCount is cheaper
 * but AWS refreshes it only about every six hours, so a table filled an hour ago could show 0 items
 * right before it is deleted.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html (ItemCount)
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html (Select COUNT)
 */
export async function countTableItems(session: AwsSession, table: string): Promise<number | undefined> {
  const [{ DynamoDBClient, ScanCommand }, { clientConfig }, { toChallengeError }] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('../aws/session.js'),
    import('../aws/errors.js'),
  ]);
  const client = new DynamoDBClient(clientConfig(session));
  let count = 0;
  let start: Record<string, unknown> | undefined;
  try {
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: table,
          Select: 'COUNT',
          ...(start ? { ExclusiveStartKey: start as never } : {}),
        }),
      );
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
  } catch (error) {
    // Already gone from AWS (deleted outside Terraform): there is nothing to count or back up.
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw toChallengeError(error, session, `counting the items of table ${table}`);
  }
  return count;
}

export interface BackupOptions {
  env: string;
  table: string;
  dataDir: string;
  itemCount: number | undefined;
  /** Between two DescribeBackup calls (default 2 s). */
  pollMs?: number;
  /** How long to wait for AVAILABLE (default 10 min). */
  timeoutMs?: number;
  now?: Date;
}

/** `<env>-<table>-20261207T225812Z`: BackupName allows letters, digits, `_`, `.`, `-` (3-255). */
export function backupName(env: string, table: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${env}-${table}-${stamp}`.replace(/[^a-zA-Z0-9_.-]/g, '-').slice(0, 255);
}

/**
 * An on-demand backup of the table (CreateBackup), waited for until DescribeBackup says AVAILABLE, then
 * recorded in the env's data dir (backups.json) with the command that restores it. The backup is kept
 * until the user deletes it: the CLI never does.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateBackup.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeBackup.html
 */
export async function backupTable(session: AwsSession, options: BackupOptions): Promise<BackupRecord> {
  const [
    { CreateBackupCommand, DescribeBackupCommand, DynamoDBClient },
    { clientConfig },
    { toChallengeError },
  ] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('../aws/session.js'),
    import('../aws/errors.js'),
  ]);
  const client = new DynamoDBClient(clientConfig(session));
  const now = options.now ?? new Date();
  const name = backupName(options.env, options.table, now);
  let arn: string | undefined;
  try {
    const created = await client.send(
      new CreateBackupCommand({ TableName: options.table, BackupName: name }),
    );
    arn = created.BackupDetails?.BackupArn;
  } catch (error) {
    throw toChallengeError(error, session, `backing up table ${options.table}`);
  }
  if (!arn) throw new ChallengeError(`CreateBackup of table ${options.table} returned no backup ARN.`);
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const deadline = Date.now() + timeoutMs;
  let status: string | undefined;
  for (;;) {
    try {
      const described = await client.send(new DescribeBackupCommand({ BackupArn: arn }));
      status = described.BackupDescription?.BackupDetails?.BackupStatus;
    } catch (error) {
      throw toChallengeError(error, session, `checking backup ${arn}`);
    }
    if (status === 'AVAILABLE') break;
    if (status === 'DELETED' || Date.now() >= deadline) {
      throw new ChallengeError(
        `The backup of table ${options.table} is ${status ?? 'unknown'} after ${Math.round(timeoutMs / 1000)} s, not AVAILABLE: nothing was destroyed.`,
        {
          code: 'BACKUP_NOT_AVAILABLE',
          hint: `Check it with: aws dynamodb describe-backup --backup-arn ${arn} --region ${session.region}; run destroy again once it is AVAILABLE (or with --skip-backup to go without one).`,
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2000));
  }
  const record: BackupRecord = {
    env: options.env,
    table: options.table,
    region: session.region,
    backupArn: arn,
    backupName: name,
    createdAt: now.toISOString(),
    itemCount: options.itemCount,
    restore: '',
  };
  record.restore = restoreCommand(record);
  await appendBackupRecord(options.dataDir, record);
  return record;
}
