import {
  appendLogEvents,
  cloudWatchLogsHandler,
  codeBuildHandler,
  codePipelineHandler,
  creationTimeExecution,
  ecsHandler,
  elbv2Handler,
  type FakeAws,
  type FakeLogGroups,
  finishedBuild,
  type PipelineScenario,
  type RunningApp,
  startFakeAws,
  startFlaskApp,
  stsHandler,
} from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsEnv, fakeAwsProfileEnv, makeRoot, runCli, unwrapped } from './helpers/cli.js';

const TG = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/challenge-mock/abc';
let fake: FakeAws;
let app: RunningApp;

const T0 = Date.now() - 3_600_000;
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const STAGES = ['Source', 'Build', 'Approval', 'Deploy'];

/** Only the run at pipeline creation, which failed at Source because main did not exist yet. */
const neverShipped: PipelineScenario = {
  name: 'never-shipped-pipeline',
  stages: STAGES.map((name) =>
    name === 'Source'
      ? {
          name,
          actions: [{ name, status: 'Failed' as const }],
          executionId: 'exec-0',
          status: 'Failed' as const,
        }
      : { name, actions: [{ name }] },
  ),
  executions: [creationTimeExecution('exec-0', 'challenge-mock-app', at(-600))],
  approvals: [],
};

/** exec-5 went live: Source 5 s, Build 3 min, 10 min waiting for approval, Deploy 90 s. exec-6 then failed its build. */
const shipped: PipelineScenario = {
  name: 'shipped-pipeline',
  stages: STAGES.map((name) => ({ name, actions: [{ name }] })),
  executions: [
    creationTimeExecution('exec-0', 'challenge-mock-app', at(-600)),
    {
      id: 'exec-5',
      status: 'Succeeded',
      revisionId: `aaaaaaaaaaaa${'0'.repeat(28)}`,
      revisionSummary: 'Ship apps/flask-app from 1111111',
      startTime: at(0),
      actions: [
        { stage: 'Source', action: 'Source', status: 'Succeeded', startTime: at(0), lastUpdateTime: at(5) },
        { stage: 'Build', action: 'Build', status: 'Succeeded', startTime: at(5), lastUpdateTime: at(185) },
        {
          stage: 'Approval',
          action: 'Approval',
          status: 'Succeeded',
          startTime: at(185),
          lastUpdateTime: at(785),
        },
        {
          stage: 'Deploy',
          action: 'Deploy',
          status: 'Succeeded',
          startTime: at(785),
          lastUpdateTime: at(875),
        },
      ],
    },
  ],
  approvals: [],
};

