import type { AwsSession } from '../aws/session.js';

export type LeftoverKind = 'tagged-resource' | 'log-group' | 'artifact-objects' | 'backup' | 'state';

/** Something of an env still in AWS, and how to remove it. */
export interface Leftover {
  kind: LeftoverKind;
  /** ARN, log group name, s3:// URL. */
  id: string;
  detail?: string;
  /** Kept on purpose (a backup, the state object): listed, but no reason for --strict to fail. */
  expected: boolean;
  remove: string;
}

/** Where to look for one env. */
export interface LeftoverScope {
  /** The stack's default_tags for this env: every resource carrying all of them is the env's. */
  tags: Record<string, string>;
  /** Log group name prefixes of the env (`/ecs/<prefix>/`, `/codebuild/<prefix>-`). */
  logGroupPrefixes: string[];
  /** The artifact bucket and the env's folder in it (CodePipeline's, the first 20 characters of its name). */
  artifacts?: { bucket: string; prefix: string } | undefined;
  /** The table whose on-demand backups are kept on purpose. */
  table?: string | undefined;
  /** The env's state object (S3 backend), kept on purpose. */
  state?: { bucket: string; key: string; region?: string | undefined } | undefined;
}

/** The command that deletes a resource the tagging API found, by its ARN's service and type. */
function removeCommand(arn: string, region: string): string {
  const [, , service = '', , , ...rest] = arn.split(':');
  const resource = rest.join(':');
  const r = `--region ${region}`;
  if (service === 'logs')
    return `aws logs delete-log-group --log-group-name ${resource.replace(/^log-group:/, '').replace(/:\*$/, '')} ${r}`;
  if (service === 'elasticloadbalancing' && resource.startsWith('targetgroup/'))
    return `aws elbv2 delete-target-group --target-group-arn ${arn} ${r}`;
  if (service === 'elasticloadbalancing')
    return `aws elbv2 delete-load-balancer --load-balancer-arn ${arn} ${r}`;
  if (service === 'ecr')
    return `aws ecr delete-repository --repository-name ${resource.replace(/^repository\//, '')} --force ${r}`;
  if (service === 'dynamodb')
    return `aws dynamodb delete-table --table-name ${resource.replace(/^table\//, '')} ${r}`;
  if (service === 's3') return `aws s3 rb s3://${resource} --force`;
  if (service === 'ssm')
    return `aws ssm delete-parameter --name /${resource.replace(/^parameter\//, '')} ${r}`;
  if (service === 'codebuild')
    return `aws codebuild delete-project --name ${resource.replace(/^project\//, '')} ${r}`;
  if (service === 'ecs' && resource.startsWith('cluster/'))
    return `aws ecs delete-cluster --cluster ${resource.replace(/^cluster\//, '')} ${r}`;
  return `delete it in the ${service} console or with \`aws ${service}\` (${arn})`;
}

async function taggedResources(session: AwsSession, tags: Record<string, string>): Promise<Leftover[]> {
  const entries = Object.entries(tags);
  if (entries.length === 0) return [];
  const [{ GetResourcesCommand, ResourceGroupsTaggingAPIClient }, { clientConfig }] = await Promise.all([
    import('@aws-sdk/client-resource-groups-tagging-api'),
    import('../aws/session.js'),
  ]);
  const client = new ResourceGroupsTaggingAPIClient(clientConfig(session));
  const found: Leftover[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new GetResourcesCommand({
        TagFilters: entries.map(([Key, value]) => ({ Key, Values: [value] })),
        ...(token ? { PaginationToken: token } : {}),
      }),
    );
    for (const mapping of page.ResourceTagMappingList ?? []) {
      const arn = mapping.ResourceARN;
      if (arn)
        found.push({
          kind: 'tagged-resource',
          id: arn,
          expected: false,
          remove: removeCommand(arn, session.region),
        });
    }
    token = page.PaginationToken || undefined;
  } while (token);
  return found;
}

async function logGroups(session: AwsSession, prefixes: string[]): Promise<Leftover[]> {
  if (prefixes.length === 0) return [];
  const [{ CloudWatchLogsClient, DescribeLogGroupsCommand }, { clientConfig }] = await Promise.all([
    import('@aws-sdk/client-cloudwatch-logs'),
    import('../aws/session.js'),
  ]);
  const client = new CloudWatchLogsClient(clientConfig(session));
  const found: Leftover[] = [];
  for (const prefix of prefixes) {
    let token: string | undefined;
    do {
      const page = await client.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, ...(token ? { nextToken: token } : {}) }),
      );
      for (const group of page.logGroups ?? []) {
        if (!group.logGroupName) continue;
        found.push({
          kind: 'log-group',
          id: group.logGroupName,
          detail: `${group.storedBytes ?? 0} bytes stored`,
          expected: false,
          remove: `aws logs delete-log-group --log-group-name ${group.logGroupName} --region ${session.region}`,
        });
      }
      token = page.nextToken;
    } while (token);
  }
  return found;
}

