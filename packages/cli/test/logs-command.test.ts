import {
  appendLogEvents,
  cloudWatchLogsHandler,
  codeBuildHandler,
  codePipelineHandler,
  type EcsScenario,
  ecsHandler,
  type FakeAws,
  type FakeBuild,
  type FakeLogGroups,
  finishedBuild,
  type PipelineScenario,
  startFakeAws,
  stsHandler,
} from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsEnv, fakeAwsProfileEnv, runCli } from './helpers/cli.js';
import {
  expectNoStack,
  PIPELINE,
  REGION,
  revisions,
  rootWithOutputs,
  stackOutputs,
  steadyService,
} from './helpers/delivery-world.js';

const APP_LOG = '/ecs/challenge-mock/app';
const BUILD_LOG = '/codebuild/challenge-mock-app';
const B1 = 'challenge-mock-app:11111111-1111-4111-8111-111111111111';
const B2 = 'challenge-mock-app:22222222-2222-4222-8222-222222222222';
const B3 = 'challenge-mock-app:33333333-3333-4333-8333-333333333333';
const NOW = Date.now();

let fake: FakeAws;
let withGroup: string;
let withEcsOnly: string;
let bare: string;
const groups: FakeLogGroups = {};
const builds: FakeBuild[] = [];
let pipeline: PipelineScenario;
const ecs: EcsScenario = { services: [steadyService(3)], taskDefinitions: revisions({ 3: 'cccccccccccc' }) };

const streamOf = (build: string) => build.split(':')[1] as string;

function buildRun(build: string, status: 'Succeeded' | 'Failed' | 'InProgress', start: number) {
  return { stage: 'Build', action: 'Build', status, startTime: new Date(start), externalExecutionId: build };
}

beforeAll(async () => {
  appendLogEvents(groups, APP_LOG, 'app/app/0aaa1111', [
    { timestamp: NOW - 30 * 60_000, message: 'booting (long ago)' },
    { timestamp: NOW - 4 * 60_000, message: '[INFO] Listening at: http://0.0.0.0:8000' },
    { timestamp: NOW - 2 * 60_000, message: '"GET /gtg HTTP/1.1" 200' },
  ]);
  appendLogEvents(groups, APP_LOG, 'app/app/0bbb2222', [
    { timestamp: NOW - 3 * 60_000, message: '[INFO] Booting worker with pid: 7' },
    { timestamp: NOW - 60_000, message: '"POST /candidate/ada HTTP/1.1" 200' },
  ]);
  appendLogEvents(groups, BUILD_LOG, streamOf(B1), [{ timestamp: NOW - 90_000, message: 'b1: build ok\n' }]);
  appendLogEvents(groups, BUILD_LOG, streamOf(B2), [
    { timestamp: NOW - 50_000, message: 'b2: Running command bash scripts/pytest.sh\n' },
    { timestamp: NOW - 49_000, message: 'b2: 1 failed, 41 passed\n' },
  ]);
  builds.push(
    finishedBuild({ id: B1, logGroup: BUILD_LOG, startTime: new Date(NOW - 100_000) }),
    finishedBuild({
      id: B2,
      logGroup: BUILD_LOG,
      startTime: new Date(NOW - 60_000),
      failedPhase: 'PRE_BUILD',
    }),
  );
  pipeline = {
    name: PIPELINE,
    stages: [{ name: 'Build', actions: [{ name: 'Build' }] }],
    executions: [
      {
        id: 'exec-1',
        status: 'Succeeded',
        revisionId: 'a'.repeat(40),
        actions: [buildRun(B1, 'Succeeded', NOW - 100_000)],
      },
      {
        id: 'exec-2',
        status: 'Failed',
        revisionId: 'b'.repeat(40),
        actions: [buildRun(B2, 'Failed', NOW - 60_000)],
      },
    ],
    approvals: [],
  };
  fake = await startFakeAws({
    handlers: {
      sts: stsHandler(),
      logs: cloudWatchLogsHandler(groups),
      codebuild: codeBuildHandler(builds),
      codepipeline: (request) => codePipelineHandler([pipeline])(request),
      ecs: ecsHandler(ecs),
    },
  });
  [withGroup, withEcsOnly, bare] = await Promise.all([
    rootWithOutputs({ region: REGION, pipeline_name: PIPELINE, app_log_group_name: APP_LOG }),
    rootWithOutputs(stackOutputs()),
    rootWithOutputs({ region: REGION }),
  ]);
}, 120_000);

afterAll(async () => {
  await fake?.close();
});

const env = () => fakeAwsEnv(fake.url, 'AKIDLOGS');
const logs = (root: string, ...args: string[]) => runCli(['logs', '--dir', root, ...args], { env: env() });
const messages = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => line.split('  ').slice(2).join('  '));

