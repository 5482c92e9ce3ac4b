import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  codeCommitCommitsHandler,
  codePipelineHandler,
  creationTimeExecution,
  type EcsScenario,
  ecsHandler,
  type FakeAws,
  type PipelineScenario,
  startFakeAws,
  stsHandler,
} from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsEnv, runCli } from './helpers/cli.js';
import {
  PIPELINE,
  REPOSITORY,
  revisions,
  rootWithOutputs,
  stackOutputs,
  steadyService,
} from './helpers/delivery-world.js';

let fake: FakeAws;
let pipeline: PipelineScenario;
let ecs: EcsScenario;
let commits: { live: string; middle: string; waiting: string };
let withEcs: string;
let withoutEcs: string;

/** A CodeCommit-like repository (the app folder at its root) with three shipped commits. */
function repository(): string {
  const work = mkdtempSync(join(tmpdir(), 'approve-changes-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: work, encoding: 'utf8' }).trim();
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'user.name', 'Dev Eloper');
  const ship = (message: string) => {
    git('add', '-A');
    git('commit', '--quiet', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  writeFileSync(join(work, 'app.py'), 'v1\n');
  writeFileSync(join(work, 'old.txt'), 'old\n');
  const live = ship('Ship apps/flask-app from 1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
  writeFileSync(join(work, 'app.py'), 'v2\n');
  const middle = ship('Ship apps/flask-app from 2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');
  writeFileSync(join(work, 'new.txt'), 'new\n');
  rmSync(join(work, 'old.txt'));
  const waiting = ship('Ship apps/flask-app from 3333333ccccccccccccccccccccccccccccccccc');
  commits = { live, middle, waiting };
  return join(work, '.git');
}

/** exec-1 (commit `live`) went through Deploy; exec-3 (commit `waiting`) waits for approval. */
function scenario(options: { deployed: boolean }): PipelineScenario {
  const executions: PipelineScenario['executions'] = [creationTimeExecution('exec-0', REPOSITORY)];
  if (options.deployed) {
    executions.push({
      id: 'exec-1',
      status: 'Succeeded',
      revisionId: commits.live,
      revisionSummary: 'Ship apps/flask-app from 1111111',
      actions: [
        {
          stage: 'Deploy',
          action: 'Deploy',
          status: 'Succeeded',
          startTime: new Date(Date.now() - 86_400_000),
        },
      ],
    });
  }
  executions.push({
    id: 'exec-3',
    status: 'InProgress',
    revisionId: commits.waiting,
    revisionSummary: 'Ship apps/flask-app from 3333333',
  });
  return {
    name: PIPELINE,
    stages: [
      {
        name: 'Source',
        actions: [{ name: 'Source', status: 'Succeeded' }],
        executionId: 'exec-3',
        status: 'Succeeded',
      },
      {
        name: 'Build',
        actions: [{ name: 'Build', status: 'Succeeded' }],
        executionId: 'exec-3',
        status: 'Succeeded',
      },
      {
        name: 'Approval',
        actions: [{ name: 'Approve', status: 'InProgress', token: 'tok-3' }],
        executionId: 'exec-3',
      },
      { name: 'Deploy', actions: [{ name: 'Deploy' }] },
    ],
    executions,
    approvals: [],
  };
}

beforeAll(async () => {
  const repo = repository();
  ecs = { services: [steadyService(4)], taskDefinitions: revisions({ 4: commits.live.slice(0, 12) }) };
  fake = await startFakeAws({
    handlers: {
      sts: stsHandler(),
      codepipeline: (request) => codePipelineHandler([pipeline])(request),
      codecommit: codeCommitCommitsHandler({ [REPOSITORY]: repo }),
      ecs: (request) => ecsHandler(ecs)(request),
    },
  });
  [withEcs, withoutEcs] = await Promise.all([
    rootWithOutputs(stackOutputs()),
    rootWithOutputs({ region: 'eu-west-1', pipeline_name: PIPELINE, codecommit_repository_name: REPOSITORY }),
  ]);
}, 120_000);

afterAll(async () => {
  await fake?.close();
});

const approve = (root: string, ...extra: string[]) =>
  runCli(['approve', '--dir', root, '--yes', ...extra], { env: fakeAwsEnv(fake.url, 'AKIDCHANGES') });

describe('challenge approve shows what is approved against what runs now', () => {
  it('lists the commits and app files between the running image and the waiting revision (CodeCommit)', async () => {
    pipeline = scenario({ deployed: true });
    const result = await approve(withEcs);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Runs now   ${commits.live.slice(0, 12)}  (the service's image tag)`);
    expect(result.stdout).toMatch(
      new RegExp(
        `Commits    2, newest first:\\n  ${commits.waiting.slice(0, 12)}  Ship apps/flask-app from 3333333c+  \\(Dev Eloper, [\\d-]+ [\\d:]+\\)\\n  ${commits.middle.slice(0, 12)}  Ship apps/flask-app from 2222222b+`,
      ),
    );
    expect(result.stdout).toContain(
      'Files      3 changed in the app folder:\n  M app.py\n  A new.txt\n  D old.txt',
    );
    expect(result.stdout.indexOf('Files')).toBeLessThan(result.stdout.indexOf('Approved Approval/Approve'));
    const calls = fake.calls('codecommit').map((request) => request.action);
    expect(calls).toEqual(['GetCommit', 'GetCommit', 'GetDifferences']);
  });

  it('without ECS outputs, what runs is the last execution that succeeded in Deploy; --json carries the changes', async () => {
    pipeline = scenario({ deployed: true });
    const result = await approve(withoutEcs, '--json');
    expect(result.exitCode, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.live).toEqual({ commit: commits.live, how: 'last-deploy' });
    expect(json.changes.commits.map((c: { id: string }) => c.id)).toEqual([commits.waiting, commits.middle]);
    expect(json.changes.files).toEqual([
      { path: 'app.py', change: 'modified' },
      { path: 'new.txt', change: 'added' },
      { path: 'old.txt', change: 'deleted' },
    ]);
  });

  it('a first deploy (only the creation-time run before it) shows every file as new', async () => {
    pipeline = scenario({ deployed: false });
    ecs.services[0]!.taskDefinition = undefined;
    ecs.services[0]!.deployments = [];
    const result = await approve(withEcs);
    ecs.services[0] = steadyService(4);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('Runs now   nothing the pipeline deployed: this is the first deploy');
    expect(result.stdout).toContain('Commits    3, newest first:');
    expect(result.stdout).toContain('Files      2 changed in the app folder:\n  A app.py\n  A new.txt');
  });

  it('with only the creation-time run, says nothing was shipped yet and how to ship', async () => {
    pipeline = {
      ...scenario({ deployed: false }),
      executions: [creationTimeExecution('exec-0', REPOSITORY)],
    };
    pipeline.stages[2]!.actions[0] = { name: 'Approve' };
    const result = await approve(withEcs);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      `Error: No approval is pending in pipeline ${PIPELINE}: nothing has been shipped yet (the only run, exec-0, is the one at pipeline creation, which fails at Source because main does not exist yet).`,
    );
    expect(result.stderr).toContain('Fix: Run `challenge ship app --env mock --watch` first');
  });
});