async function s3Objects(
  session: AwsSession,
  bucket: string,
  prefix: string,
): Promise<{ count: number; bytes: number }> {
  const [{ ListObjectsV2Command, S3Client }, { clientConfig }, { accountOf }] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('../aws/session.js'),
    import('../aws/identity.js'),
  ]);
  const owner = session.account ?? (await accountOf(session));
  const client = new S3Client(clientConfig(session));
  let count = 0;
  let bytes = 0;
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ExpectedBucketOwner: owner,
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    for (const object of page.Contents ?? []) {
      if (prefix.endsWith('/') || object.Key === prefix) {
        count += 1;
        bytes += object.Size ?? 0;
      }
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return { count, bytes };
}

async function tableBackups(session: AwsSession, table: string): Promise<Leftover[]> {
  const [{ DynamoDBClient, ListBackupsCommand }, { clientConfig }] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('../aws/session.js'),
  ]);
  const client = new DynamoDBClient(clientConfig(session));
  const found: Leftover[] = [];
  let start: string | undefined;
  do {
    const page = await client.send(
      new ListBackupsCommand({
        TableName: table,
        BackupType: 'USER',
        ...(start ? { ExclusiveStartBackupArn: start } : {}),
      }),
    );
    for (const backup of page.BackupSummaries ?? []) {
      if (!backup.BackupArn) continue;
      found.push({
        kind: 'backup',
        id: backup.BackupArn,
        detail: `${backup.BackupName ?? ''} of ${table}, ${backup.BackupStatus ?? ''}`,
        expected: true,
        remove: `aws dynamodb delete-backup --backup-arn ${backup.BackupArn} --region ${session.region}`,
      });
    }
    start = page.LastEvaluatedBackupArn;
  } while (start);
  return found;
}

/**
 * What an env still has in AWS: resources carrying its tags (Resource Groups Tagging API GetResources),
 * its log groups (DescribeLogGroups by prefix, which also finds groups AWS services created untagged),
 * the pipeline's artifacts under its folder of the artifact bucket, the table's on-demand backups and
 * the state object (both kept on purpose). Each with the command that removes it.
 * https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
 */
export async function findLeftovers(session: AwsSession, scope: LeftoverScope): Promise<Leftover[]> {
  const { toChallengeError } = await import('../aws/errors.js');
  const guard = <T>(doing: string, call: () => Promise<T>) =>
    call().catch((error: unknown) => {
      throw toChallengeError(error, session, doing);
    });
  const [tagged, groups, backups] = await Promise.all([
    guard('listing the resources tagged with the env', () => taggedResources(session, scope.tags)),
    guard("listing the env's log groups", () => logGroups(session, scope.logGroupPrefixes)),
    scope.table
      ? guard("listing the table's backups", () => tableBackups(session, scope.table as string))
      : [],
  ]);
  // A log group found by its tags and by its name is one leftover.
  const groupNames = new Set(groups.map((group) => group.id));
  const leftovers = [
    ...tagged.filter((resource) => {
      const match = /:log-group:(.+?)(:\*)?$/.exec(resource.id);
      return !(match?.[1] && groupNames.has(match[1]));
    }),
    ...groups,
  ];
  if (scope.artifacts) {
    const { bucket, prefix } = scope.artifacts;
    const { count, bytes } = await guard(`listing s3://${bucket}/${prefix}`, () =>
      s3Objects(session, bucket, prefix),
    );
    if (count > 0)
      leftovers.push({
        kind: 'artifact-objects',
        id: `s3://${bucket}/${prefix}`,
        detail: `${count} object${count === 1 ? '' : 's'}, ${bytes} bytes`,
        expected: false,
        remove: `aws s3 rm s3://${bucket}/${prefix} --recursive`,
      });
  }
  leftovers.push(...backups);
  if (scope.state) {
    const { bucket, key, region } = scope.state;
    const stateSession = { ...session, region: region ?? session.region };
    const { count } = await guard(`looking for s3://${bucket}/${key}`, () =>
      s3Objects(stateSession, bucket, key),
    );
    if (count > 0)
      leftovers.push({
        kind: 'state',
        id: `s3://${bucket}/${key}`,
        detail: "the env's Terraform state (its history; a later apply starts from it)",
        expected: true,
        remove: `aws s3 rm s3://${bucket}/${key}`,
      });
  }
  return leftovers;
}
