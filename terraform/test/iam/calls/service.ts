import { execEnabled, execLogging, rows } from './row.js';

const EXECUTION = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html';
const INSTANCE = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html';
const SSM_INSTANCE =
  'https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-instance-permissions.html';
const DYNAMODB =
  'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html';
// "IAM permissions required for ECS Exec": the SSM agent in the task opens its channels with the task
// role, and with session logging writes the session to the cluster's log group.
const ECS_EXEC = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html';
const START_PIPELINE =
  'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-trigger-source-repo-changes-cli.html';

// The running service: the task role (the app's calls, candidates/store.py), the execution role (the
// ECS agent pulls the image and ships logs), the container instances' role; and EventBridge's rule role.
export const taskCalls = rows('task', DYNAMODB, [
  { call: 'the app adds a candidate (PutItem)', action: 'dynamodb:PutItem', resource: (n) => n.table },
  { call: 'the app reads candidates (Query)', action: 'dynamodb:Query', resource: (n) => n.table },
  { call: 'the app lists candidates (Scan)', action: 'dynamodb:Scan', resource: (n) => n.table },
  ...(
    [
      'ssmmessages:CreateControlChannel',
      'ssmmessages:CreateDataChannel',
      'ssmmessages:OpenControlChannel',
      'ssmmessages:OpenDataChannel',
    ] as const
  ).map((action) => ({
    call: `ECS Exec: the task's SSM agent (${action.split(':')[1]})`,
    action,
    resource: () => '*',
    doc: ECS_EXEC,
    when: execEnabled,
  })),
  {
    call: 'ECS Exec session logging: the agent finds the log group',
    action: 'logs:DescribeLogGroups',
    resource: () => '*',
    doc: ECS_EXEC,
    when: execLogging,
  },
  {
    call: "ECS Exec session logging: a session's log stream",
    action: 'logs:CreateLogStream',
    resource: (n) => n.appLogStream,
    doc: ECS_EXEC,
    when: execLogging,
  },
  {
    call: 'ECS Exec session logging: writes the session',
    action: 'logs:PutLogEvents',
    resource: (n) => n.appLogStream,
    doc: ECS_EXEC,
    when: execLogging,
  },
]);

export const executionCalls = rows('execution', EXECUTION, [
  { call: 'logs in to ECR', action: 'ecr:GetAuthorizationToken', resource: () => '*' },
  {
    call: 'checks the image layers',
    action: 'ecr:BatchCheckLayerAvailability',
    resource: (n) => n.appRepository,
  },
  {
    call: 'pulls the image manifest by digest',
    action: 'ecr:BatchGetImage',
    resource: (n) => n.appRepository,
  },
  { call: 'pulls the image layers', action: 'ecr:GetDownloadUrlForLayer', resource: (n) => n.appRepository },
  { call: "creates the task's log stream", action: 'logs:CreateLogStream', resource: (n) => n.appLogStream },
  { call: "writes the app's log", action: 'logs:PutLogEvents', resource: (n) => n.appLogStream },
]);

export const hostCalls = rows('hosts', INSTANCE, [
  {
    call: 'the ECS agent registers the instance',
    action: 'ecs:RegisterContainerInstance',
    resource: (n) => n.cluster,
  },
  { call: 'the ECS agent finds its endpoint', action: 'ecs:DiscoverPollEndpoint', resource: () => '*' },
  { call: 'the ECS agent polls for work', action: 'ecs:Poll', resource: (n) => n.containerInstance },
  {
    call: 'the ECS agent reports task state',
    action: 'ecs:SubmitTaskStateChange',
    resource: (n) => n.cluster,
  },
  {
    call: 'the ECS agent reports container state',
    action: 'ecs:SubmitContainerStateChange',
    resource: (n) => n.cluster,
  },
  {
    call: 'the ECS agent sends telemetry',
    action: 'ecs:StartTelemetrySession',
    resource: (n) => n.containerInstance,
  },
  {
    call: 'the SSM agent registers the instance',
    action: 'ssm:UpdateInstanceInformation',
    resource: (n) => n.instance,
    doc: SSM_INSTANCE,
  },
  {
    call: 'the SSM agent opens its control channel',
    action: 'ssmmessages:CreateControlChannel',
    resource: () => '*',
    doc: SSM_INSTANCE,
  },
  {
    call: 'the SSM agent polls for messages',
    action: 'ec2messages:GetMessages',
    resource: () => '*',
    doc: SSM_INSTANCE,
  },
]);

export const eventsCalls = rows('events', START_PIPELINE, [
  {
    call: 'a push to main starts the pipeline',
    action: 'codepipeline:StartPipelineExecution',
    resource: (n) => n.pipeline,
  },
]);
