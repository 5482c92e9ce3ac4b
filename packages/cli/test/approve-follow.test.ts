import {
  codePipelineHandler,
  completeDeployment,
  type EcsScenario,
  ecsHandler,
  elbv2Handler,
  type FakeAws,
  type FakeEcsDeployment,
  type FakeTarget,
  newDeployment,
  type PipelineScenario,
  type RunningApp,
  startFakeAws,
  startFlaskApp,
  stsHandler,
} from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsEnv, makeRoot, runCli } from './helpers/cli.js';
import {
  CLUSTER,
  FAMILY,
  INSTANCE,
  revisions,
  SERVICE,
  startTasks,
  steadyService,
  TG,
} from './helpers/delivery-world.js';

const PIPELINE = 'challenge-mock-pipeline';
let fake: FakeAws;
let app: RunningApp;
let scenario: PipelineScenario;
let ecs: EcsScenario = { services: [] };
let targets: Record<string, FakeTarget[]> = {};

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
    handlers: {
      sts: stsHandler(),
      codepipeline: (request) => codePipelineHandler([scenario])(request),
      ecs: (request) => ecsHandler(ecs)(request),
      elasticloadbalancing: (request) => elbv2Handler(targets)(request),
    },
  });
}, 240_000);

afterAll(async () => {
  await fake?.close();
  await app?.stop();
});

/**
 * The Deploy stage runs the ECS action for exec-7: a new deployment whose two tasks become healthy one
 * DescribeServices after the other, then it completes and the stage succeeds.
 */
function ecsDeployingScenario(): PipelineScenario {
  const base = deployingScenario('Succeeded');
  targets = { [TG]: [] };
  ecs = {
    services: [steadyService(1)],
    taskDefinitions: revisions({ 1: 'aaaaaaaaaaaa', 2: 'bbbbbbbbbbbb' }),
    containerInstances: [{ id: 'ci-1', cluster: CLUSTER, ec2InstanceId: INSTANCE }],
  };
  let deployment: FakeEcsDeployment | undefined;
  let polls = 0;
  ecs.onDescribeServices = (state) => {
    if (!deployment) return;
    polls += 1;
    if (polls === 2 || polls === 3) startTasks(state, targets[TG]!, deployment, 1, 'healthy');
    if (polls === 4) completeDeployment(state.services[0]!);
  };
  const deploy = base.stages[2]!;
  deploy.actions[0]!.configuration = {
    ClusterName: CLUSTER,
    ServiceName: SERVICE,
    FileName: 'imagedefinitions.json',
  };
  base.onGetState = (s) => {
    if (s.approvals.length === 0) return;
    if (!deployment) {
      Object.assign(deploy, { executionId: 'exec-7', status: 'InProgress' });
      deploy.actions[0] = { ...deploy.actions[0]!, status: 'InProgress', lastStatusChange: new Date() };
      deployment = newDeployment(ecs.services[0]!, `${FAMILY}:2`);
    } else if (deployment.rolloutState === 'COMPLETED') {
      deploy.status = 'Succeeded';
      deploy.actions[0]!.status = 'Succeeded';
    }
  };
  return base;
}

async function approveFollow(): Promise<Awaited<ReturnType<typeof runCli>>> {
  const root = await makeRoot({
    'main.tf': `output "pipeline_name" {\n  value = "${PIPELINE}"\n}\noutput "region" {\n  value = "eu-west-1"\n}\noutput "app_url" {\n  value = "${app.url}"\n}\noutput "ecs_cluster_name" {\n  value = "${CLUSTER}"\n}\noutput "ecs_service_name" {\n  value = "${SERVICE}"\n}\n`,
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

  it("follows the ECS deployment's tasks becoming healthy, then smoke-tests the real app", async () => {
    scenario = ecsDeployingScenario();
    const result = await approveFollow();
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /Deploy: InProgress\n {2}0\/2 new tasks healthy[^\n]*\n {2}1\/2 new tasks healthy[^\n]*\n {2}2\/2 new tasks healthy[\s\S]*Deploy: Succeeded/,
    );
    expect(result.stdout).toMatch(/^ok {4}GET \/candidates/m);
  });

  it('exits 1 naming the stage when the deployment fails', async () => {
    scenario = deployingScenario('Failed');
    const result = await approveFollow();
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Stage Deploy ended Failed.');
    expect(result.stdout).not.toMatch(/^ok /m);
  });
});
