import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  appendLogEvents,
  cloudWatchLogsHandler,
  codeBuildHandler,
  codePipelineHandler,
  creationTimeExecution,
  type FakeAws,
  type FakeLogGroups,
  finishedBuild,
  type GitServer,
  type PipelineScenario,
  startFakeAws,
  startGitServer,
  stsHandler,
} from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsEnv, runCli } from './helpers/cli.js';
import { appMonorepo, git } from './helpers/ship-fixture.js';

const PIPELINE = 'challenge-mock-pipeline';
let server: GitServer;
let fake: FakeAws;
let repo: string;
let scenario: PipelineScenario;
const BUILD_ID = 'challenge-mock-app:0f7c1a52-9a57-4d4e-8a7b-2c1f2e0c9d11';
const BUILD_LOG = '/codebuild/challenge-mock-app';
const logGroups: FakeLogGroups = {};

/**
 * The pipeline as AWS leaves it after creation: one run (exec-0) that failed at Source because main did
 * not exist. Once the push lands, an execution for it appears; the first state read still shows exec-0's
 * failed Source (it must not be taken for ours); then exec-42's Build runs and ends with `buildOutcome`.
 */
function pipelineFor(buildOutcome: 'Succeeded' | 'Failed'): PipelineScenario {
  let reads = 0;
  const creation = creationTimeExecution('exec-0', 'app');
  return {
    name: PIPELINE,
    stages: [
      {
        name: 'Source',
        actions: [{ name: 'Source', status: 'Failed', errorDetails: creation.actions?.[0]?.errorDetails }],
        executionId: 'exec-0',
        status: 'Failed',
      },
      { name: 'Build', actions: [{ name: 'Build' }] },
      { name: 'Approval', actions: [{ name: 'Approve' }] },
      { name: 'Deploy', actions: [{ name: 'Deploy' }] },
    ],
    executions: [creation],
    approvals: [],
    onListExecutions: (s) => {
      if (s.executions.some((e) => e.id === 'exec-42')) return;
      const head = git(server.repoPath('app'), 'rev-parse', 'main');
      s.executions.push({ id: 'exec-42', status: 'InProgress', revisionId: head, revisionSummary: 'ship' });
    },
    onGetState: (s) => {
      reads += 1;
      if (reads === 1) return;
      const [source, build, approval] = s.stages;
      Object.assign(source!, { executionId: 'exec-42', status: 'Succeeded' });
      source!.actions[0] = { name: 'Source', status: 'Succeeded' };
      if (reads === 2) Object.assign(build!, { executionId: 'exec-42', status: 'InProgress' });
      if (reads >= 3) {
        Object.assign(build!, { executionId: 'exec-42', status: buildOutcome });
        build!.actions[0] = {
          name: 'Build',
          status: buildOutcome,
          externalExecutionId: BUILD_ID,
          ...(buildOutcome === 'Failed'
            ? { errorDetails: { code: 'JobFailed', message: 'Build terminated with state: FAILED' } }
            : {}),
        };
      }
      if (reads >= 4 && buildOutcome === 'Succeeded') {
        Object.assign(approval!, { executionId: 'exec-42', status: 'InProgress' });
        approval!.actions[0] = { name: 'Approve', status: 'InProgress', token: 'tok' };
      }
    },
  };
}

beforeAll(async () => {
  server = await startGitServer({ secretAccessKey: 'AKIDWATCH-secret', region: 'eu-west-1', repos: ['app'] });
  fake = await startFakeAws({
    handlers: {
      sts: stsHandler(),
      codepipeline: (request) => codePipelineHandler([scenario])(request),
      codebuild: codeBuildHandler([
        finishedBuild({
          id: BUILD_ID,
          logGroup: BUILD_LOG,
          failedPhase: 'PRE_BUILD',
          failedCommand: 'bash scripts/pytest.sh -m "not dynalite"',
        }),
      ]),
      logs: cloudWatchLogsHandler(logGroups),
    },
  });
  repo = await appMonorepo('challenge-watch-', {
    codecommit_clone_url_http: server.repoUrl('app'),
    region: 'eu-west-1',
    pipeline_name: PIPELINE,
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

function ship(...extra: string[]) {
  return runCli(['ship', 'app', '--dir', join(repo, 'terraform'), ...extra], {
    env: fakeAwsEnv(fake.url, 'AKIDWATCH'),
  });
}

/** Another commit of the app, shipped against a fresh failing pipeline. */
async function shipAgain(...extra: string[]) {
  scenario = pipelineFor('Failed');
  writeFileSync(join(repo, 'apps/flask-app/app.py'), `print(${Date.now()})\n`);
  git(repo, 'commit', '--quiet', '-am', 'again');
  return ship('--watch', '--timeout', '30', ...extra);
}

describe('challenge ship app --watch', () => {
  it('finds the execution the push started and follows it until it waits for approval, never the creation-time run', async () => {
    scenario = pipelineFor('Succeeded');
    const result = await ship('--watch', '--timeout', '30');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('exec-0');
    expect(result.stdout).not.toContain('Failed');
    expect(result.stdout).toContain(`Pipeline ${PIPELINE}: execution exec-42`);
    expect(result.stdout).toMatch(
      /Source: Succeeded[\s\S]*Build: InProgress[\s\S]*Build: Succeeded[\s\S]*Approval: InProgress/,
    );
    expect(result.stdout).toContain('Waiting for approval: run `challenge approve`.');
  });

  it('exits 1 when the build fails, with the failing phase and the last 30 lines of its log', async () => {
    scenario = pipelineFor('Failed');
    const start = Date.now() - 60_000;
    appendLogEvents(
      logGroups,
      BUILD_LOG,
      BUILD_ID.split(':')[1]!,
      Array.from({ length: 40 }, (_, i) => ({
        timestamp: start + i * 100,
        message: `build line ${i + 1}\n`,
      })),
    );
    writeFileSync(join(repo, 'apps/flask-app/app.py'), 'print(2)\n');
    git(repo, 'commit', '--quiet', '-am', 'v2');
    const result = await ship('--watch', '--timeout', '30');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Error: Execution exec-42 failed at Build.');
    expect(result.stderr).toContain('`challenge logs --build` shows the whole build log');
    expect(result.stdout).toContain(`Why Build failed: CodeBuild build ${BUILD_ID} ended FAILED`);
    expect(result.stdout).toContain(
      'failed phase: PRE_BUILD (FAILED): Error while executing command: bash scripts/pytest.sh -m "not dynalite". Reason: exit status 1',
    );
    const tail = result.stdout.split('\n').filter((line) => line.startsWith('    | '));
    expect(tail).toEqual(Array.from({ length: 30 }, (_, i) => `    | build line ${i + 11}`));

    const json = JSON.parse((await shipAgain('--json')).stdout);
    expect(json.error).toMatchObject({
      code: 'PIPELINE_FAILED',
      message: 'Execution exec-42 failed at Build.',
    });
    // The --json error contract ({code, message, hint}), with the diagnosis as an extra member beside it.
    expect(Object.keys(json.error).sort()).toEqual(['code', 'hint', 'message']);
    expect(json.error.hint).toContain('challenge ship app --watch');
    expect(json.diagnosis[0]).toMatchObject({ kind: 'build', failedPhase: { phase: 'PRE_BUILD' } });
    expect(json.diagnosis[0].logTail).toHaveLength(30);
  });
});
