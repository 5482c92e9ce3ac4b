import {
  codePipelineHandler,
  ecsHandler,
  elbv2Handler,
  type FakeAws,
  type RunningApp,
  startFakeAws,
  startFlaskApp,
  stsHandler,
} from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsEnv, makeRoot, runCli } from './helpers/cli.js';

const TG = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/challenge-mock/abc';
let fake: FakeAws;
let app: RunningApp;

beforeAll(async () => {
  app = await startFlaskApp();
  fake = await startFakeAws({
    handlers: {
      sts: stsHandler(),
      codepipeline: codePipelineHandler([
        {
          name: 'challenge-mock-pipeline',
          stages: [
            {
              name: 'Source',
              actions: [{ name: 'Source', status: 'Succeeded' }],
              executionId: 'e-1',
              status: 'Succeeded',
            },
            {
              name: 'Build',
              actions: [{ name: 'Build', status: 'Succeeded' }],
              executionId: 'e-1',
              status: 'Succeeded',
            },
            {
              name: 'Approval',
              actions: [{ name: 'Approve', status: 'InProgress', token: 't' }],
              executionId: 'e-1',
              status: 'InProgress',
            },
            { name: 'Deploy', actions: [{ name: 'Deploy' }] },
          ],
          executions: [],
          approvals: [],
        },
      ]),
      ecs: ecsHandler([
        {
          cluster: 'challenge-mock',
          serviceName: 'challenge-mock-app',
          desiredCount: 2,
          runningCount: 1,
          pendingCount: 1,
          deployments: [
            {
              id: 'ecs-svc/1',
              status: 'PRIMARY',
              rolloutState: 'IN_PROGRESS',
              runningCount: 1,
              desiredCount: 2,
            },
          ],
        },
      ]),
      elasticloadbalancing: elbv2Handler({
        [TG]: [
          { id: 'i-0aaa', port: 32768, state: 'healthy' },
          { id: 'i-0bbb', port: 32771, state: 'unhealthy', reason: 'Target.ResponseCodeMismatch' },
        ],
      }),
    },
  });
}, 240_000);

afterAll(async () => {
  await fake?.close();
  await app?.stop();
});

async function rootWith(outputs: Record<string, string>): Promise<string> {
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

const awsEnv = () => fakeAwsEnv(fake.url, 'AKIDSTATUS');

describe('challenge status', () => {
  it('shows stages, service counts and rollout, target health and /gtg of the real app', async () => {
    const root = await rootWith({
      region: 'eu-west-1',
      pipeline_name: 'challenge-mock-pipeline',
      ecs_cluster_name: 'challenge-mock',
      ecs_service_name: 'challenge-mock-app',
      target_group_arn: TG,
      app_url: app.url,
    });
    const result = await runCli(['status', '--dir', root], { env: awsEnv() });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/stage Approval\s*│\s*InProgress \(e-1\)/);
    expect(result.stdout).toMatch(/stage Deploy\s*│\s*never run/);
    expect(result.stdout).toMatch(/ecs service\s*│\s*desired 2, running 1, pending 1, rollout IN_PROGRESS/);
    expect(result.stdout).toMatch(/target i-0bbb:32771\s*│\s*unhealthy \(Target\.ResponseCodeMismatch\)/);
    expect(result.stdout).toMatch(/GET \/gtg\s*│\s*HTTP 200 in \d+ ms/);

    const json = JSON.parse((await runCli(['status', '--dir', root, '--json'], { env: awsEnv() })).stdout);
    expect(json.service).toEqual({
      ok: true,
      value: { desired: 2, running: 1, pending: 1, rollout: 'IN_PROGRESS' },
    });
    expect(json.targets.value).toHaveLength(2);
    expect(json.pipeline.value.map((s: { stage: string }) => s.stage)).toEqual([
      'Source',
      'Build',
      'Approval',
      'Deploy',
    ]);
  });

  it('shows what it can and exits 1 when a part cannot be read', async () => {
    const root = await rootWith({
      region: 'eu-west-1',
      pipeline_name: 'challenge-mock-pipeline',
      ecs_cluster_name: 'challenge-mock',
      ecs_service_name: 'gone',
      target_group_arn: `${TG}-missing`,
      app_url: 'http://127.0.0.1:9',
    });
    const result = await runCli(['status', '--dir', root, '--timeout', '2000'], { env: awsEnv() });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/stage Source\s*│\s*Succeeded/);
    expect(result.stdout).toMatch(
      /ecs service\s*│\s*unavailable: Error: service gone not found in cluster challenge-mock/,
    );
    expect(result.stdout).toMatch(/targets\s*│\s*unavailable: TargetGroupNotFound/);
    expect(result.stdout).toMatch(/GET \/gtg\s*│\s*unavailable:/);
  });
});
