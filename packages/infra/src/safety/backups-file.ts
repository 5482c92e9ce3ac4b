import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../files/atomic-write.js';

/** One on-demand backup `challenge destroy` took, as kept in the env's data dir. */
export interface BackupRecord {
  env: string;
  table: string;
  region: string;
  backupArn: string;
  backupName: string;
  /** ISO time the backup was requested. */
  createdAt: string;
  itemCount: number | undefined;
  /** The command that makes a new table from it. */
  restore: string;
}

export const backupsFile = (dataDir: string) => join(dataDir, 'backups.json');

export async function readBackupRecords(dataDir: string): Promise<BackupRecord[]> {
  try {
    const parsed = JSON.parse(await readFile(backupsFile(dataDir), 'utf8')) as unknown;
    return Array.isArray(parsed) ? (parsed as BackupRecord[]) : [];
  } catch {
    return [];
  }
}

/** Adds a record (never removes one: the CLI deletes no backup, nor the memory of one). */
export async function appendBackupRecord(dataDir: string, record: BackupRecord): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dataDir, { recursive: true });
  const records = [...(await readBackupRecords(dataDir)), record];
  await writeFileAtomically(backupsFile(dataDir), `${JSON.stringify(records, null, 2)}\n`, { mode: 0o600 });
}

export function restoreCommand(record: Pick<BackupRecord, 'table' | 'backupArn' | 'region'>): string {
  return `aws dynamodb restore-table-from-backup --target-table-name ${record.table} --backup-arn ${record.backupArn} --region ${record.region}`;
}
