import { blueGreen, rows } from './row.js';

const ECS_CODEDEPLOY_ROLE =
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/codedeploy_IAM_role.html';
const LIMITED =
  'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCodeDeployRoleForECSLimited.html';

// CodeDeploy's blue/green deployment of the ECS service: the replacement task set (naming the task and
// execution roles, hence iam:PassRole), the listeners and rules it moves, the alarms it watches.
const passedToEcsTasks = () => ({ 'iam:PassedToService': 'ecs-tasks.amazonaws.com' });
const taskSet = (service: string) =>
  `${service.replace(':service/', ':task-set/')}/ecs-svc/1234567890123456789`;

export const codedeployCalls = rows('codedeploy', LIMITED, [
  { call: 'reads the service', action: 'ecs:DescribeServices', resource: (n) => n.service },
  {
    call: 'creates the replacement task set',
    action: 'ecs:CreateTaskSet',
    resource: (n) => taskSet(n.service),
  },
  {
    call: 'creates it with the task role',
    action: 'iam:PassRole',
    resource: (n) => n.roleArn('task'),
    context: passedToEcsTasks,
    doc: ECS_CODEDEPLOY_ROLE,
  },
  {
    call: 'creates it with the execution role',
    action: 'iam:PassRole',
    resource: (n) => n.roleArn('execution'),
    context: passedToEcsTasks,
    doc: ECS_CODEDEPLOY_ROLE,
  },
  {
    call: 'makes the new task set primary',
    action: 'ecs:UpdateServicePrimaryTaskSet',
    resource: (n) => n.service,
  },
  { call: 'deletes the old task set', action: 'ecs:DeleteTaskSet', resource: (n) => taskSet(n.service) },
  {
    call: 'reads the target groups',
    action: 'elasticloadbalancing:DescribeTargetGroups',
    resource: () => '*',
  },
  { call: 'reads the listeners', action: 'elasticloadbalancing:DescribeListeners', resource: () => '*' },
  {
    call: 'moves production traffic',
    action: 'elasticloadbalancing:ModifyListener',
    resource: (n) => n.productionListener,
  },
  {
    call: 'moves test traffic',
    action: 'elasticloadbalancing:ModifyListener',
    resource: (n) => n.testListener,
  },
  { call: 'reads the listener rules', action: 'elasticloadbalancing:DescribeRules', resource: () => '*' },
  {
    call: 'moves a listener rule',
    action: 'elasticloadbalancing:ModifyRule',
    resource: (n) => n.listenerRule,
  },
  {
    call: 'reads the deployment alarms',
    action: 'cloudwatch:DescribeAlarms',
    resource: (n) => n.alarms[0] ?? 'no alarm planned',
  },
]).map((row) => ({ ...row, when: blueGreen }));
