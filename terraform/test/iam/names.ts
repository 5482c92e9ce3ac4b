import type { PlannedResource } from '../helpers/real-plan.js';
import type { RoleKey, Stack } from './stack.js';

/**
 * The ARNs AWS puts in the requests it makes for the stack, built from the names in the plan (what AWS
 * would name in the request), plus ids AWS assigns at run time (log stream, build, listener ids).
 */
export interface StackNames {
  account: string;
  region: string;
  partition: string;
  roleArn(key: RoleKey): string;
  sessionArn(key: RoleKey): string;
  artifactBucket: string;
  artifactObject: string;
  sourceRepository: string;
  appRepository: string;
  cacheRepository: string;
  buildProject: string;
  testProject: string;
  recordDeployProject: string;
  recordDeployLogStream: string;
  buildLogStream: string;
  testLogStream: string;
  appLogStream: string;
  pipeline: string;
  eventRule: string;
  cluster: string;
  service: string;
  taskDefinition: string;
  table: string;
  temporaryTable: string;
  templateParameter: string;
  codedeployApplication: string;
  codedeployGroup: string;
  codedeployConfig: string;
  productionListener: string;
  testListener: string;
  listenerRule: string;
  targetGroups: string[];
  alarms: string[];
  containerInstance: string;
  instance: string;
  /** Another environment of the same project in the same account ("other" workspace). */
  other: {
    artifactObject: string;
    table: string;
    appRepository: string;
    temporaryTable: string;
    role: string;
  };
}

function value(resources: PlannedResource[], address: string, key: string): string {
  const found = resources.find((r) => r.address === address)?.values[key];
  if (typeof found !== 'string') throw new Error(`${address}.${key} is not in the plan`);
  return found;
}

export function stackNames(stack: Stack): StackNames {
  const { account, region, partition, resources } = stack;
  const arn = (service: string, rest: string) => `arn:${partition}:${service}:${region}:${account}:${rest}`;
  const v = (address: string, key = 'name') => value(resources, address, key);
  const prefix = stack.prefix;
  const other = prefix.replace(/-[^-]+$/, '-other');
  const pipelineName = v('module.pipeline.aws_codepipeline.app');
  const store = resources.find((r) => r.type === 'aws_codepipeline')?.values['artifact_store'] as
    | Array<{ location: string }>
    | undefined;
  const bucket = store?.[0]?.location;
  if (!bucket) throw new Error('the plan holds no artifact store for the pipeline');
  const cluster = v('module.ecs_cluster.aws_ecs_cluster.this');
  const alb = v('module.load_balancer.aws_lb.this');
  const roleName = (key: RoleKey) => {
    const role = stack.roles[key];
    if (!role) throw new Error(`the ${key} role is not in the plan of ${stack.variant.name}`);
    return role.name;
  };
  const testLogGroup = stack.variant.testStage
    ? v('module.pipeline.aws_cloudwatch_log_group.test[0]')
    : '/codebuild/absent';
  return {
    account,
    region,
    partition,
    roleArn: (key) => `arn:${partition}:iam::${account}:role/${roleName(key)}`,
    sessionArn: (key) => `arn:${partition}:sts::${account}:assumed-role/${roleName(key)}/session`,
    artifactBucket: `arn:${partition}:s3:::${bucket}`,
    artifactObject: `arn:${partition}:s3:::${bucket}/${pipelineName.slice(0, 20)}/build/Ab3dE9x`,
    sourceRepository: arn(
      'codecommit',
      v('module.pipeline.aws_codecommit_repository.app', 'repository_name'),
    ),
    appRepository: arn('ecr', `repository/${v('module.pipeline.aws_ecr_repository.app')}`),
    cacheRepository: arn('ecr', `repository/${v('module.pipeline.aws_ecr_repository.build_cache')}`),
    buildProject: arn('codebuild', `project/${v('module.pipeline.aws_codebuild_project.app')}`),
    testProject: arn('codebuild', `project/${prefix}-app-test`),
    recordDeployProject: arn(
      'codebuild',
      `project/${v('module.pipeline.aws_codebuild_project.record_deploy')}`,
    ),
    recordDeployLogStream: arn(
      'logs',
      `log-group:${v('module.pipeline.aws_cloudwatch_log_group.record_deploy')}:log-stream:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`,
    ),
    buildLogStream: arn(
      'logs',
      `log-group:${v('module.pipeline.aws_cloudwatch_log_group.build')}:log-stream:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`,
    ),
    testLogStream: arn('logs', `log-group:${testLogGroup}:log-stream:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`),
    appLogStream: arn(
      'logs',
      `log-group:${v('module.service.aws_cloudwatch_log_group.app')}:log-stream:app/app/0123456789abcdef0123456789abcdef`,
    ),
    pipeline: arn('codepipeline', pipelineName),
    eventRule: arn('events', `rule/${v('module.pipeline.aws_cloudwatch_event_rule.push_to_main')}`),
    cluster: arn('ecs', `cluster/${cluster}`),
    service: arn('ecs', `service/${cluster}/${v('module.service.aws_ecs_service.app')}`),
    taskDefinition: arn(
      'ecs',
      `task-definition/${v('module.service.aws_ecs_task_definition.app', 'family')}:7`,
    ),
    table: arn('dynamodb', `table/${v('aws_dynamodb_table.candidates')}`),
    temporaryTable: arn('dynamodb', `table/${prefix}_test_1701234567_ab12cd`),
    templateParameter: arn('ssm', `parameter/challenge/${prefix}/deploy/task-definition-template`),
    codedeployApplication: arn('codedeploy', `application:${prefix}-app`),
    codedeployGroup: arn('codedeploy', `deploymentgroup:${prefix}-app/${prefix}-app`),
    codedeployConfig: arn('codedeploy', 'deploymentconfig:CodeDeployDefault.ECSAllAtOnce'),
    productionListener: arn('elasticloadbalancing', `listener/app/${alb}/50dc6c495c0c9188/f2f7dc8efc522ab2`),
    testListener: arn('elasticloadbalancing', `listener/app/${alb}/50dc6c495c0c9188/0467ef3c8400ae65`),
    listenerRule: arn(
      'elasticloadbalancing',
      `listener-rule/app/${alb}/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`,
    ),
    targetGroups: [`${prefix}-tg`, `${prefix}-tg-green`].map((name) =>
      arn('elasticloadbalancing', `targetgroup/${name}/73e2d6bc24d8a067`),
    ),
    alarms: resources
      .filter((r) => r.type === 'aws_cloudwatch_metric_alarm')
      .map((r) => arn('cloudwatch', `alarm:${String(r.values['alarm_name'])}`)),
    containerInstance: arn('ecs', `container-instance/${cluster}/0123456789abcdef0123456789abcdef`),
    instance: arn('ec2', 'instance/i-0123456789abcdef0'),
    other: {
      artifactObject: `arn:${partition}:s3:::${bucket}/${`${other}-pipeline`.slice(0, 20)}/build/Ab3dE9x`,
      table: arn('dynamodb', `table/${other}-candidates`),
      appRepository: arn('ecr', `repository/${other}-app`),
      temporaryTable: arn('dynamodb', `table/${other}_test_1701234567_ab12cd`),
      role: `arn:${partition}:iam::${account}:role/task-20261207000000000000000002`,
    },
  };
}
