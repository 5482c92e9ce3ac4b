import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { BatchGetBuildsCommand, CodeBuildClient } from '@aws-sdk/client-codebuild';
import {
  CodeCommitClient,
  GetCommitCommand,
  GetDifferencesCommand,
  ListRepositoriesCommand,
} from '@aws-sdk/client-codecommit';
import {
  CodePipelineClient,
  GetPipelineCommand,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  PutApprovalResultCommand,
} from '@aws-sdk/client-codepipeline';
import {
  CreateBackupCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeBackupCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListBackupsCommand,
  ListTagsOfResourceCommand,
  ScanCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateKeyPairCommand,
  DescribeAvailabilityZonesCommand,
  DescribeKeyPairsCommand,
  DescribeRegionsCommand,
  EC2Client,
  ImportKeyPairCommand,
} from '@aws-sdk/client-ec2';
import { BatchGetImageCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ExecuteCommandCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeTagsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketEncryptionCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  RemoveTagsFromResourceCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  appendLogEvents,
  cloudWatchLogsHandler,
  codeBuildHandler,
  codeCommitCommitsHandler,
  codeCommitHandler,
  codeDeployHandler,
  codePipelineHandler,
  composeHandlers,
  creationTimeExecution,
  dynamoDbHandler,
  type EcsScenario,
  ec2AvailabilityZonesHandler,
  ec2KeyPairs,
  ecrHandler,
  ecsHandler,
  elbv2Handler,
  type FakeAwsExchange,
  type FakeLogGroups,
  fakeImageDigest,
  finishedBuild,
  iamHandler,
  imdsHandler,
  makeOpenSshPublicKey,
  type PipelineScenario,
  s3Buckets,
  ssmHandler,
  startFakeAws,
  stsHandler,
  taggingHandler,
} from '../src/index.js';
import { codeDeployScenario, driveCodeDeploy } from './model-conformance-drive-codedeploy.js';
import { driveIam, IAM_NO_SIMULATE_KEY, iamOptions } from './model-conformance-drive-iam.js';

const REGION = 'eu-west-1';
const TG = `arn:aws:elasticloadbalancing:${REGION}:123456789012:targetgroup/app/0123456789abcdef`;
const LOAD_BALANCER = `arn:aws:elasticloadbalancing:${REGION}:123456789012:loadbalancer/app/app/0123456789abcdef`;
const LISTENER = `arn:aws:elasticloadbalancing:${REGION}:123456789012:listener/app/app/0123456789abcdef/111111111111111`;

/** Runs a call that is meant to fail (the error is the exchange under test) or succeed. */
async function attempt(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch {
    // the fake's error answer was recorded; the checker judges it
  }
}

function clientConfig(endpoint: string, accessKeyId = 'AKIDCONFORMANCE') {
  return {
    endpoint,
    region: REGION,
    credentials: { accessKeyId, secretAccessKey: 'secret' },
    maxAttempts: 1,
  };
}

function gitRepoWithHistory(): { path: string; first: string; second: string } {
  const work = mkdtempSync(join(tmpdir(), 'conformance-git-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: work, encoding: 'utf8' }).trim();
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'user.name', 'Dev');
  writeFileSync(join(work, 'app.py'), 'print(1)\n');
  writeFileSync(join(work, 'old.txt'), 'old\n');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'first');
  const first = git('rev-parse', 'HEAD');
  writeFileSync(join(work, 'app.py'), 'print(2)\n');
  writeFileSync(join(work, 'new.txt'), 'new\n');
  git('rm', '--quiet', 'old.txt');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'second');
  return { path: join(work, '.git'), first, second: git('rev-parse', 'HEAD') };
}

