import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  codePipelineHandler,
  type FakeAws,
  type GitServer,
  type PipelineScenario,
  startFakeAws,
  startGitServer,
  stsHandler,
} from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsEnv, runCli } from './helpers/cli.js';

const PIPELINE = 'challenge-mock-pipeline';
let server: GitServer;
let fake: FakeAws;
let repo: string;
let scenario: PipelineScenario;

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

/** Once the push lands, an execution for it appears; its Build then runs and ends with `buildOutcome`. */
function pipelineFor(buildOutcome: 'Succeeded' | 'Failed'): PipelineScenario {
  let reads = 0;
  return {
    name: PIPELINE,
    stages: [
      { name: 'Source', actions: [{ name: 'Source' }] },
      { name: 'Build', actions: [{ name: 'Build' }] },
      { name: 'Approval', actions: [{ name: 'Approve' }] },
      { name: 'Deploy', actions: [{ name: 'Deploy' }] },
    ],
    executions: [],
    approvals: [],
    onListExecutions: (s) => {
      if (s.executions.length > 0) return;
      const head = git(server.repoPath('app'), 'rev-parse', 'main');
      s.executions.push({ id: 'exec-42', status: 'InProgress', revisionId: head, revisionSummary: 'ship' });
    },
    onGetState: (s) => {
      reads += 1;
      const [source, build, approval] = s.stages;
      Object.assign(source!, { executionId: 'exec-42', status: 'Succeeded' });
      if (reads === 1) Object.assign(build!, { executionId: 'exec-42', status: 'InProgress' });
      if (reads >= 2) Object.assign(build!, { executionId: 'exec-42', status: buildOutcome });
      if (reads >= 3 && buildOutcome === 'Succeeded') {
        Object.assign(approval!, { executionId: 'exec-42', status: 'InProgress' });
        approval!.actions[0] = { name: 'Approve', status: 'InProgress', token: 'tok' };
      }
    },
  };
}

beforeAll(async () => {
  server = await startGitServer({ secretAccessKey: 'AKIDWATCH-secret', region: 'eu-west-1', repos: ['app'] });
  fake = await startFakeAws({
    handlers: { sts: stsHandler(), codepipeline: (request) => codePipelineHandler([scenario])(request) },
  });
  repo = mkdtempSync(join(tmpdir(), 'challenge-watch-'));
  git(repo, 'init', '--quiet', '--initial-branch=main');
  git(repo, 'config', 'user.email', 'dev@example.com');
  git(repo, 'config', 'user.name', 'Dev');
  mkdirSync(join(repo, 'apps/flask-app'), { recursive: true });
  mkdirSync(join(repo, 'terraform/vars'), { recursive: true });
  writeFileSync(join(repo, 'apps/flask-app/app.py'), 'print(1)\n');
  writeFileSync(
    join(repo, 'terraform/main.tf'),
    `output "codecommit_clone_url_http" {\n  value = "${server.repoUrl('app')}"\n}\noutput "region" {\n  value = "eu-west-1"\n}\noutput "pipeline_name" {\n  value = "${PIPELINE}"\n}\n`,
  );
  writeFileSync(join(repo, 'terraform/vars/mock.tfvars.json'), '{}');
  writeFileSync(join(repo, '.gitignore'), '.terraform/\nterraform.tfstate.d/\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '-m', 'init');
  expect((await runCli(['apply', '--dir', join(repo, 'terraform'), '--yes'])).exitCode).toBe(0);
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

describe('challenge ship app --watch', () => {
  it('finds the execution the push started and follows it until it waits for approval', async () => {
    scenario = pipelineFor('Succeeded');
    const result = await ship('--watch', '--timeout', '30');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Pipeline ${PIPELINE}: execution exec-42`);
    expect(result.stdout).toMatch(
      /Source: Succeeded[\s\S]*Build: InProgress[\s\S]*Build: Succeeded[\s\S]*Approval: InProgress/,
    );
    expect(result.stdout).toContain('Waiting for approval: run `challenge approve`.');
  });

  it('exits 1 when the build fails', async () => {
    scenario = pipelineFor('Failed');
    writeFileSync(join(repo, 'apps/flask-app/app.py'), 'print(2)\n');
    git(repo, 'commit', '--quiet', '-am', 'v2');
    const result = await ship('--watch', '--timeout', '30', '--json');
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({
      code: 'PIPELINE_FAILED',
      message: 'Execution exec-42 failed at Build.',
    });
  });
});
