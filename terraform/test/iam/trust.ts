import type { StackNames } from './names.js';
import type { RoleKey } from './stack.js';

/**
 * Who assumes each role, with the context keys AWS documents that service sends. A condition in a trust
 * policy on any other key would refuse the service (defect 2 of issue 22).
 */
export interface TrustRow {
  role: RoleKey;
  service: string;
  context: (names: StackNames) => Record<string, string>;
  doc: string;
}

const confusedDeputy = (sourceArn: (n: StackNames) => string) => (n: StackNames) => ({
  'aws:SourceAccount': n.account,
  'aws:SourceArn': sourceArn(n),
});

export const TRUST: TrustRow[] = [
  {
    role: 'codebuild',
    service: 'codebuild.amazonaws.com',
    context: confusedDeputy((n) => n.buildProject),
    doc: 'https://docs.aws.amazon.com/codebuild/latest/userguide/cross-service-confused-deputy-prevention.html',
  },
  {
    role: 'test',
    service: 'codebuild.amazonaws.com',
    context: confusedDeputy((n) => n.testProject),
    doc: 'https://docs.aws.amazon.com/codebuild/latest/userguide/cross-service-confused-deputy-prevention.html',
  },
  {
    role: 'recordDeploy',
    service: 'codebuild.amazonaws.com',
    context: confusedDeputy((n) => n.recordDeployProject),
    doc: 'https://docs.aws.amazon.com/codebuild/latest/userguide/cross-service-confused-deputy-prevention.html',
  },
  {
    role: 'events',
    service: 'events.amazonaws.com',
    context: confusedDeputy((n) => n.eventRule),
    doc: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html',
  },
  {
    role: 'codedeploy',
    service: 'codedeploy.amazonaws.com',
    context: confusedDeputy((n) => n.codedeployGroup),
    doc: 'https://docs.aws.amazon.com/codedeploy/latest/userguide/security_confused_deputy.html',
  },
  // No key documented as sent by these when they assume the role: the request carries none.
  {
    role: 'codepipeline',
    service: 'codepipeline.amazonaws.com',
    context: () => ({}),
    doc: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-service-role-cli.html',
  },
  {
    role: 'task',
    service: 'ecs-tasks.amazonaws.com',
    context: () => ({}),
    doc: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html',
  },
  {
    role: 'execution',
    service: 'ecs-tasks.amazonaws.com',
    context: () => ({}),
    doc: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html',
  },
  {
    role: 'hosts',
    service: 'ec2.amazonaws.com',
    context: () => ({}),
    doc: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html',
  },
];

/** Requests that must not assume the role: the same service acting for another resource or account. */
export const TRUST_DENIED: Array<{
  role: RoleKey;
  service: string;
  context: (n: StackNames) => Record<string, string>;
  why: string;
}> = [
  {
    role: 'codebuild',
    service: 'codebuild.amazonaws.com',
    context: confusedDeputy((n) => n.testProject),
    why: 'another project (the Test stage) cannot use the build role',
  },
  {
    role: 'test',
    service: 'codebuild.amazonaws.com',
    context: confusedDeputy((n) => n.buildProject),
    why: 'the build project cannot use the Test role',
  },
  {
    role: 'codebuild',
    service: 'codebuild.amazonaws.com',
    context: (n) => ({
      'aws:SourceAccount': '210987654321',
      'aws:SourceArn': n.buildProject.replace(n.account, '210987654321'),
    }),
    why: 'a project of another account',
  },
  {
    role: 'codedeploy',
    service: 'codedeploy.amazonaws.com',
    context: confusedDeputy((n) =>
      n.codedeployGroup.replace(/[^:]+$/, 'challenge-other-app/challenge-other-app'),
    ),
    why: "another env's deployment group",
  },
  {
    role: 'task',
    service: 'ec2.amazonaws.com',
    context: () => ({}),
    why: 'the task role is for ECS tasks only',
  },
  {
    role: 'codepipeline',
    service: 'codebuild.amazonaws.com',
    context: confusedDeputy((n) => n.buildProject),
    why: 'CodeBuild cannot use the pipeline role',
  },
];