const FAILED_BUILD = 'challenge-mock-app:8d3e0d0a-1111-4c1c-9c5e-3b2f7e9a0a01';
const logGroups: FakeLogGroups = {};
appendLogEvents(logGroups, '/codebuild/challenge-mock-app', FAILED_BUILD.split(':')[1]!, [
  { timestamp: T0, message: '[Container] Running command bash scripts/lint.sh\n' },
  { timestamp: T0 + 1, message: 'E501 Line too long (130 > 120)\n' },
]);
const failed: PipelineScenario = {
  ...shipped,
  name: 'failed-pipeline',
  executions: [
    ...shipped.executions,
    {
      id: 'exec-6',
      status: 'Failed',
      revisionId: `bbbbbbbbbbbb${'0'.repeat(28)}`,
      revisionSummary: 'Ship apps/flask-app from 2222222',
      startTime: at(2000),
      actions: [
        {
          stage: 'Source',
          action: 'Source',
          status: 'Succeeded',
          startTime: at(2000),
          lastUpdateTime: at(2004),
        },
        {
          stage: 'Build',
          action: 'Build',
          status: 'Failed',
          startTime: at(2004),
          lastUpdateTime: at(2064),
          externalExecutionId: FAILED_BUILD,
          errorDetails: { code: 'JobFailed', message: 'Build terminated with state: FAILED' },
        },
      ],
    },
  ],
};

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
        neverShipped,
        shipped,
        failed,
      ]),
      codebuild: codeBuildHandler([
        finishedBuild({
          id: FAILED_BUILD,
          logGroup: '/codebuild/challenge-mock-app',
          failedPhase: 'PRE_BUILD',
          failedCommand: 'bash scripts/lint.sh',
        }),
      ]),
      logs: cloudWatchLogsHandler(logGroups),
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

    // --profile: the same parts, every AWS call signed with that profile's keys.
    const from = fake.requests.length;
    const viaProfile = await runCli(['status', '--dir', root, '--profile', 'ops', '--json'], {
      env: await fakeAwsProfileEnv(fake.url, 'ops', 'AKIDOPS'),
    });
    expect(viaProfile.exitCode, viaProfile.stderr).toBe(0);
    expect(JSON.parse(viaProfile.stdout).service).toEqual(json.service);
    expect(new Set(fake.requests.slice(from).map((request) => request.accessKeyId))).toEqual(
      new Set(['AKIDOPS']),
    );
  });

  it('shows what it can and exits 1 when a part cannot be read', async () => {
    const root = await rootWith({
      region: 'eu-west-1',
      pipeline_name: 'challenge-mock-pipeline',
      ecs_cluster_name: 'challenge-mock',
      ecs_service_name: 'challenge-mock-app',
      target_group_arn: TG,
      app_url: 'http://127.0.0.1:9',
    });
    const result = await runCli(['status', '--dir', root, '--timeout', '2'], { env: awsEnv() });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/stage Source\s*│\s*Succeeded/);
    expect(result.stdout).toMatch(/GET \/gtg\s*│\s*unavailable:/);
    expect(unwrapped(result.stderr)).toBe(
      'Error: Env mock: GET /gtg could not be read (see above).\nFix: Fix what the lines above say; `challenge doctor --env mock` checks the credentials and the region.',
    );
  });

  it('after a first apply that failed: what AWS does not have yet is "not created yet", and apply is the fix', async () => {
    const root = await rootWith({
      region: 'eu-west-1',
      pipeline_name: 'challenge-never-created-pipeline',
      ecs_cluster_name: 'challenge-never-created',
      ecs_service_name: 'challenge-never-created-app',
      target_group_arn: `${TG}-missing`,
      app_url: 'http://127.0.0.1:9',
    });
    const result = await runCli(['status', '--dir', root, '--timeout', '2'], { env: awsEnv() });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/pipeline\s*│\s*not created yet/);
    expect(result.stdout).toMatch(/ecs service\s*│\s*not created yet/);
    expect(result.stdout).toMatch(/targets\s*│\s*not created yet/);
    expect(result.stdout).not.toMatch(/NotFound/);
    expect(unwrapped(result.stderr)).toContain('Fix: Run `challenge apply --env mock`');
    const json = JSON.parse(
      (await runCli(['status', '--dir', root, '--json', '--timeout', '2'], { env: awsEnv() })).stdout,
    );
    expect(json.service).toEqual({ ok: false, error: 'not created yet', notCreated: true });
  });

  it('fits the terminal: every line within COLUMNS (80 and 100), long ARNs and errors wrapped', async () => {
    const longTg = `${TG}-${'x'.repeat(60)}`;
    const root = await rootWith({
      region: 'eu-west-1',
      pipeline_name: 'challenge-mock-pipeline',
      ecs_cluster_name: 'challenge-mock',
      ecs_service_name: 'challenge-mock-app',
      target_group_arn: longTg,
      app_url: `http://127.0.0.1:9/${'very-long-path-segment/'.repeat(5)}`,
    });
    for (const columns of [80, 100]) {
      const result = await runCli(['status', '--dir', root, '--timeout', '1'], {
        env: { ...awsEnv(), COLUMNS: String(columns) },
      });
      const lines = `${result.stdout}\n${result.stderr}`.split('\n');
      expect(
        lines.filter((line) => line.length > columns),
        `COLUMNS=${columns}`,
      ).toEqual([]);
      expect(result.stdout).toMatch(/stage Approval\s*│\s*InProgress \(e-1\)/);
    }
  });

  it('an env whose stack has none of the outputs status reads names the apply that makes them', async () => {
    const root = await rootWith({ region: 'eu-west-1' });
    const result = await runCli(['status', '--dir', root], { env: awsEnv() });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/pipeline\s*│\s*unavailable: no pipeline_name in the env's outputs/);
    expect(unwrapped(result.stderr)).toBe(
      'Error: Env mock: pipeline, ecs service, targets, GET /gtg could not be read (see above).\nFix: Run `challenge apply --env mock`: what status reads is created (and named in the outputs) by it.',
    );
  });

  describe('the last execution', () => {
    const roots = new Map<string, Promise<string>>();
    const rootFor = (pipeline: string) => {
      if (!roots.has(pipeline)) {
        roots.set(
          pipeline,
          rootWith({
            region: 'eu-west-1',
            pipeline_name: pipeline,
            ecs_cluster_name: 'challenge-mock',
            ecs_service_name: 'challenge-mock-app',
            target_group_arn: TG,
            app_url: app.url,
          }),
        );
      }
      return roots.get(pipeline) as Promise<string>;
    };
    const statusOf = async (pipeline: string, ...extra: string[]) =>
      runCli(['status', '--dir', await rootFor(pipeline), ...extra], {
        env: { ...awsEnv(), COLUMNS: '1000' },
      });

    it('is never the run at pipeline creation that failed at Source', async () => {
      const result = await statusOf('never-shipped-pipeline');
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/stage Source\s*│\s*Failed \(exec-0, the run at pipeline creation\)/);
      expect(result.stdout).toContain(
        'Nothing shipped yet: the only run (exec-0, Failed) is the one at pipeline creation, which fails at Source because main does not exist yet. Run `challenge ship app --env mock`.',
      );
      expect(result.stdout).not.toContain('Why ');
    });

    it('shows each stage duration and the total from push to live', async () => {
      const result = await statusOf('shipped-pipeline');
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toContain(
        'Last execution exec-5 (Succeeded, commit aaaaaaaaaaaa Ship apps/flask-app from 1111111)',
      );
      expect(result.stdout).toMatch(
        / {2}Source +Succeeded +5 s\n {2}Build +Succeeded +3 min 0 s\n {2}Approval +Succeeded +10 min 0 s\n {2}Deploy +Succeeded +1 min 30 s/,
      );
      expect(result.stdout).toContain(
        'push to live: 14 min 35 s (4 min 35 s without the 10 min 0 s waiting for approval)',
      );
      const json = JSON.parse((await statusOf('shipped-pipeline', '--json')).stdout);
      expect(json.lastExecution.value.timings).toMatchObject({
        executionId: 'exec-5',
        pushToLiveSeconds: 875,
        approvalSeconds: 600,
      });
    });

    it('says why the last execution failed: the failing phase and the log tail', async () => {
      const result = await statusOf('failed-pipeline');
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toContain('Last execution exec-6 (Failed, commit bbbbbbbbbbbb');
      expect(result.stdout).toMatch(
        / {2}Build +Failed +1 min 0 s\n {2}Approval +not run\n {2}Deploy +not run\n {2}push to live: not live \(yet\)/,
      );
      expect(result.stdout).toContain(
        'failed phase: PRE_BUILD (FAILED): Error while executing command: bash scripts/lint.sh. Reason: exit status 1',
      );
      expect(result.stdout).toContain('    | E501 Line too long (130 > 120)');
    });
  });
});