function ecsScenario(): EcsScenario {
  const now = Date.now();
  return {
    services: [
      {
        cluster: 'app',
        serviceName: 'web',
        desiredCount: 2,
        runningCount: 1,
        pendingCount: 1,
        taskDefinition: 'web:2',
        targetGroupArn: TG,
        deployments: [
          {
            id: 'ecs-svc/2',
            status: 'PRIMARY',
            rolloutState: 'FAILED',
            rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
            runningCount: 0,
            desiredCount: 2,
            failedTasks: 3,
            taskDefinition: 'web:2',
            createdAt: new Date(now - 60_000),
          },
          {
            id: 'ecs-svc/1',
            status: 'ACTIVE',
            rolloutState: 'COMPLETED',
            runningCount: 1,
            desiredCount: 2,
            taskDefinition: 'web:1',
          },
        ],
        events: [
          { createdAt: new Date(now - 5_000), message: '(service web) has started 1 tasks: (task abc).' },
        ],
      },
      {
        // Blue/green: task sets instead of deployments.
        cluster: 'app',
        serviceName: 'bg',
        desiredCount: 2,
        runningCount: 4,
        pendingCount: 0,
        deploymentController: 'CODE_DEPLOY',
        targetGroupArn: TG,
        deployments: [],
        taskSets: [
          {
            id: 'ecs-svc/1111111111111111111',
            status: 'PRIMARY',
            taskDefinition: 'web:1',
            targetGroupArn: TG,
            computedDesiredCount: 2,
            runningCount: 2,
            stabilityStatus: 'STEADY_STATE',
            createdAt: new Date(now - 600_000),
          },
          {
            id: 'ecs-svc/2222222222222222222',
            status: 'ACTIVE',
            taskDefinition: 'web:2',
            targetGroupArn: `${TG}-green`,
            computedDesiredCount: 2,
            runningCount: 2,
            stabilityStatus: 'STABILIZING',
            externalId: 'd-ABCDEFGHI',
            createdAt: new Date(now - 60_000),
          },
        ],
      },
    ],
    taskDefinitions: [
      {
        family: 'web',
        revision: 1,
        containers: [{ name: 'app', image: 'repo/app:aaaaaaaaaaaa', logGroup: '/ecs/app' }],
      },
      {
        family: 'web',
        revision: 2,
        containers: [{ name: 'app', image: 'repo/app:bbbbbbbbbbbb', environment: { PORT: '8000' } }],
        tags: { Project: 'challenge' },
      },
      { family: 'web', revision: 3, status: 'INACTIVE', containers: [{ name: 'app', image: 'repo/app:c' }] },
    ],
    containerInstances: [{ id: 'ci-1', cluster: 'app', ec2InstanceId: 'i-0123456789abcdef0' }],
    tasks: [
      {
        id: 'task-running',
        cluster: 'app',
        service: 'web',
        taskDefinition: 'web:1',
        lastStatus: 'RUNNING',
        desiredStatus: 'RUNNING',
        startedBy: 'ecs-svc/1',
        containerInstanceId: 'ci-1',
        containers: [{ name: 'app', image: 'repo/app:aaaaaaaaaaaa', hostPort: 32768 }],
        createdAt: new Date(now - 600_000),
        startedAt: new Date(now - 590_000),
        enableExecuteCommand: true,
      },
      {
        id: 'task-stopped',
        cluster: 'app',
        service: 'web',
        taskDefinition: 'web:2',
        lastStatus: 'STOPPED',
        desiredStatus: 'STOPPED',
        startedBy: 'ecs-svc/2',
        containerInstanceId: 'ci-1',
        containers: [{ name: 'app', exitCode: 3, reason: 'Worker failed to boot.' }],
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
        createdAt: new Date(now - 50_000),
        stoppedAt: new Date(now - 40_000),
      },
    ],
  };
}

function pipelineScenario(): PipelineScenario {
  return {
    name: 'app-pipeline',
    stages: [
      {
        name: 'Source',
        actions: [
          {
            name: 'Source',
            status: 'Succeeded',
            configuration: { RepositoryName: 'app', BranchName: 'main' },
          },
        ],
        executionId: 'e-2',
        status: 'Succeeded',
      },
      {
        name: 'Build',
        actions: [
          {
            name: 'Build',
            status: 'Failed',
            externalExecutionId: 'app-build:1',
            errorDetails: { code: 'JobFailed', message: 'Build terminated with state: FAILED' },
            configuration: { ProjectName: 'app-build' },
          },
        ],
        executionId: 'e-2',
        status: 'Failed',
      },
      {
        name: 'Approval',
        actions: [{ name: 'Approve', status: 'InProgress', token: 'tok' }],
        executionId: 'e-1',
      },
      {
        name: 'Deploy',
        actions: [
          {
            name: 'Deploy',
            configuration: { ClusterName: 'app', ServiceName: 'web', FileName: 'imagedefinitions.json' },
          },
        ],
      },
    ],
    executions: [
      creationTimeExecution('e-0', 'app'),
      {
        id: 'e-1',
        status: 'InProgress',
        revisionId: '1111111111111111111111111111111111111111',
        revisionSummary: 'Ship apps/flask-app from abc',
        actions: [
          { stage: 'Deploy', action: 'Deploy', status: 'Succeeded', startTime: new Date(1_700_000_100_000) },
        ],
      },
      { id: 'e-2', status: 'Failed', revisionId: '2222222222222222222222222222222222222222' },
    ],
    approvals: [],
  };
}

