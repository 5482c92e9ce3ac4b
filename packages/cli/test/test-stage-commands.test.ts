import { execFile, execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
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
  repoRoot,
  startFakeAws,
  startGitServer,
  stsHandler,
} from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsEnv, runCli } from './helpers/cli.js';
import { appMonorepo, commitAppChange, git } from './helpers/ship-fixture.js';

// The pipeline with its Test stage (Source -> Build -> Test -> Approval -> Deploy): what status, ship --watch
// and approve show of it, and which contract checks a failed Test stage names (from its build log).
const PIPELINE = 'challenge-mock-pipeline';
const TEST_LOG = '/codebuild/challenge-mock-app-test';
const STAGE_COMMAND = 'bash scripts/test-stage.sh';
const FAILED_TEST = 'challenge-mock-app-test:5d1f3c2a-1b4e-4c6d-9e8f-0a1b2c3d4e5f';
const PASSED_TEST = 'challenge-mock-app-test:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

let fake: FakeAws;
let server: GitServer;
let repo: string;
let scenario: PipelineScenario;
const logGroups: FakeLogGroups = {};

/** The app under test as the Test stage saw it: the contract holds except where `broken` says. */
async function appUnderTest(broken: { details?: boolean }): Promise<{ url: string; server: Server }> {
  const stored = new Set<string>();
  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const app = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const name = decodeURIComponent(url.pathname.replace(/^\/candidate\//, ''));
    if (url.pathname === '/gtg' && url.search === '?details')
      return json(res, 200, { connected: broken.details ? 'false' : 'true', 'instance-id': 'unknown' });
    if (url.pathname === '/gtg') return res.end();
    if (url.pathname === '/') return json(res, 400, { status: 'invalid request' });
    if (url.pathname === '/candidates')
      return json(
        res,
        200,
        [...stored].map((n) => ({ CandidateName: n })),
      );
    if (req.method === 'POST') {
      stored.add(name);
      return json(res, 200, { CandidateName: name });
    }
    return stored.has(name) ? json(res, 200, [{ CandidateName: name }]) : res.writeHead(404).end('Not Found');
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(app.address() as AddressInfo).port}`, server: app };
}

/** A Test stage build log: CodeBuild's lines around what `python -m contract` printed against `broken`. */
async function testBuildLog(buildId: string, broken: { details?: boolean }): Promise<void> {
  const app = await appUnderTest(broken);
  const appDir = join(repoRoot(), 'apps', 'flask-app');
  const printed = await promisify(execFile)(
    join(appDir, '.venv', 'bin', 'python'),
    ['-m', 'contract', app.url],
    {
      cwd: appDir,
    },
  ).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
  app.server.close();
  const start = Date.now() - 120_000;
  const lines = [
    `[Container] 2026/01/01 10:00:00.000 Running command ${STAGE_COMMAND}`,
    ...printed.stdout.split('\n').filter(Boolean),
    // The app's log tail follows a failure: far more than the 30 lines a diagnosis shows.
    ...(broken.details
      ? Array.from({ length: 40 }, (_, i) => `127.0.0.1 - - "GET /gtg HTTP/1.1" 200 0 #${i}`)
      : []),
    '[Container] 2026/01/01 10:01:00.000 Phase complete: BUILD State: ' +
      (broken.details ? 'FAILED' : 'SUCCEEDED'),
  ];
  appendLogEvents(
    logGroups,
    TEST_LOG,
    buildId.split(':')[1]!,
    lines.map((message, i) => ({ timestamp: start + i * 10, message: `${message}\n` })),
  );
}

const stage = (name: string, status: 'Succeeded' | 'Failed' | 'InProgress', extra = {}) => ({
  name,
  executionId: 'exec-42',
  status,
  actions: [{ name: name === 'Test' ? 'ContractTests' : name, status, ...extra }],
});

/** exec-42 of the pushed head: Source and Build pass, then the Test stage passes (approval waits) or fails. */
function pipelineWithTest(testOutcome: 'Succeeded' | 'Failed'): PipelineScenario {
  let reads = 0;
  const buildId = testOutcome === 'Failed' ? FAILED_TEST : PASSED_TEST;
  return {
    name: PIPELINE,
    stages: [
      { name: 'Source', actions: [{ name: 'Source' }] },
      { name: 'Build', actions: [{ name: 'Build' }] },
      { name: 'Test', actions: [{ name: 'ContractTests' }] },
      { name: 'Approval', actions: [{ name: 'Approve' }] },
      { name: 'Deploy', actions: [{ name: 'Deploy' }] },
    ],
    executions: [creationTimeExecution('exec-0', 'app')],
    approvals: [],
    onListExecutions: (s) => {
      if (s.executions.some((e) => e.id === 'exec-42')) return;
      const head = git(server.repoPath('app'), 'rev-parse', 'main');
      s.executions.push({ id: 'exec-42', status: 'InProgress', revisionId: head, revisionSummary: 'ship' });
    },
    onGetState: (s) => {
      reads += 1;
      s.stages[0] = stage('Source', 'Succeeded');
      s.stages[1] = stage('Build', 'Succeeded');
      if (reads === 1) s.stages[2] = stage('Test', 'InProgress', { externalExecutionId: buildId });
      if (reads >= 2) {
        s.stages[2] = stage('Test', testOutcome, {
          externalExecutionId: buildId,
          ...(testOutcome === 'Failed'
            ? { errorDetails: { code: 'JobFailed', message: 'Build terminated with state: FAILED' } }
            : {}),
        });
        if (testOutcome === 'Failed') s.executions.find((e) => e.id === 'exec-42')!.status = 'Failed';
      }
      if (reads >= 3 && testOutcome === 'Succeeded') {
        s.stages[3] = {
          ...stage('Approval', 'InProgress'),
          actions: [{ name: 'Approve', status: 'InProgress', token: 'tok-42' }],
        };
      }
    },
  };
}