describe('challenge logs', () => {
  it("shows the app's log group across tasks, newest last, with timestamp and task id", async () => {
    const result = await logs(withGroup);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')[0]).toBe(
      `${new Date(NOW - 4 * 60_000).toISOString()}  0aaa1111  [INFO] Listening at: http://0.0.0.0:8000`,
    );
    expect(messages(result.stdout)).toEqual([
      '[INFO] Listening at: http://0.0.0.0:8000',
      '[INFO] Booting worker with pid: 7',
      '"GET /gtg HTTP/1.1" 200',
      '"POST /candidate/ada HTTP/1.1" 200',
    ]);
    const limited = await logs(withGroup, '--since', '1h', '--limit', '2');
    expect(messages(limited.stdout)).toEqual([
      '"GET /gtg HTTP/1.1" 200',
      '"POST /candidate/ada HTTP/1.1" 200',
    ]);
    const all = await logs(withGroup, '--since', '1h');
    expect(messages(all.stdout)[0]).toBe('booting (long ago)');
  });

  it('--json prints one object per line; without the output, the group comes from the task definition', async () => {
    const result = await logs(withEcsOnly, '--json');
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(4);
    expect(lines[3]).toEqual({
      timestamp: new Date(NOW - 60_000).toISOString(),
      taskId: '0bbb2222',
      stream: 'app/app/0bbb2222',
      message: '"POST /candidate/ada HTTP/1.1" 200',
    });
  });

  it('--build shows the latest build log; --execution picks the execution', async () => {
    const latest = await logs(withGroup, '--build');
    expect(latest.exitCode, latest.stderr).toBe(0);
    expect(latest.stderr).toContain(`Build ${B2} (FAILED), stage Build of execution exec-2`);
    expect(messages(latest.stdout)).toEqual([
      'b2: Running command bash scripts/pytest.sh',
      'b2: 1 failed, 41 passed',
    ]);
    expect(latest.stdout).toContain(`  ${B2}  `);
    const first = await logs(withGroup, '--build', '--execution', 'exec-1', '--json');
    expect(
      first.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      {
        timestamp: new Date(NOW - 90_000).toISOString(),
        buildId: B1,
        stream: streamOf(B1),
        message: 'b1: build ok',
      },
    ]);
  });

  it('--profile signs every AWS call of the run with that profile', async () => {
    const from = fake.requests.length;
    const result = await runCli(['logs', '--dir', withEcsOnly, '--profile', 'ops'], {
      env: await fakeAwsProfileEnv(fake.url, 'ops', 'AKIDOPS'),
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(messages(result.stdout)).toContain('"POST /candidate/ada HTTP/1.1" 200');
    const signers = new Set(fake.requests.slice(from).map((request) => request.accessKeyId));
    expect([...signers]).toEqual(['AKIDOPS']);
  });

  it('bad input: a missing output, an unknown execution, --execution without --build, a bad --since', async () => {
    const missing = await logs(bare);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain(
      "Error: Env mock has no app_log_group_name output, which names the app's CloudWatch log group.",
    );
    expect(missing.stderr).toContain('Fix: Run `challenge apply --env mock`');
    const unknown = await logs(withGroup, '--build', '--execution', 'exec-9');
    expect(unknown.stderr).toContain(`Pipeline ${PIPELINE} has no execution exec-9.`);
    const noBuild = await logs(withGroup, '--execution', 'exec-1');
    expect(noBuild.stderr).toContain('--execution picks a build log.');
    expect(noBuild.stderr).toContain('Fix: Add --build');
    const since = await logs(withGroup, '--since', '10');
    expect(since.stderr).toContain('--since 10 is not a duration.');
    // After a first apply that failed before the pipeline was made: its name is known, AWS has none.
    const never = await rootWithOutputs({ region: REGION, pipeline_name: 'challenge-never-created' });
    const notCreated = await logs(never, '--build');
    expect(notCreated.stderr).toContain('Error: Pipeline challenge-never-created is not created yet');
    expect(notCreated.stderr).toContain('run `challenge apply`');
    expect(notCreated.stderr).not.toContain('Unexpected');
    for (const result of [missing, unknown, noBuild, since, notCreated]) {
      expect(result.exitCode).toBe(1);
      expectNoStack(result.stderr);
    }
  });

  it('--follow prints new lines as they arrive until Ctrl-C: exit 130, no stack', async () => {
    const child = runCli(['logs', '--dir', withGroup, '--follow'], { env: env() });
    let out = '';
    const seen = (text: string) =>
      new Promise<void>((resolve) => {
        const check = () => out.includes(text) && resolve();
        child.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          check();
        });
        check();
      });
    await seen('"POST /candidate/ada HTTP/1.1" 200');
    appendLogEvents(groups, APP_LOG, 'app/app/0ccc3333', [
      { timestamp: Date.now(), message: 'a line written while following' },
    ]);
    await seen('a line written while following');
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toBe('');
    expect(out.match(/"POST \/candidate\/ada HTTP\/1.1" 200/g)).toHaveLength(1);
    expect(out).toMatch(/ {2}0ccc3333 {2}a line written while following\n$/);
  }, 60_000);

  it('--build --follow tails a running build and ends with it', async () => {
    builds.push({
      ...finishedBuild({ id: B3, logGroup: BUILD_LOG }),
      status: 'IN_PROGRESS',
      currentPhase: 'BUILD',
    });
    pipeline.executions.push({
      id: 'exec-3',
      status: 'InProgress',
      revisionId: 'c'.repeat(40),
      actions: [buildRun(B3, 'InProgress', NOW)],
    });
    appendLogEvents(groups, BUILD_LOG, streamOf(B3), [{ timestamp: NOW, message: 'b3: step 1\n' }]);
    const child = runCli(['logs', '--dir', withGroup, '--build', '--follow'], { env: env() });
    let out = '';
    let finished = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('b3: step 1') && !finished) {
        finished = true;
        appendLogEvents(groups, BUILD_LOG, streamOf(B3), [
          { timestamp: Date.now(), message: 'b3: step 2\n' },
        ]);
        const build = builds.find((b) => b.id === B3);
        if (build) Object.assign(build, { status: 'SUCCEEDED', currentPhase: 'COMPLETED' });
      }
    });
    const result = await child;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(messages(out)).toEqual(['b3: step 1', 'b3: step 2']);
  }, 60_000);
});