/** Calls every operation of every fake through the real SDK clients, successes and errors; returns the exchanges. */
export async function driveEveryFake(): Promise<FakeAwsExchange[]> {
  const repo = gitRepoWithHistory();
  const logGroups: FakeLogGroups = {};
  const now = Date.now();
  appendLogEvents(logGroups, '/ecs/app', 'app/app/task-running', [
    { timestamp: now - 3000, message: 'GET /gtg 200' },
    { timestamp: now - 2000, message: 'GET /candidates 200' },
  ]);
  appendLogEvents(logGroups, '/ecs/app', 'app/app/task-stopped', [
    { timestamp: now - 2500, message: 'boot failed' },
  ]);
  appendLogEvents(logGroups, '/codebuild/app', '1', [
    { timestamp: now - 1000, message: '[Container] Phase complete: PRE_BUILD State: FAILED\n' },
  ]);
  const s3 = s3Buckets({
    buckets: [
      { name: 'mine', region: REGION },
      { name: 'theirs', owner: '999999999999', region: REGION },
      { name: 'far', region: 'us-west-2' },
      { name: 'open', region: REGION, publicAccessBlocked: false },
    ],
    deniedAccessKeyIds: ['AKIDDENIED'],
  });
  const ec2 = ec2KeyPairs({ keyPairs: { [REGION]: [{ name: 'laptop' }] } });
  const fake = await startFakeAws({
    handlers: {
      sts: stsHandler({ expiredAccessKeyIds: ['AKIDOLD'], invalidAccessKeyIds: ['AKIDBAD'] }),
      ec2: composeHandlers(ec2AvailabilityZonesHandler(), ec2.handler),
      s3: s3.handler,
      ssm: ssmHandler({
        '/aws/service/ami': 'ami-0123456789abcdef0',
        '/app/one': '1',
        '/app/two': '2',
        '/app/three': '3',
        '/app/nested/four': '4',
      }),
      elasticloadbalancing: elbv2Handler(
        {
          [TG]: [
            {
              id: 'i-0123456789abcdef0',
              port: 32768,
              state: 'unhealthy',
              reason: 'Target.ResponseCodeMismatch',
            },
          ],
        },
        [
          {
            arn: LISTENER,
            loadBalancerArn: LOAD_BALANCER,
            port: 80,
            protocol: 'HTTP',
            // CodeDeploy's weighted forward after a reroute, and a plain one.
            defaultActions: [
              {
                forward: {
                  targetGroups: [
                    { arn: TG, weight: 0 },
                    { arn: `${TG}1`, weight: 100 },
                  ],
                  stickiness: { enabled: false },
                },
              },
            ],
            tags: { Name: 'app' },
          },
          {
            arn: `${LISTENER}2`,
            loadBalancerArn: LOAD_BALANCER,
            port: 8080,
            protocol: 'HTTP',
            defaultActions: [{ targetGroupArn: TG }],
          },
        ],
      ),
      ecs: ecsHandler(ecsScenario()),
      logs: cloudWatchLogsHandler(logGroups),
      dynamodb: dynamoDbHandler({ tables: { candidates: { itemCount: 3 } }, backups: [], creatingPolls: 1 }),
      tagging: taggingHandler([
        {
          arn: 'arn:aws:logs:us-east-2:123456789012:log-group:/ecs/app',
          tags: { env: 'mock', project: 'p' },
        },
        { arn: 'arn:aws:ecr:us-east-2:123456789012:repository/app', tags: { env: 'mock' } },
        { arn: 'arn:aws:ecr:us-east-2:123456789012:repository/other', tags: { env: 'dev' } },
      ]),
      codebuild: codeBuildHandler([
        finishedBuild({
          id: 'app-build:1',
          logGroup: '/codebuild/app',
          failedPhase: 'PRE_BUILD',
          failedCommand: 'bash scripts/pytest.sh',
        }),
        finishedBuild({ id: 'app-build:2', logGroup: '/codebuild/app', resolvedSourceVersion: repo.second }),
      ]),
      codecommit: composeHandlers(
        codeCommitCommitsHandler({ app: repo.path }),
        codeCommitHandler({ repositories: { [REGION]: ['app', 'zeta', 'beta'] } }),
      ),
      codepipeline: codePipelineHandler([pipelineScenario()]),
      codedeploy: codeDeployHandler(codeDeployScenario()),
      iam: iamHandler(iamOptions()),
      ecr: ecrHandler({
        repositories: {
          'challenge-mock-app': [{ digest: fakeImageDigest('deployed'), tags: ['deployed-1'] }],
        },
      }),
    },
    // Not an AWS API: answered apart, never an exchange (the drive's IMDS call checks that).
    instanceMetadata: imdsHandler(),
  });
  // An account CodeCommit is closed to (it never had a repository).
  const closed = await startFakeAws({ handlers: { codecommit: codeCommitHandler({ notAllowed: true }) } });
  try {
    const config = clientConfig(fake.url);

    const sts = new STSClient(config);
    await sts.send(new GetCallerIdentityCommand({}));
    await attempt(() =>
      new STSClient(clientConfig(fake.url, 'AKIDOLD')).send(new GetCallerIdentityCommand({})),
    );
    await attempt(() =>
      new STSClient(clientConfig(fake.url, 'AKIDBAD')).send(new GetCallerIdentityCommand({})),
    );

    const ec2Client = new EC2Client(config);
    await ec2Client.send(new DescribeAvailabilityZonesCommand({}));
    await ec2Client.send(new DescribeRegionsCommand({}));
    await ec2Client.send(new DescribeKeyPairsCommand({}));
    await ec2Client.send(new DescribeKeyPairsCommand({ KeyNames: ['laptop'] }));
    await attempt(() => ec2Client.send(new DescribeKeyPairsCommand({ KeyNames: ['missing'] })));
    const key = Buffer.from(makeOpenSshPublicKey('ed25519'));
    await ec2Client.send(new ImportKeyPairCommand({ KeyName: 'imported', PublicKeyMaterial: key }));
    await ec2Client.send(
      new ImportKeyPairCommand({
        KeyName: 'imported-rsa',
        PublicKeyMaterial: Buffer.from(makeOpenSshPublicKey('rsa')),
      }),
    );
    await ec2Client.send(new DescribeKeyPairsCommand({ KeyNames: ['imported', 'imported-rsa'] }));
    await ec2Client.send(new CreateKeyPairCommand({ KeyName: 'created', KeyType: 'rsa', KeyFormat: 'pem' }));
    await attempt(() => ec2Client.send(new CreateKeyPairCommand({ KeyName: 'created' })));
    await attempt(() =>
      ec2Client.send(new ImportKeyPairCommand({ KeyName: 'imported', PublicKeyMaterial: key })),
    );
    await attempt(() =>
      ec2Client.send(new ImportKeyPairCommand({ KeyName: 'bad', PublicKeyMaterial: Buffer.from('nope') })),
    );
    // ECDSA keys are OpenSSH keys EC2 does not import.
    await attempt(() =>
      ec2Client.send(
        new ImportKeyPairCommand({
          KeyName: 'ecdsa',
          PublicKeyMaterial: Buffer.from('ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY= me@laptop'),
        }),
      ),
    );

    const s3Client = new S3Client({ ...config, forcePathStyle: true });
    await s3Client.send(
      new CreateBucketCommand({
        Bucket: 'created',
        CreateBucketConfiguration: { LocationConstraint: REGION },
      }),
    );
    await s3Client.send(
      new CreateBucketCommand({
        Bucket: 'shared-objects',
        CreateBucketConfiguration: { LocationConstraint: REGION },
        ObjectOwnership: 'ObjectWriter',
      }),
    );
    // us-east-1 answers 200 to creating a bucket the caller already owns there.
    const east = new S3Client({ ...config, region: 'us-east-1', forcePathStyle: true });
    await east.send(new CreateBucketCommand({ Bucket: 'east-own' }));
    await east.send(new CreateBucketCommand({ Bucket: 'east-own' }));
    await attempt(() => s3Client.send(new CreateBucketCommand({ Bucket: 'mine' })));
    await attempt(() =>
      s3Client.send(
        new CreateBucketCommand({
          Bucket: 'theirs',
          CreateBucketConfiguration: { LocationConstraint: REGION },
        }),
      ),
    );
    await attempt(() =>
      s3Client.send(
        new CreateBucketCommand({
          Bucket: 'elsewhere',
          CreateBucketConfiguration: { LocationConstraint: 'us-west-2' },
        }),
      ),
    );
    await attempt(() =>
      new S3Client({ ...config, region: 'us-east-1', forcePathStyle: true }).send(
        new CreateBucketCommand({
          Bucket: 'east',
          CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never },
        }),
      ),
    );
    await s3Client.send(new HeadBucketCommand({ Bucket: 'created' }));
    await attempt(() => s3Client.send(new HeadBucketCommand({ Bucket: 'missing' })));
    await attempt(() => s3Client.send(new HeadBucketCommand({ Bucket: 'theirs' })));
    await attempt(() =>
      s3Client.send(new HeadBucketCommand({ Bucket: 'mine', ExpectedBucketOwner: '999999999999' })),
    );
    // A bucket of another region: HEAD gets a bare 301, other calls the PermanentRedirect document.
    await attempt(() => s3Client.send(new HeadBucketCommand({ Bucket: 'far' })));
    await attempt(() => s3Client.send(new GetBucketVersioningCommand({ Bucket: 'far' })));
    await s3Client.send(new GetPublicAccessBlockCommand({ Bucket: 'created' }));
    await attempt(() => s3Client.send(new GetPublicAccessBlockCommand({ Bucket: 'open' })));
    await s3Client.send(
      new PutBucketVersioningCommand({ Bucket: 'created', VersioningConfiguration: { Status: 'Enabled' } }),
    );
    await s3Client.send(new GetBucketVersioningCommand({ Bucket: 'created' }));
    await attempt(() => s3Client.send(new GetBucketEncryptionCommand({ Bucket: 'created' })));
    await s3Client.send(
      new PutBucketEncryptionCommand({
        Bucket: 'created',
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      }),
    );
    await s3Client.send(new GetBucketEncryptionCommand({ Bucket: 'created' }));
    await s3Client.send(
      new PutPublicAccessBlockCommand({
        Bucket: 'created',
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
    await s3Client.send(
      new PutBucketPolicyCommand({ Bucket: 'created', Policy: '{"Version":"2012-10-17","Statement":[]}' }),
    );
    await attempt(() => s3Client.send(new GetBucketVersioningCommand({ Bucket: 'missing' })));
    await attempt(() =>
      new S3Client({ ...clientConfig(fake.url, 'AKIDDENIED'), forcePathStyle: true }).send(
        new GetBucketVersioningCommand({ Bucket: 'mine' }),
      ),
    );
    await driveS3Objects(s3Client);

    const ssm = new SSMClient(config);
    await ssm.send(new GetParameterCommand({ Name: '/aws/service/ami' }));
    await attempt(() => ssm.send(new GetParameterCommand({ Name: '/missing' })));
    const firstPage = await ssm.send(new GetParametersByPathCommand({ Path: '/app', MaxResults: 2 }));
    await ssm.send(new GetParametersByPathCommand({ Path: '/app', NextToken: firstPage.NextToken }));
    await ssm.send(new GetParametersByPathCommand({ Path: '/app/', Recursive: true }));
    await ssm.send(new GetParametersByPathCommand({ Path: '/nothing/here' }));
    await attempt(() => ssm.send(new GetParametersByPathCommand({ Path: 'app' })));
    await attempt(() => ssm.send(new GetParametersByPathCommand({ Path: '/app', MaxResults: 11 })));
    await attempt(() => ssm.send(new GetParametersByPathCommand({ Path: '/app', NextToken: 'bogus' })));
    await driveSsmParameterStore(ssm);

    const elb = new ElasticLoadBalancingV2Client(config);
    await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: TG }));
    await attempt(() => elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: `${TG}0` })));
    await elb.send(new DescribeListenersCommand({ ListenerArns: [LISTENER] }));
    await elb.send(new DescribeListenersCommand({ LoadBalancerArn: LOAD_BALANCER }));
    await attempt(() => elb.send(new DescribeListenersCommand({ ListenerArns: [`${LISTENER}9`] })));
    await attempt(() => elb.send(new DescribeListenersCommand({ LoadBalancerArn: `${LOAD_BALANCER}9` })));
    await attempt(() => elb.send(new DescribeListenersCommand({})));
    await elb.send(new DescribeTagsCommand({ ResourceArns: [LISTENER, `${LISTENER}2`] }));
    await attempt(() => elb.send(new DescribeTagsCommand({ ResourceArns: [`${LISTENER}9`] })));

    const ecs = new ECSClient(config);
    await ecs.send(new DescribeServicesCommand({ cluster: 'app', services: ['web', 'gone'] }));
    await ecs.send(
      new DescribeServicesCommand({
        cluster: `arn:aws:ecs:${REGION}:123456789012:cluster/app`,
        services: [`arn:aws:ecs:${REGION}:123456789012:service/app/web`],
        include: ['TAGS'],
      }),
    );
    await attempt(() => ecs.send(new DescribeServicesCommand({ cluster: 'nope', services: ['web'] })));
    const running = await ecs.send(new ListTasksCommand({ cluster: 'app', serviceName: 'web' }));
    const stopped = await ecs.send(
      new ListTasksCommand({ cluster: 'app', serviceName: 'web', desiredStatus: 'STOPPED', maxResults: 1 }),
    );
    await attempt(() => ecs.send(new ListTasksCommand({ cluster: 'app', serviceName: 'gone' })));
    await ecs.send(
      new DescribeTasksCommand({
        cluster: 'app',
        tasks: [...(running.taskArns ?? []), ...(stopped.taskArns ?? []), 'missing'],
      }),
    );
    await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1' }));
    await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web', include: ['TAGS'] }));
    await attempt(() => ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:9' })));
    await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'web', sort: 'DESC', maxResults: 1 }));
    await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'web', status: 'INACTIVE' }));
    await ecs.send(
      new DescribeContainerInstancesCommand({ cluster: 'app', containerInstances: ['ci-1', 'ci-9'] }),
    );
    await ecs.send(new UpdateServiceCommand({ cluster: 'app', service: 'web', taskDefinition: 'web:1' }));
    await attempt(() =>
      ecs.send(new UpdateServiceCommand({ cluster: 'app', service: 'web', taskDefinition: 'web:3' })),
    );
    await attempt(() =>
      ecs.send(new UpdateServiceCommand({ cluster: 'app', service: 'web', taskDefinition: 'web:9' })),
    );
    await attempt(() => ecs.send(new UpdateServiceCommand({ cluster: 'app', service: 'gone' })));
    await ecs.send(new DescribeServicesCommand({ cluster: 'app', services: ['bg'] }));
    await attempt(() =>
      ecs.send(new UpdateServiceCommand({ cluster: 'app', service: 'bg', taskDefinition: 'web:2' })),
    );
    await attempt(() => ecs.send(new DescribeTasksCommand({ cluster: 'app', tasks: [] })));
    await ecs.send(
      new ExecuteCommandCommand({
        cluster: 'app',
        task: 'task-running',
        command: '/bin/sh',
        interactive: true,
      }),
    );
    await attempt(() =>
      ecs.send(
        new ExecuteCommandCommand({ cluster: 'app', task: 'task-stopped', command: 'ls', interactive: true }),
      ),
    );
    await attempt(() =>
      ecs.send(
        new ExecuteCommandCommand({
          cluster: 'app',
          task: 'task-running',
          command: 'ls',
          interactive: false,
        }),
      ),
    );

    const logs = new CloudWatchLogsClient(config);
    const page = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/ecs/app', startTime: now - 60_000, limit: 2 }),
    );
    await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/ecs/app', nextToken: page.nextToken, limit: 2 }),
    );
    await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/ecs/app',
        logStreamNamePrefix: 'app/app/task-r',
        filterPattern: 'gtg',
      }),
    );
    await attempt(() => logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/none' })));
    await attempt(() => logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/app', limit: 20_000 })));
    const tail = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/codebuild/app', logStreamName: '1', limit: 30 }),
    );
    await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/codebuild/app',
        logStreamName: '1',
        nextToken: tail.nextForwardToken,
      }),
    );
    await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/ecs/app',
        logStreamName: 'app/app/task-running',
        startFromHead: true,
      }),
    );
    await attempt(() =>
      logs.send(new GetLogEventsCommand({ logGroupName: '/codebuild/app', logStreamName: 'nope' })),
    );
    await attempt(() =>
      logs.send(new GetLogEventsCommand({ logGroupName: '/codebuild/none', logStreamName: '1' })),
    );

    await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/', limit: 1 }));
    await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/', nextToken: '1' }));
    await attempt(() => logs.send(new DescribeLogGroupsCommand({ limit: 51 })));

    const dynamodb = new DynamoDBClient(config);
    await dynamodb.send(new ScanCommand({ TableName: 'candidates', Select: 'COUNT' }));
    await attempt(() => dynamodb.send(new ScanCommand({ TableName: 'gone', Select: 'COUNT' })));
    const backup = await dynamodb.send(
      new CreateBackupCommand({ TableName: 'candidates', BackupName: 'mock-2026-12-07T22-00-00Z' }),
    );
    await attempt(() => dynamodb.send(new CreateBackupCommand({ TableName: 'gone', BackupName: 'x-1' })));
    await attempt(() =>
      dynamodb.send(new CreateBackupCommand({ TableName: 'candidates', BackupName: 'a b' })),
    );
    const backupArn = backup.BackupDetails?.BackupArn ?? '';
    await dynamodb.send(new DescribeBackupCommand({ BackupArn: backupArn }));
    await dynamodb.send(new DescribeBackupCommand({ BackupArn: backupArn }));
    await attempt(() => dynamodb.send(new DescribeBackupCommand({ BackupArn: `${backupArn}0` })));
    await dynamodb.send(new ListBackupsCommand({ TableName: 'candidates' }));
    await dynamodb.send(
      new CreateTableCommand({
        TableName: 'made',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'CandidateName', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'CandidateName', AttributeType: 'S' }],
        DeletionProtectionEnabled: true,
      }),
    );
    await attempt(() =>
      dynamodb.send(
        new CreateTableCommand({
          TableName: 'made',
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: 'CandidateName', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'CandidateName', AttributeType: 'S' }],
        }),
      ),
    );
    const made = await dynamodb.send(new DescribeTableCommand({ TableName: 'made' }));
    await attempt(() => dynamodb.send(new DescribeTableCommand({ TableName: 'gone' })));
    await dynamodb.send(new DescribeContinuousBackupsCommand({ TableName: 'made' }));
    await attempt(() => dynamodb.send(new DescribeContinuousBackupsCommand({ TableName: 'gone' })));
    await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: 'made' }));
    await dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: made.Table?.TableArn ?? '' }));
    await attempt(() => dynamodb.send(new DeleteTableCommand({ TableName: 'made' })));
    await dynamodb.send(new UpdateTableCommand({ TableName: 'made', DeletionProtectionEnabled: false }));
    await attempt(() =>
      dynamodb.send(new UpdateTableCommand({ TableName: 'gone', DeletionProtectionEnabled: false })),
    );
    await dynamodb.send(new DeleteTableCommand({ TableName: 'made' }));
    await attempt(() => dynamodb.send(new DeleteTableCommand({ TableName: 'made' })));

    const tagging = new ResourceGroupsTaggingAPIClient(config);
    const tagged = await tagging.send(
      new GetResourcesCommand({ TagFilters: [{ Key: 'env', Values: ['mock'] }], ResourcesPerPage: 1 }),
    );
    await tagging.send(
      new GetResourcesCommand({
        TagFilters: [{ Key: 'env', Values: ['mock'] }],
        PaginationToken: tagged.PaginationToken,
      }),
    );
    await attempt(() => tagging.send(new GetResourcesCommand({ ResourcesPerPage: 101 })));

    const codebuild = new CodeBuildClient(config);
    await codebuild.send(new BatchGetBuildsCommand({ ids: ['app-build:1', 'app-build:2', 'app-build:9'] }));
    await attempt(() =>
      codebuild.send(new BatchGetBuildsCommand({ ids: Array.from({ length: 101 }, (_, i) => `b:${i}`) })),
    );

    const codecommit = new CodeCommitClient(config);
    await codecommit.send(new GetCommitCommand({ repositoryName: 'app', commitId: repo.second }));
    await attempt(() =>
      codecommit.send(new GetCommitCommand({ repositoryName: 'app', commitId: 'f'.repeat(40) })),
    );
    await attempt(() =>
      codecommit.send(new GetCommitCommand({ repositoryName: 'app', commitId: 'not-a-commit' })),
    );
    await attempt(() =>
      codecommit.send(new GetCommitCommand({ repositoryName: 'other', commitId: repo.second })),
    );
    const diff = await codecommit.send(
      new GetDifferencesCommand({
        repositoryName: 'app',
        beforeCommitSpecifier: repo.first,
        afterCommitSpecifier: repo.second,
        MaxResults: 2,
      }),
    );
    await codecommit.send(
      new GetDifferencesCommand({
        repositoryName: 'app',
        beforeCommitSpecifier: repo.first,
        afterCommitSpecifier: 'main',
        NextToken: diff.NextToken,
      }),
    );
    await codecommit.send(
      new GetDifferencesCommand({ repositoryName: 'app', afterCommitSpecifier: repo.second }),
    );
    await attempt(() =>
      codecommit.send(
        new GetDifferencesCommand({ repositoryName: 'app', afterCommitSpecifier: 'f'.repeat(40) }),
      ),
    );

    await codecommit.send(new ListRepositoriesCommand({}));
    const repositories = await codecommit.send(
      new ListRepositoriesCommand({ sortBy: 'lastModifiedDate', order: 'descending' }),
    );
    await codecommit.send(new ListRepositoriesCommand({ nextToken: repositories.nextToken ?? '3' }));
    await attempt(() => codecommit.send(new ListRepositoriesCommand({ nextToken: 'bogus' })));
    await attempt(() => new CodeCommitClient(clientConfig(closed.url)).send(new ListRepositoriesCommand({})));

    // IMDS answers on the same endpoint, outside the exchanges.
    await fetch(`${fake.url}/latest/api/token`, { method: 'PUT' });

    const pipeline = new CodePipelineClient(config);
    await pipeline.send(new GetPipelineCommand({ name: 'app-pipeline' }));
    await pipeline.send(new GetPipelineStateCommand({ name: 'app-pipeline' }));
    await attempt(() => pipeline.send(new GetPipelineStateCommand({ name: 'nope' })));
    await pipeline.send(
      new GetPipelineExecutionCommand({ pipelineName: 'app-pipeline', pipelineExecutionId: 'e-1' }),
    );
    await pipeline.send(
      new GetPipelineExecutionCommand({ pipelineName: 'app-pipeline', pipelineExecutionId: 'e-0' }),
    );
    await attempt(() =>
      pipeline.send(
        new GetPipelineExecutionCommand({ pipelineName: 'app-pipeline', pipelineExecutionId: 'e-9' }),
      ),
    );
    const executions = await pipeline.send(
      new ListPipelineExecutionsCommand({ pipelineName: 'app-pipeline', maxResults: 2 }),
    );
    await pipeline.send(
      new ListPipelineExecutionsCommand({ pipelineName: 'app-pipeline', nextToken: executions.nextToken }),
    );
    await pipeline.send(
      new ListPipelineExecutionsCommand({
        pipelineName: 'app-pipeline',
        filter: { succeededInStage: { stageName: 'Deploy' } },
      }),
    );
    await pipeline.send(
      new ListActionExecutionsCommand({
        pipelineName: 'app-pipeline',
        filter: { pipelineExecutionId: 'e-2' },
      }),
    );
    await pipeline.send(new ListActionExecutionsCommand({ pipelineName: 'app-pipeline', maxResults: 1 }));
    await attempt(() =>
      pipeline.send(
        new ListActionExecutionsCommand({
          pipelineName: 'app-pipeline',
          filter: { pipelineExecutionId: 'e-9' },
        }),
      ),
    );
    const approval = { pipelineName: 'app-pipeline', stageName: 'Approval', actionName: 'Approve' };
    await attempt(() =>
      pipeline.send(
        new PutApprovalResultCommand({
          ...approval,
          token: 'wrong',
          result: { status: 'Approved', summary: 'ok' },
        }),
      ),
    );
    await pipeline.send(
      new PutApprovalResultCommand({
        ...approval,
        token: 'tok',
        result: { status: 'Approved', summary: 'ok' },
      }),
    );
    await attempt(() =>
      pipeline.send(
        new PutApprovalResultCommand({
          ...approval,
          token: 'tok',
          result: { status: 'Approved', summary: 'again' },
        }),
      ),
    );
    await attempt(() =>
      pipeline.send(
        new PutApprovalResultCommand({
          ...approval,
          stageName: 'Nope',
          token: 'tok',
          result: { status: 'Approved', summary: 'x' },
        }),
      ),
    );
    await driveCodeDeploy(config, attempt);
    await driveIam(config, clientConfig(fake.url, IAM_NO_SIMULATE_KEY), attempt);

    const ecr = new ECRClient(config);
    await ecr.send(
      new BatchGetImageCommand({
        repositoryName: 'challenge-mock-app',
        imageIds: [
          { imageDigest: fakeImageDigest('deployed') },
          { imageTag: 'deployed-1' },
          { imageDigest: fakeImageDigest('expired') },
          { imageDigest: 'sha256:short' },
          { imageDigest: fakeImageDigest('deployed'), imageTag: 'other' },
        ],
      }),
    );
    await attempt(() =>
      ecr.send(new BatchGetImageCommand({ repositoryName: 'nope', imageIds: [{ imageTag: 'x' }] })),
    );
    return [...fake.exchanges, ...closed.exchanges];
  } finally {
    await fake.close();
    await closed.close();
  }
}

