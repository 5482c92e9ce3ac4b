import type { FakeAwsRequest, FakeAwsResponse } from './exchange.js';
import type { ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';

export interface FakeDynamoDbTable {
  itemCount: number;
  /** Seconds since the epoch. */
  createdAt?: number;
  deletionProtection?: boolean;
  hashKey?: string;
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

const keySchema = (table: FakeDynamoDbTable | undefined) => [
  { AttributeName: table?.hashKey ?? 'CandidateName', KeyType: 'HASH' },
];

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
        KeySchema: keySchema(table),
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

/** An on-demand table as DescribeTable reports it (what the Terraform provider reads). */
function tableDescription(state: FakeDynamoDbState, name: string, status = 'ACTIVE') {
  const table = state.tables[name];
  return {
    TableName: name,
    TableArn: tableArn(state, name),
    TableId: '00000000-0000-4000-8000-000000000000',
    TableStatus: status,
    KeySchema: keySchema(table),
    AttributeDefinitions: [{ AttributeName: table?.hashKey ?? 'CandidateName', AttributeType: 'S' }],
    BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
    ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    CreationDateTime: table?.createdAt ?? 1_765_000_000,
    ItemCount: table?.itemCount ?? 0,
    TableSizeBytes: (table?.itemCount ?? 0) * 64,
    DeletionProtectionEnabled: table?.deletionProtection === true,
  };
}

const notFound = () => dynamoError('ResourceNotFoundException', 'Requested resource not found');

function tableOf(state: FakeDynamoDbState, request: FakeAwsRequest): string | undefined {
  const name = String(request.json?.['TableName'] ?? request.json?.['ResourceArn'] ?? '').replace(
    /^arn:.*:table\//,
    '',
  );
  return state.tables[name] ? name : undefined;
}

/** CreateTable of an on-demand table keyed by one string attribute (what the stack declares). */
function createTable(state: FakeDynamoDbState, request: FakeAwsRequest): FakeAwsResponse {
  const body = request.json ?? {};
  const name = String(body['TableName'] ?? '');
  if (state.tables[name]) return dynamoError('ResourceInUseException', `Table already exists: ${name}`);
  const key = (body['KeySchema'] as Array<{ AttributeName?: string }> | undefined)?.[0]?.AttributeName;
  state.tables[name] = {
    itemCount: 0,
    createdAt: Math.floor(Date.now() / 1000),
    deletionProtection: body['DeletionProtectionEnabled'] === true,
    ...(key ? { hashKey: key } : {}),
  };
  return dynamoResult({ TableDescription: tableDescription(state, name, 'CREATING') });
}

function describeTable(state: FakeDynamoDbState, request: FakeAwsRequest): FakeAwsResponse {
  const name = tableOf(state, request);
  return name ? dynamoResult({ Table: tableDescription(state, name) }) : notFound();
}

/** UpdateTable: the deletion protection (the one setting the CLI changes through Terraform). */
function updateTable(state: FakeDynamoDbState, request: FakeAwsRequest): FakeAwsResponse {
  const name = tableOf(state, request);
  const table = name ? state.tables[name] : undefined;
  if (!name || !table) return notFound();
  const protection = request.json?.['DeletionProtectionEnabled'];
  if (typeof protection === 'boolean') table.deletionProtection = protection;
  return dynamoResult({ TableDescription: tableDescription(state, name, 'UPDATING') });
}

/**
 * DeleteTable, refused while deletion protection is on.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html
 */
function deleteTable(state: FakeDynamoDbState, request: FakeAwsRequest): FakeAwsResponse {
  const name = tableOf(state, request);
  if (!name) return notFound();
  if (state.tables[name]?.deletionProtection) {
    return dynamoError(
      'ValidationException',
      `Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.`,
    );
  }
  const description = tableDescription(state, name, 'DELETING');
  delete state.tables[name];
  return dynamoResult({ TableDescription: description });
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
    CreateTable: createTable,
    DescribeTable: describeTable,
    UpdateTable: updateTable,
    DeleteTable: deleteTable,
    DescribeContinuousBackups: (state, request) =>
      tableOf(state, request)
        ? dynamoResult({
            ContinuousBackupsDescription: {
              ContinuousBackupsStatus: 'ENABLED',
              PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' },
            },
          })
        : dynamoError('TableNotFoundException', 'Table not found'),
    DescribeTimeToLive: (state, request) =>
      tableOf(state, request)
        ? dynamoResult({ TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } })
        : notFound(),
    ListTagsOfResource: (state, request) =>
      tableOf(state, request) ? dynamoResult({ Tags: [] }) : notFound(),
  },
});

/**
 * DynamoDB (awsJson1_0, DynamoDB_20120810): the control plane of an on-demand table as the Terraform
 * provider drives it (Create/Describe/Update/DeleteTable, DescribeContinuousBackups, DescribeTimeToLive,
 * ListTagsOfResource; DeleteTable refused while protected), Scan with Select=COUNT, CreateBackup (CREATING),
 * DescribeBackup (AVAILABLE after `creatingPolls` answers), ListBackups; TableNotFoundException,
 * BackupNotFoundException and ResourceNotFoundException as AWS names them.
 */
export function dynamoDbHandler(state: FakeDynamoDbState): ServiceHandler {
  return DYNAMODB.handler(state);
}