beforeAll(async () => {
  execFileSync('bash', [join(repoRoot(), 'apps', 'flask-app', 'scripts', 'ensure-venv.sh')], {
    stdio: 'ignore',
  });
  await testBuildLog(FAILED_TEST, { details: true });
  await testBuildLog(PASSED_TEST, {});
  server = await startGitServer({
    secretAccessKey: 'AKIDTESTSTAGE-secret',
    region: 'eu-west-1',
    repos: ['app'],
  });
  fake = await startFakeAws({
    handlers: {
      sts: stsHandler(),
      codepipeline: (request) => codePipelineHandler([scenario])(request),
      codebuild: codeBuildHandler([
        finishedBuild({
          id: FAILED_TEST,
          logGroup: TEST_LOG,
          failedPhase: 'BUILD',
          failedCommand: STAGE_COMMAND,
        }),
        finishedBuild({ id: PASSED_TEST, logGroup: TEST_LOG }),
      ]),
      logs: cloudWatchLogsHandler(logGroups),
    },
  });
  repo = await appMonorepo('challenge-test-stage-', {
    codecommit_clone_url_http: server.repoUrl('app'),
    region: 'eu-west-1',
    pipeline_name: PIPELINE,
  });
}, 240_000);

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

const cli = (...args: string[]) =>
  runCli([...args, '--dir', join(repo, 'terraform')], { env: fakeAwsEnv(fake.url, 'AKIDTESTSTAGE') });

const commitChange = () => commitAppChange(repo);

describe('the Test stage in ship --watch, status and approve', () => {
  it('ship --watch follows the Test stage and names the contract checks that failed', async () => {
    scenario = pipelineWithTest('Failed');
    commitChange();
    const result = await cli('ship', 'app', '--watch', '--timeout', '30');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/Build: Succeeded[\s\S]*Test: InProgress[\s\S]*Test: Failed/);
    expect(result.stderr).toContain('Error: Execution exec-42 failed at Test.');
    expect(result.stdout).toContain(`Why Test failed: CodeBuild build ${FAILED_TEST} ended FAILED`);
    expect(result.stdout).toContain('  contract checks: 1 of 6 failed:');
    expect(result.stdout).toContain('    FAIL GET /gtg?details: "connected" is "false", expected "true"');
    // The check results come from the whole log: the 30-line tail holds only the app's log.
    const tail = result.stdout.split('\n').filter((line) => line.startsWith('    | '));
    expect(tail.some((line) => line.includes('contract-check'))).toBe(false);

    scenario = pipelineWithTest('Failed');
    commitChange();
    const json = JSON.parse((await cli('ship', 'app', '--watch', '--timeout', '30', '--json')).stdout);
    expect(json.error.message).toBe('Execution exec-42 failed at Test.');
    const checks = json.diagnosis[0].contractChecks as Array<{ name: string; ok: boolean }>;
    expect(checks).toHaveLength(6);
    expect(checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['GET /gtg?details']);
  });

  it('status shows the Test stage and, when it failed, which contract checks failed', async () => {
    scenario = pipelineWithTest('Failed');
    commitChange();
    await cli('ship', 'app', '--watch', '--timeout', '30');
    const result = await cli('status');
    expect(result.stdout).toMatch(/stage Test\s+│\s+Failed \(exec-42\)/);
    expect(result.stdout).toMatch(/^ {2}Test {2,}Failed/m);
    expect(result.stdout).toContain('Why Test failed: CodeBuild build');
    expect(result.stdout).toContain('    FAIL GET /gtg?details: "connected" is "false", expected "true"');
    const json = JSON.parse((await cli('status', '--json')).stdout);
    expect(json.pipeline.value.map((s: { stage: string }) => s.stage)).toEqual([
      'Source',
      'Build',
      'Test',
      'Approval',
      'Deploy',
    ]);
    expect(json.lastExecution.value.tests[0]).toMatchObject({
      stage: 'Test',
      status: 'Failed',
      buildId: FAILED_TEST,
    });
  });

  it('ship --watch and approve show the contract checks the new image passed before the approval', async () => {
    scenario = pipelineWithTest('Succeeded');
    commitChange();
    const shipped = await cli('ship', 'app', '--watch', '--timeout', '30');
    expect(shipped.exitCode, shipped.stderr).toBe(0);
    expect(shipped.stdout).toMatch(/Test: Succeeded[\s\S]*Approval: InProgress/);
    expect(shipped.stdout).toContain(`  Test ContractTests: Succeeded (build ${PASSED_TEST})`);
    expect(shipped.stdout).toContain('    contract checks: all 6 passed');

    const approved = await cli('approve', '--yes');
    expect(approved.exitCode, approved.stderr).toBe(0);
    expect(approved.stdout).toContain(`Test ContractTests: Succeeded (build ${PASSED_TEST})`);
    expect(approved.stdout).toContain('  contract checks: all 6 passed');
    expect(approved.stdout.indexOf('contract checks')).toBeLessThan(approved.stdout.indexOf('Approved '));
    expect(scenario.approvals).toHaveLength(1);
  });
});