/** Objects as Terraform's S3 backend uses them: state, conditional lock writes, listing workspaces. */
async function driveS3Objects(s3Client: S3Client): Promise<void> {
  const state = { Bucket: 'created', Key: 'env:/a/challenge/a/terraform.tfstate' };
  const put = await s3Client.send(new PutObjectCommand({ ...state, Body: '{"serial":1}' }));
  await s3Client.send(new PutObjectCommand({ ...state, Body: '{"serial":2}', IfMatch: put.ETag }));
  await attempt(() => s3Client.send(new PutObjectCommand({ ...state, Body: '{}', IfMatch: put.ETag })));
  await attempt(() =>
    s3Client.send(new PutObjectCommand({ ...state, Key: 'nothing-here', Body: '{}', IfMatch: put.ETag })),
  );
  const lock = { Bucket: 'created', Key: `${state.Key}.tflock`, Body: '{"ID":"1"}', IfNoneMatch: '*' };
  await s3Client.send(new PutObjectCommand(lock));
  await attempt(() => s3Client.send(new PutObjectCommand(lock)));
  await attempt(() =>
    s3Client.send(
      new PutObjectCommand({ ...state, Key: 'bad', Body: 'abc', ChecksumSHA256: 'A'.repeat(43) }),
    ),
  );
  await attempt(() =>
    s3Client.send(new PutObjectCommand({ ...state, Key: 'bad', Body: 'abc', ContentMD5: 'A'.repeat(22) })),
  );
  // A stream body goes aws-chunked, its checksum in a trailer (as Terraform's Go SDK sends state).
  await s3Client.send(
    new PutObjectCommand({
      Bucket: 'created',
      Key: 'env:/b/x',
      Body: Readable.from([Buffer.from('{"serial":'), Buffer.from('7}')]),
      ContentLength: 12,
    }),
  );
  await s3Client.send(new PutObjectCommand({ Bucket: 'created', Key: 'top level/x y', Body: 'x' }));
  const head = await s3Client.send(new HeadObjectCommand(state));
  await attempt(() => s3Client.send(new HeadObjectCommand({ ...state, Key: 'missing' })));
  await attempt(() => s3Client.send(new HeadObjectCommand({ ...state, IfMatch: '"0"' })));
  await attempt(() => s3Client.send(new HeadObjectCommand({ ...state, IfNoneMatch: head.ETag })));
  const got = await s3Client.send(new GetObjectCommand({ ...state, ChecksumMode: 'ENABLED' }));
  await got.Body?.transformToString();
  await attempt(() => s3Client.send(new GetObjectCommand({ ...state, Key: 'missing' })));
  await attempt(() => s3Client.send(new GetObjectCommand({ ...state, IfMatch: '"0"' })));
  await attempt(() => s3Client.send(new GetObjectCommand({ ...state, IfNoneMatch: head.ETag })));
  await attempt(() => s3Client.send(new GetObjectCommand({ Bucket: 'theirs', Key: 'x' })));
  const page = await s3Client.send(
    new ListObjectsV2Command({ Bucket: 'created', Prefix: 'env:/', MaxKeys: 1 }),
  );
  await s3Client.send(
    new ListObjectsV2Command({
      Bucket: 'created',
      Prefix: 'env:/',
      ContinuationToken: page.NextContinuationToken,
    }),
  );
  await s3Client.send(
    new ListObjectsV2Command({ Bucket: 'created', Delimiter: '/', EncodingType: 'url', StartAfter: 'a' }),
  );
  await attempt(() => s3Client.send(new ListObjectsV2Command({ Bucket: 'missing' })));
  await s3Client.send(new DeleteObjectCommand({ Bucket: 'created', Key: lock.Key }));
  await s3Client.send(new DeleteObjectCommand({ Bucket: 'mine', Key: 'never-written' }));
  await attempt(() => s3Client.send(new DeleteObjectCommand({ Bucket: 'theirs', Key: 'x' })));
}

