import type { FakeAwsRequest, FakeAwsResponse } from './exchange.js';
import type { ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';

export interface FakeDynamoDbTable {
  itemCount: number;
  /** Seconds since the epoch. */
  createdAt?: number;
}

export interface FakeDynamoDbBackup {
  arn: string;
  name: string;
  table: string;
  status: 'CREATING' | 'AVAILABLE' | 'DELETED';
  /** Seconds since the epoch. */
  createdAt: number;
  itemCount: number;
}

/**
 * DynamoDB's control plane for backups (dynalite, the local DynamoDB used for data, has none): the
 * tables by name with their item count, the backups made so far, and how many DescribeBackup answers say
 * CREATING before AVAILABLE (AWS takes a moment; `neverAvailable` models a backup that never finishes).
 */
export interface FakeDynamoDbState {
  tables: Record<string, FakeDynamoDbTable>;
  backups: FakeDynamoDbBackup[];
  creatingPolls?: number;
  neverAvailable?: boolean;
  region?: string;
  account?: string;
}

const KEY_SCHEMA = [{ AttributeName: 'CandidateName', KeyType: 'HASH' }];

function dynamoResult(body: unknown): FakeAwsResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    body: JSON.stringify(body),
  };
}

function dynamoError(type: string, message: string): FakeAwsResponse {
  return {
    status: 400,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }),
  };
}

const tableArn = (state: FakeDynamoDbState, name: string) =>
  `arn:aws:dynamodb:${state.region ?? 'us-east-2'}:${state.account ?? '123456789012'}:table/${name}`;

function details(backup: FakeDynamoDbBackup) {
  return {
    BackupArn: backup.arn,
    BackupName: backup.name,
    BackupStatus: backup.status,
    BackupType: 'USER',
    BackupCreationDateTime: backup.createdAt,
    BackupSizeBytes: backup.itemCount * 64,
  };
}

/** Scan with Select=COUNT (the only form the CLI sends): the table's items counted, one page. */
function scan(state: FakeDynamoDbState, request: FakeAwsRequest): FakeAwsResponse {
  const body = request.json ?? {};
  const name = String(body['TableName'] ?? '');
  const table = state.tables[name];
  if (!table) return dynamoError('ResourceNotFoundException', 'Requested resource not found');
  if (body['Select'] !== 'COUNT') {
    return dynamoError('ValidationException', 'This fake answers Scan with Select=COUNT only');
  }
  return dynamoResult({ Count: table.itemCount, ScannedCount: table.itemCount });
}

function createBackup(state: FakeDynamoDbState, request: FakeAwsRequest): FakeAwsResponse {
  const body = request.json ?? {};
  const name = String(body['TableName'] ?? '');
  const table = state.tables[name];
  if (!table) return dynamoError('TableNotFoundException', `Table not found: ${name}`);
  const backupName = String(body['BackupName'] ?? '');
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateBackup.html
  if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(backupName)) {
    return dynamoError(
      'ValidationException',
      `1 validation error detected: Value '${backupName}' at 'backupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+`,
    );
  }
  const createdAt = Math.floor(Date.now() / 1000);
  const backup: FakeDynamoDbBackup = {
    arn: `${tableArn(state, name)}/backup/${String(createdAt * 1000).padStart(17, '0')}-${state.backups.length.toString(16).padStart(8, '0')}`,
    name: backupName,
    table: name,
    status: 'CREATING',
    createdAt,
    itemCount: table.itemCount,
  };
  state.backups.push(backup);
  return dynamoResult({ BackupDetails: details(backup) });
}

function describeBackup(state: FakeDynamoDbState, request: FakeAwsRequest): FakeAwsResponse {
  const arn = String(request.json?.['BackupArn'] ?? '');
  const backup = state.backups.find((candidate) => candidate.arn === arn);
  if (!backup) return dynamoError('BackupNotFoundException', `Backup not found: ${arn}`);
  if (backup.status === 'CREATING' && !state.neverAvailable) {
    if ((state.creatingPolls ?? 0) > 0) state.creatingPolls = (state.creatingPolls ?? 0) - 1;
    else backup.status = 'AVAILABLE';
  }
  const table = state.tables[backup.table];
  return dynamoResult({
    BackupDescription: {
      BackupDetails: details(backup),
      SourceTableDetails: {
        TableName: backup.table,
        TableId: '00000000-0000-4000-8000-000000000000',
        TableArn: tableArn(state, backup.table),
        KeySchema: KEY_SCHEMA,
        TableCreationDateTime: table?.createdAt ?? backup.createdAt - 3600,
        // The model requires a throughput of at least 1 here, so the source table is a provisioned one.
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        ItemCount: backup.itemCount,
        BillingMode: 'PROVISIONED',
      },
    },
  });
}

/** ListBackups of one table (TableName) or of the account, user backups, one page. */
function listBackups(state: FakeDynamoDbState, request: FakeAwsRequest): FakeAwsResponse {
  const table = request.json?.['TableName'];
  return dynamoResult({
    BackupSummaries: state.backups
      .filter((backup) => table === undefined || backup.table === table)
      .filter((backup) => backup.status !== 'DELETED')
      .map((backup) => ({
        TableName: backup.table,
        TableArn: tableArn(state, backup.table),
        ...details(backup),
      })),
  });
}

const DYNAMODB = defineFakeService<FakeDynamoDbState>({
  model: 'dynamodb',
  signingName: 'dynamodb',
  protocol: 'json',
  operations: {
    Scan: scan,
    CreateBackup: createBackup,
    DescribeBackup: describeBackup,
    ListBackups: listBackups,
  },
});

/**
 * DynamoDB (awsJson1_0, DynamoDB_20120810): Scan with Select=COUNT, CreateBackup (CREATING),
 * DescribeBackup (AVAILABLE after `creatingPolls` answers), ListBackups; TableNotFoundException,
 * BackupNotFoundException and ResourceNotFoundException as AWS names them.
 */
export function dynamoDbHandler(state: FakeDynamoDbState): ServiceHandler {
  return DYNAMODB.handler(state);
}
