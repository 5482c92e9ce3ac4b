import {
  codePipelineHandler,
  type FakeAws,
  type PipelineScenario,
  type RunningApp,
  startFakeAws,
  startFlaskApp,
  stsHandler,
} from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsEnv, makeRoot, runCli } from './helpers/cli.js';

const PIPELINE = 'challenge-mock-pipeline';
let fake: FakeAws;
let app: RunningApp;
let scenario: PipelineScenario;

/** An approval pending for exec-7; once answered, Deploy runs for exec-7 and ends with `outcome`. */
function deployingScenario(outcome: 'Succeeded' | 'Failed'): PipelineScenario {
  let afterApproval = 0;
  return {
    name: PIPELINE,
    stages: [
      {
        name: 'Source',
        actions: [{ name: 'Source', status: 'Succeeded' }],
        executionId: 'exec-7',
        status: 'Succeeded',
      },
      {
        name: 'Approval',
        actions: [{ name: 'Approve', status: 'InProgress', token: 'tok-7' }],
        executionId: 'exec-7',
      },
      // A previous execution's deploy, which must not be mistaken for this one.
      {
        name: 'Deploy',
        actions: [{ name: 'Deploy', status: 'Succeeded' }],
        executionId: 'exec-6',
        status: 'Succeeded',
      },
    ],
    executions: [{ id: 'exec-7', status: 'InProgress', revisionId: 'c0ffee', revisionSummary: 'ship' }],
    approvals: [],
    onGetState: (s) => {
      if (s.approvals.length === 0) return;
      afterApproval += 1;
      const deploy = s.stages[2]!;
      // Reads after the answer: 1 stage order, 2 still the previous execution, 3 ours starts, 4 ours ends.
      if (afterApproval === 3) {
        deploy.executionId = 'exec-7';
        deploy.status = 'InProgress';
      } else if (afterApproval === 4) {
        deploy.status = outcome;
      }
    },
  };
}

beforeAll(async () => {
  app = await startFlaskApp();
  fake = await startFakeAws({
    handlers: { sts: stsHandler(), codepipeline: (request) => codePipelineHandler([scenario])(request) },
  });
}, 240_000);

afterAll(async () => {
  await fake?.close();
  await app?.stop();
});

async function approveFollow(): Promise<Awaited<ReturnType<typeof runCli>>> {
  const root = await makeRoot({
    'main.tf': `output "pipeline_name" {\n  value = "${PIPELINE}"\n}\noutput "region" {\n  value = "eu-west-1"\n}\noutput "app_url" {\n  value = "${app.url}"\n}\n`,
    'vars/mock.tfvars.json': '{}',
  });
  expect((await runCli(['apply', '--dir', root, '--yes'])).exitCode).toBe(0);
  return runCli(['approve', '--dir', root, '--yes', '--follow', '--timeout', '30'], {
    env: fakeAwsEnv(fake.url, 'AKIDFOLLOW'),
  });
}

describe('challenge approve --follow', () => {
  it('follows this execution through Deploy, then smoke-tests the real app', async () => {
    scenario = deployingScenario('Succeeded');
    const result = await approveFollow();
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Deploy: waiting\nDeploy: InProgress\nDeploy: Succeeded/);
    expect(result.stdout).toMatch(/^ok {4}POST \/candidate\/smoke-/m);
    expect(result.stdout).not.toContain('FAIL');
  });

  it('exits 1 naming the stage when the deployment fails', async () => {
    scenario = deployingScenario('Failed');
    const result = await approveFollow();
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Stage Deploy ended Failed.');
    expect(result.stdout).not.toMatch(/^ok /m);
  });
});
