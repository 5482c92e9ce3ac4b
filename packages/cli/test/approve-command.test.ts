import {
  codePipelineHandler,
  type FakeAws,
  type PipelineScenario,
  startFakeAws,
  stsHandler,
} from '@challenge/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeAwsEnv, makeRoot, runCli } from './helpers/cli.js';

const PIPELINE = 'challenge-mock-pipeline';
let root: string;
let fake: FakeAws;
let scenario: PipelineScenario;

function pendingScenario(): PipelineScenario {
  return {
    name: PIPELINE,
    stages: [
      {
        name: 'Source',
        actions: [{ name: 'Source', status: 'Succeeded' }],
        executionId: 'exec-1',
        status: 'Succeeded',
      },
      {
        name: 'Build',
        actions: [{ name: 'Build', status: 'Succeeded' }],
        executionId: 'exec-1',
        status: 'Succeeded',
      },
      {
        name: 'Approval',
        actions: [
          {
            name: 'Approve',
            status: 'InProgress',
            token: 'token-1',
            lastStatusChange: new Date(Date.now() - 5 * 60_000),
          },
        ],
        executionId: 'exec-1',
      },
      { name: 'Deploy', actions: [{ name: 'Deploy' }] },
    ],
    executions: [
      {
        id: 'exec-1',
        status: 'InProgress',
        revisionId: 'abc123def456',
        revisionSummary: 'ship flask-app from 1a2b3c',
      },
    ],
    approvals: [],
  };
}

beforeAll(async () => {
  fake = await startFakeAws({
    handlers: {
      sts: stsHandler(),
      codepipeline: (request) => codePipelineHandler([scenario])(request),
    },
  });
  root = await makeRoot({
    'main.tf': `variable "pipeline_name" {
  type        = string
  description = "Pipeline"
}
output "pipeline_name" {
  value = var.pipeline_name
}
output "region" {
  value = "eu-west-1"
}
`,
    'vars/mock.tfvars.json': JSON.stringify({ pipeline_name: PIPELINE }),
  });
  const applied = await runCli(['apply', '--dir', root, '--yes']);
  expect(applied.exitCode, applied.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await fake?.close();
});

beforeEach(() => {
  scenario = pendingScenario();
});

function approve(...args: string[]) {
  return runCli(['approve', '--dir', root, ...args], {
    env: fakeAwsEnv(fake.url, 'AKIDAPPROVE'),
  });
}

describe('challenge approve', () => {
  it('shows what is approved and approves exactly that action', async () => {
    const result = await approve('--yes');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Pending approval in ${PIPELINE}: Approval / Approve`);
    expect(result.stdout).toMatch(/execution\s+exec-1/);
    expect(result.stdout).toMatch(/commit\s+abc123def456\s+ship flask-app from 1a2b3c/);
    expect(result.stdout).toMatch(/waiting\s+5 min/);
    expect(scenario.approvals).toEqual([
      {
        stageName: 'Approval',
        actionName: 'Approve',
        status: 'Approved',
        summary: expect.stringContaining('mock'),
        token: 'token-1',
      },
    ]);
  });

  it('rejects with a reason, and --json gives the answer', async () => {
    const result = await approve('--yes', '--reject', '--reason', 'not today', '--json');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      pipelineName: PIPELINE,
      stageName: 'Approval',
      actionName: 'Approve',
      executionId: 'exec-1',
      revisionId: 'abc123def456',
      status: 'Rejected',
    });
    expect(scenario.approvals[0]).toMatchObject({ status: 'Rejected', summary: 'not today' });
  });

  it('refuses --reject without --reason, and no --yes without a terminal, before calling AWS', async () => {
    const before = fake.requests.length;
    const noReason = await approve('--yes', '--reject');
    expect(noReason.exitCode).toBe(1);
    expect(noReason.stderr).toContain('Fix: Add --reason');
    const noYes = await approve();
    expect(noYes.exitCode).toBe(1);
    expect(noYes.stderr).toContain('Fix: Pass --yes');
    expect(fake.requests.length).toBe(before);
  });

  it('says so when nothing is pending', async () => {
    scenario.stages[2]!.actions[0] = { name: 'Approve', status: 'Succeeded' };
    const result = await approve('--yes');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      `No approval is pending in pipeline ${PIPELINE} (its last shipped execution exec-1 is InProgress).`,
    );
    expect(result.stderr).toContain('--wait');
  });

  it('reports an approval answered by someone else meanwhile, with one attempt only', async () => {
    scenario.beforePutApproval = (s) => {
      s.stages[2]!.actions[0]!.status = 'Succeeded';
    };
    const puts = fake.calls('codepipeline', 'PutApprovalResult').length;
    const result = await approve('--yes');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('was already answered (by someone else, or it expired)');
    expect(fake.calls('codepipeline', 'PutApprovalResult').length - puts).toBe(1);
  });

  it('reports an invalid token', async () => {
    scenario.beforePutApproval = (s) => {
      s.stages[2]!.actions[0]!.token = 'token-2';
    };
    const result = await approve('--yes');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('is no longer valid');
    expect(result.stderr).toContain('Fix: Run `challenge approve` again');
  });

  it('--wait waits for the approval to become pending, and times out clearly', async () => {
    scenario.stages[2]!.actions[0] = { name: 'Approve' };
    scenario.onGetState = (s, calls) => {
      if (calls >= 3)
        s.stages[2]!.actions[0] = { name: 'Approve', status: 'InProgress', token: 'late-token' };
    };
    const waited = await approve('--yes', '--wait', '--timeout', '30');
    expect(waited.exitCode, waited.stderr).toBe(0);
    expect(scenario.approvals[0]?.token).toBe('late-token');

    scenario = pendingScenario();
    scenario.stages[2]!.actions[0] = { name: 'Approve' };
    const timedOut = await approve('--yes', '--wait', '--timeout', '1');
    expect(timedOut.exitCode).toBe(1);
    expect(timedOut.stderr).toContain(`No approval became pending in pipeline ${PIPELINE} within 1 s.`);
  });

  it('names a pipeline that does not exist', async () => {
    scenario.name = 'another-pipeline';
    const result = await approve('--yes');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`Pipeline ${PIPELINE} is not created yet`);
  });
});