/** Parameter Store as the AWS provider drives aws_ssm_parameter: create, read, metadata, tags, delete. */
async function driveSsmParameterStore(ssm: SSMClient): Promise<void> {
  const name = '/challenge/mock/greeting';
  await ssm.send(
    new PutParameterCommand({
      Name: name,
      Type: 'String',
      Value: 'hello',
      Description: 'a greeting',
      Tags: [{ Key: 'Project', Value: 'challenge' }],
    }),
  );
  await ssm.send(
    new PutParameterCommand({ Name: '/challenge/mock/token', Type: 'SecureString', Value: 's3cret' }),
  );
  await ssm.send(
    new PutParameterCommand({ Name: 'plain', Type: 'StringList', Value: 'a,b', AllowedPattern: '[a-z,]+' }),
  );
  await attempt(() => ssm.send(new PutParameterCommand({ Name: name, Type: 'String', Value: 'again' })));
  await attempt(() =>
    ssm.send(
      new PutParameterCommand({
        Name: name,
        Value: 'x',
        Overwrite: true,
        Tags: [{ Key: 'a', Value: 'b' }],
      }),
    ),
  );
  await attempt(() => ssm.send(new PutParameterCommand({ Name: 'plain', Value: 'A1', Overwrite: true })));
  await attempt(() => ssm.send(new PutParameterCommand({ Name: 'untyped', Value: 'x' })));
  await ssm.send(new PutParameterCommand({ Name: name, Value: 'hello again', Overwrite: true }));
  await ssm.send(new GetParameterCommand({ Name: '/challenge/mock/token' }));
  await ssm.send(new GetParameterCommand({ Name: '/challenge/mock/token', WithDecryption: true }));
  await ssm.send(
    new GetParametersCommand({ Names: [name, '/challenge/mock/missing'], WithDecryption: true }),
  );
  await ssm.send(
    new DescribeParametersCommand({
      ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [name] }],
    }),
  );
  const firstPage = await ssm.send(
    new DescribeParametersCommand({
      ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: ['/challenge/'] }],
      MaxResults: 1,
    }),
  );
  await ssm.send(new DescribeParametersCommand({ NextToken: firstPage.NextToken }));
  await ssm.send(
    new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }] }),
  );
  await attempt(() =>
    ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Colour', Values: ['red'] }] })),
  );
  await attempt(() =>
    ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Type', Option: 'Contains', Values: ['String'] }],
      }),
    ),
  );
  await attempt(() => ssm.send(new DescribeParametersCommand({ NextToken: 'bogus' })));
  await attempt(() => ssm.send(new DescribeParametersCommand({ MaxResults: 51 })));
  const tagged = { ResourceType: 'Parameter' as const, ResourceId: name };
  await ssm.send(new AddTagsToResourceCommand({ ...tagged, Tags: [{ Key: 'Env', Value: 'mock' }] }));
  await ssm.send(new RemoveTagsFromResourceCommand({ ...tagged, TagKeys: ['Project'] }));
  await ssm.send(new ListTagsForResourceCommand(tagged));
  await attempt(() =>
    ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: '/nope' })),
  );
  await attempt(() =>
    ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Bucket' as never, ResourceId: name })),
  );
  await attempt(() =>
    ssm.send(
      new AddTagsToResourceCommand({ ...tagged, ResourceId: '/nope', Tags: [{ Key: 'a', Value: 'b' }] }),
    ),
  );
  await attempt(() =>
    ssm.send(new RemoveTagsFromResourceCommand({ ...tagged, ResourceId: '/nope', TagKeys: ['a'] })),
  );
  await ssm.send(new DeleteParameterCommand({ Name: name }));
  await attempt(() => ssm.send(new DeleteParameterCommand({ Name: name })));
}
