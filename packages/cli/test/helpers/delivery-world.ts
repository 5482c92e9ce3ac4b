import {
  completeDeployment,
  type EcsScenario,
  type FakeEcsDeployment,
  type FakeEcsService,
  type FakeTarget,
} from '@challenge/testkit';
import { expect } from 'vitest';
import { makeRoot, runCli } from './cli.js';

export const REGION = 'eu-west-1';
export const CLUSTER = 'challenge-mock';
export const SERVICE = 'challenge-mock-app';
export const FAMILY = 'challenge-mock-app';
export const PIPELINE = 'challenge-mock-pipeline';
export const REPOSITORY = 'challenge-mock-app';
export const TG = `arn:aws:elasticloadbalancing:${REGION}:123456789012:targetgroup/challenge-mock/0123456789abcdef`;
export const INSTANCE = 'i-0aaaaaaaaaaaaaaa1';
const IMAGE = `123456789012.dkr.ecr.${REGION}.amazonaws.com/challenge-mock-app`;

/** A Terraform root whose outputs are the given strings, applied for env mock (so `terraform output` has them). */
export async function rootWithOutputs(outputs: Record<string, string>): Promise<string> {
  const root = await makeRoot({
    'main.tf': Object.entries(outputs)
      .map(([name, value]) => `output "${name}" {\n  value = ${JSON.stringify(value)}\n}\n`)
      .join('\n'),
    'vars/mock.tfvars.json': '{}',
  });
  const applied = await runCli(['apply', '--dir', root, '--yes']);
  expect(applied.exitCode, applied.stderr).toBe(0);
  return root;
}

/** The outputs of the stack the delivery commands read. */
export function stackOutputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    region: REGION,
    pipeline_name: PIPELINE,
    ecs_cluster_name: CLUSTER,
    ecs_service_name: SERVICE,
    target_group_arn: TG,
    codecommit_repository_name: REPOSITORY,
    ...extra,
  };
}

/** A service running `revision` in steady state (one COMPLETED deployment). */
export function steadyService(revision: number, desired = 2): FakeEcsService {
  return {
    cluster: CLUSTER,
    serviceName: SERVICE,
    desiredCount: desired,
    runningCount: desired,
    pendingCount: 0,
    taskDefinition: `${FAMILY}:${revision}`,
    targetGroupArn: TG,
    containerName: 'app',
    deployments: [
      {
        id: `ecs-svc/${revision}000`,
        status: 'PRIMARY',
        rolloutState: 'COMPLETED',
        runningCount: desired,
        desiredCount: desired,
        taskDefinition: `${FAMILY}:${revision}`,
        createdAt: new Date(Date.now() - 3_600_000),
      },
    ],
    events: [
      {
        createdAt: new Date(Date.now() - 3_000_000),
        message: `(service ${SERVICE}) has reached a steady state.`,
      },
    ],
  };
}

/** The deployment's tasks start on the host and register in the target group (healthy or not). */
export function startTasks(
  scenario: EcsScenario,
  targets: FakeTarget[],
  deployment: FakeEcsDeployment,
  count: number,
  health: FakeTarget['state'],
  reason?: string,
): void {
  scenario.tasks ??= [];
  for (let i = 0; i < count; i += 1) {
    const port = 32_000 + scenario.tasks.length;
    scenario.tasks.push({
      id: `t${deployment.id.replace(/\D/g, '').slice(-6)}${scenario.tasks.length}`,
      cluster: CLUSTER,
      service: SERVICE,
      taskDefinition: deployment.taskDefinition ?? `${FAMILY}:1`,
      lastStatus: 'RUNNING',
      desiredStatus: 'RUNNING',
      startedBy: deployment.id,
      containerInstanceId: 'ci-1',
      containers: [{ name: 'app', hostPort: port }],
      createdAt: new Date(),
      startedAt: new Date(),
    });
    targets.push({ id: INSTANCE, port, state: health, ...(reason ? { reason } : {}) });
  }
  deployment.runningCount = Math.min(deployment.desiredCount, deployment.runningCount + count);
}

/** A task of the deployment that crashed: stopped, with ECS's reason and the container's exit code. */
export function crashTask(
  scenario: EcsScenario,
  deployment: FakeEcsDeployment,
  exitCode: number,
  reason: string,
): void {
  scenario.tasks ??= [];
  scenario.tasks.push({
    id: `crash${scenario.tasks.length}`,
    cluster: CLUSTER,
    service: SERVICE,
    taskDefinition: deployment.taskDefinition ?? `${FAMILY}:1`,
    lastStatus: 'STOPPED',
    desiredStatus: 'STOPPED',
    startedBy: deployment.id,
    containerInstanceId: 'ci-1',
    containers: [{ name: 'app', exitCode, reason: 'Essential container exited' }],
    stopCode: 'EssentialContainerExited',
    stoppedReason: reason,
    createdAt: new Date(Date.now() - 20_000),
    stoppedAt: new Date(),
  });
  deployment.failedTasks = (deployment.failedTasks ?? 0) + 1;
}

export { completeDeployment };

/** Task definition revisions of the app family, each with its image tag (a CodeCommit commit prefix). */
export function revisions(tags: Record<number, string>, inactive: number[] = []) {
  return Object.entries(tags).map(([revision, tag]) => ({
    family: FAMILY,
    revision: Number(revision),
    status: inactive.includes(Number(revision)) ? ('INACTIVE' as const) : ('ACTIVE' as const),
    containers: [{ name: 'app', image: `${IMAGE}:${tag}`, logGroup: '/ecs/challenge-mock/app' }],
    registeredAt: new Date(Date.now() - (100 - Number(revision)) * 60_000),
  }));
}

/** Fails when the text holds a JavaScript stack trace. */
export function expectNoStack(text: string): void {
  expect(text).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
}
