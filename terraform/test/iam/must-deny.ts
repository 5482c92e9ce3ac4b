import { blueGreen, type CallRow, rolling, testStage } from './calls/row.js';

/** A call that must be refused, and why the stack relies on the refusal. */
export type DenyRow = Omit<CallRow, 'doc'> & { why: string };

const toEcsTasks = () => ({ 'iam:PassedToService': 'ecs-tasks.amazonaws.com' });
const s3 = (n: { account: string }) => ({ 's3:ResourceAccount': n.account });

export const MUST_DENY: DenyRow[] = [
  // Environments share the account and the artifact bucket: each reaches only its own.
  { principal: 'codepipeline', call: "reads another env's artifact", action: 's3:GetObject', resource: (n) => n.other.artifactObject, context: s3, why: 'artifacts are per pipeline folder' },
  { principal: 'codebuild', call: "overwrites another env's artifact", action: 's3:PutObject', resource: (n) => n.other.artifactObject, context: s3, why: 'artifacts are per pipeline folder' },
  { principal: 'codebuild', call: "pushes to another env's repository", action: 'ecr:PutImage', resource: (n) => n.other.appRepository, why: 'each env builds its own images' },
  { principal: 'test', call: "reads another env's artifact", action: 's3:GetObject', resource: (n) => n.other.artifactObject, context: s3, why: 'artifacts are per pipeline folder', when: testStage },
  { principal: 'task', call: "writes another env's table", action: 'dynamodb:PutItem', resource: (n) => n.other.table, why: "an env's app sees only its table" },
  { principal: 'task', call: "reads another env's table", action: 'dynamodb:Scan', resource: (n) => n.other.table, why: "an env's app sees only its table" },
  { principal: 'execution', call: "pulls another env's image", action: 'ecr:BatchGetImage', resource: (n) => n.other.appRepository, why: 'the agent pulls only this env' },
  { principal: 'events', call: "starts another env's pipeline", action: 'codepipeline:StartPipelineExecution', resource: (n) => n.pipeline.replace(/[^:]+$/, 'challenge-other-pipeline'), why: "a push starts only this env's pipeline" },
  { principal: 'codepipeline', call: "starts another env's build", action: 'codebuild:StartBuild', resource: (n) => n.buildProject.replace(/[^/]+$/, 'challenge-other-app'), why: 'the pipeline runs its own projects' },
  { principal: 'codepipeline', call: "updates another env's service", action: 'ecs:UpdateService', resource: (n) => n.service.replace(/[^/]+$/, 'other'), why: 'the deploy touches only this service', when: rolling },
  { principal: 'codepipeline', call: "deploys another env's deployment group", action: 'codedeploy:CreateDeployment', resource: (n) => n.codedeployGroup.replace(/[^:]+$/, 'challenge-other-app/challenge-other-app'), why: 'the deploy touches only this group', when: blueGreen },

  // The Test stage runs the app against a temporary table: never the real one, never a push.
  { principal: 'test', call: "writes the app's table", action: 'dynamodb:PutItem', resource: (n) => n.table, why: 'the Test stage must not touch live data', when: testStage },
  { principal: 'test', call: "reads the app's table", action: 'dynamodb:Scan', resource: (n) => n.table, why: 'the Test stage must not touch live data', when: testStage },
  { principal: 'test', call: "deletes the app's table", action: 'dynamodb:DeleteTable', resource: (n) => n.table, why: 'the sweep deletes only temporary tables', when: testStage },
  { principal: 'test', call: "deletes another env's temporary table", action: 'dynamodb:DeleteTable', resource: (n) => n.other.temporaryTable, why: 'the sweep deletes only its own prefix', when: testStage },
  { principal: 'test', call: 'pushes to the app repository', action: 'ecr:PutImage', resource: (n) => n.appRepository, why: 'what was approved is what was built', when: testStage },
  { principal: 'test', call: 'uploads a layer to the app repository', action: 'ecr:InitiateLayerUpload', resource: (n) => n.appRepository, why: 'what was approved is what was built', when: testStage },
  { principal: 'test', call: 'writes an artifact', action: 's3:PutObject', resource: (n) => n.artifactObject, context: s3, why: 'the Test stage has no output artifact', when: testStage },
  { principal: 'task', call: "deletes the app's table", action: 'dynamodb:DeleteTable', resource: (n) => n.table, why: 'the app only reads and writes items' },

  // PassRole: only the task and execution roles, only to ECS tasks.
  { principal: 'codepipeline', call: 'passes the task role to EC2', action: 'iam:PassRole', resource: (n) => n.roleArn('task'), context: () => ({ 'iam:PassedToService': 'ec2.amazonaws.com' }), why: 'the roles are for ECS tasks only' },
  { principal: 'codepipeline', call: 'passes the execution role to Lambda', action: 'iam:PassRole', resource: (n) => n.roleArn('execution'), context: () => ({ 'iam:PassedToService': 'lambda.amazonaws.com' }), why: 'the roles are for ECS tasks only' },
  { principal: 'codepipeline', call: 'passes its own role to ECS tasks', action: 'iam:PassRole', resource: (n) => n.roleArn('codepipeline'), context: toEcsTasks, why: 'a task must never run with the pipeline role' },
  { principal: 'codepipeline', call: 'passes the build role to ECS tasks', action: 'iam:PassRole', resource: (n) => n.roleArn('codebuild'), context: toEcsTasks, why: 'a task must never run with the build role' },
  { principal: 'codepipeline', call: "passes another env's task role", action: 'iam:PassRole', resource: (n) => n.other.role, context: toEcsTasks, why: 'only this service' },
  { principal: 'codedeploy', call: 'passes the task role to EC2', action: 'iam:PassRole', resource: (n) => n.roleArn('task'), context: () => ({ 'iam:PassedToService': 'ec2.amazonaws.com' }), why: 'the roles are for ECS tasks only', when: blueGreen },
  { principal: 'codedeploy', call: 'passes the pipeline role to ECS tasks', action: 'iam:PassRole', resource: (n) => n.roleArn('codepipeline'), context: toEcsTasks, why: 'a task must never run with the pipeline role', when: blueGreen },
  { principal: 'codedeploy', call: "passes another env's task role", action: 'iam:PassRole', resource: (n) => n.other.role, context: toEcsTasks, why: 'only this service', when: blueGreen },
];
