import {
  codeCommitCommitsHandler,
  codePipelineHandler,
  type EcsScenario,
  ecsHandler,
  elbv2Handler,
  type FakeAws,
  type FakeEcsDeployment,
  type FakeTarget,
  newDeployment,
  type PipelineScenario,
  startFakeAws,
  stsHandler,
} from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsEnv, runCli } from './helpers/cli.js';
import {
  CLUSTER,
  crashTask,
  expectNoStack,
  FAMILY,
  INSTANCE,
  PIPELINE,
  revisions,
  rootWithOutputs,
  SERVICE,
  stackOutputs,
  startTasks,
  steadyService,
  TG,
} from './helpers/delivery-world.js';

let fake: FakeAws;
let root: string;
let pipeline: PipelineScenario;
let ecs: EcsScenario;
let targets: Record<string, FakeTarget[]>;

type DeployStep = (deployment: FakeEcsDeployment, poll: number) => void;

/**
 * exec-9 waits for approval; once approved, its Deploy stage runs the ECS action (a new deployment of
 * revision 8), and `step` scripts what the deployment does on each DescribeServices.
 */
function world(step: DeployStep): void {
  targets = { [TG]: [{ id: INSTANCE, port: 31000, state: 'healthy' }] };
  ecs = {
    services: [steadyService(7)],
    taskDefinitions: revisions({ 7: 'aaaaaaaaaaaa', 8: 'bbbbbbbbbbbb' }),
    containerInstances: [{ id: 'ci-1', cluster: CLUSTER, ec2InstanceId: INSTANCE }],
    tasks: [],
  };
  let deployment: FakeEcsDeployment | undefined;
  let polls = 0;
  ecs.onDescribeServices = () => {
    if (!deployment) return;
    polls += 1;
    step(deployment, polls);
  };
  pipeline = {
    name: PIPELINE,
    stages: [
      {
        name: 'Source',
        actions: [{ name: 'Source', status: 'Succeeded' }],
        executionId: 'exec-9',
        status: 'Succeeded',
      },
      {
        name: 'Build',
        actions: [{ name: 'Build', status: 'Succeeded' }],
        executionId: 'exec-9',
        status: 'Succeeded',
      },
      {
        name: 'Approval',
        actions: [{ name: 'Approve', status: 'InProgress', token: 'tok-9' }],
        executionId: 'exec-9',
        status: 'InProgress',
      },
      {
        name: 'Deploy',
        actions: [
          {
            name: 'Deploy',
            status: 'Succeeded',
            configuration: { ClusterName: CLUSTER, ServiceName: SERVICE, FileName: 'imagedefinitions.json' },
          },
        ],
        executionId: 'exec-8',
        status: 'Succeeded',
      },
    ],
    executions: [
      {
        id: 'exec-8',
        status: 'Succeeded',
        revisionId: `aaaaaaaaaaaa${'0'.repeat(28)}`,
        revisionSummary: 'Ship apps/flask-app from 1111111',
      },
      {
        id: 'exec-9',
        status: 'InProgress',
        revisionId: `bbbbbbbbbbbb${'0'.repeat(28)}`,
        revisionSummary: 'Ship apps/flask-app from 2222222',
      },
    ],
    approvals: [],
    onGetState: (s) => {
      if (s.approvals.length === 0 || deployment) return;
      const deploy = s.stages[3]!;
      Object.assign(deploy, { executionId: 'exec-9', status: 'InProgress' });
      deploy.actions[0] = { ...deploy.actions[0]!, status: 'InProgress', lastStatusChange: new Date() };
      deployment = newDeployment(ecs.services[0]!, `${FAMILY}:8`);
    },
  };
}

/** The pipeline's ECS action gives up: the Deploy stage fails with the action's error. */
function deployFails(message: string): void {
  const deploy = pipeline.stages[3]!;
  deploy.status = 'Failed';
  deploy.actions[0] = {
    ...deploy.actions[0]!,
    status: 'Failed',
    lastStatusChange: new Date(),
    errorDetails: { code: 'JobFailed', message },
  };
}

beforeAll(async () => {
  fake = await startFakeAws({
    handlers: {
      sts: stsHandler(),
      codecommit: codeCommitCommitsHandler({}),
      codepipeline: (request) => codePipelineHandler([pipeline])(request),
      ecs: (request) => ecsHandler(ecs)(request),
      elasticloadbalancing: (request) => elbv2Handler(targets)(request),
    },
  });
  root = await rootWithOutputs(stackOutputs());
}, 120_000);

afterAll(async () => {
  await fake?.close();
});

const approveFollow = (...extra: string[]) =>
  runCli(['approve', '--dir', root, '--yes', '--follow', '--timeout', '60', ...extra], {
    env: fakeAwsEnv(fake.url, 'AKIDDIAG'),
  });

describe('challenge approve --follow, when the deployment goes wrong', () => {
  it('a task crash loop is reported as stuck, with the stopped tasks, their reasons and exit codes', async () => {
    world((deployment) => crashTask(ecs, deployment, 3, 'Essential container in task exited'));
    const result = await approveFollow('--stuck-after', '2s');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Error: Stage Deploy is stuck: no new task became healthy for 2 s.');
    expect(result.stdout).toMatch(/Why Deploy is stuck: ECS service challenge-mock\/challenge-mock-app/);
    expect(result.stdout).toMatch(/stuck: no new task became healthy for \d+ s \(0\/2 healthy\)/);
    expect(result.stdout).toMatch(
      /crash\d+ challenge-mock-app:8 stopped .*: Essential container in task exited \[EssentialContainerExited\]; app exit 3/,
    );
    expect(pipeline.approvals).toHaveLength(1);
    expectNoStack(result.stderr);
  });

  it('unhealthy targets: the load balancer reason of each, and the tasks it stopped', async () => {
    world((deployment, poll) => {
      if (poll === 1) {
        startTasks(ecs, targets[TG]!, deployment, 2, 'unhealthy', 'Target.ResponseCodeMismatch');
      }
      if (poll === 3) {
        ecs.tasks?.push({
          id: 'elbkilled',
          cluster: CLUSTER,
          service: SERVICE,
          taskDefinition: `${FAMILY}:8`,
          lastStatus: 'STOPPED',
          desiredStatus: 'STOPPED',
          startedBy: deployment.id,
          containers: [{ name: 'app', exitCode: 0 }],
          stopCode: 'ServiceSchedulerInitiated',
          stoppedReason: `Task failed ELB health checks in (target-group ${TG})`,
          stoppedAt: new Date(),
        });
        deployFails(`Deployment ${deployment.id} failed: tasks failed ELB health checks.`);
      }
    });
    ecs.services[0]!.circuitBreaker = false;
    const result = await approveFollow('--json');
    expect(result.exitCode).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json.error).toMatchObject({ code: 'DEPLOY_FAILED', message: 'Stage Deploy ended Failed.' });
    expect(Object.keys(json.error).sort()).toEqual(['code', 'hint', 'message']);
    const [diagnosis] = json.diagnosis;
    expect(diagnosis).toMatchObject({
      kind: 'ecs-deployment',
      stage: 'Deploy',
      message: expect.stringContaining('failed ELB health checks'),
      circuitBreaker: { enabled: false, tripped: false },
    });
    expect(diagnosis.unhealthyTargets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: INSTANCE, state: 'unhealthy', reason: 'Target.ResponseCodeMismatch' }),
      ]),
    );
    expect(diagnosis.stoppedTasks[0]).toMatchObject({
      taskId: 'elbkilled',
      stoppedReason: expect.stringContaining('Task failed ELB health checks'),
    });
  });

  it('a deployment that cannot place its tasks is detected as stuck, with the service events as evidence', async () => {
    world((deployment, poll) => {
      if (poll === 1) {
        ecs.services[0]!.events?.unshift({
          createdAt: new Date(),
          message: `(service ${SERVICE}) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance ci-1) has insufficient memory available.`,
        });
      }
      deployment.pendingCount = 0;
    });
    const started = Date.now();
    const result = await approveFollow('--stuck-after', '3s');
    expect(result.exitCode).toBe(1);
    expect(Date.now() - started).toBeLessThan(55_000);
    expect(result.stderr).toContain('Stage Deploy is stuck');
    expect(result.stderr).toContain(
      'Fix: Fix what the evidence above shows and ship again, or go back with `challenge rollback`',
    );
    expect(result.stdout).toMatch(/0\/2 new tasks healthy, 0 running, 0 pending \(rollout IN_PROGRESS\)/);
    expect(result.stdout).toContain('has insufficient memory available.');
    expect(result.stdout).toMatch(/stuck: no new task became healthy for \d+ s/);
  });

  it('reports the circuit breaker stopping the deployment and the rollback ECS made, without waiting for the pipeline', async () => {
    world((deployment, poll) => {
      if (poll <= 3) crashTask(ecs, deployment, 1, 'Essential container in task exited');
      if (poll === 3) {
        const service = ecs.services[0]!;
        deployment.rolloutState = 'FAILED';
        deployment.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.';
        deployment.status = 'ACTIVE';
        const back = newDeployment(service, `${FAMILY}:7`);
        service.deployments = [back, deployment];
        service.events = [
          { createdAt: new Date(), message: `(service ${SERVICE}) rolling back to deployment ${back.id}.` },
          {
            createdAt: new Date(),
            message: `(service ${SERVICE}) (deployment ${deployment.id}) deployment failed: tasks failed to start.`,
          },
          ...(service.events ?? []),
        ];
      }
    });
    const result = await approveFollow();
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Error: Stage Deploy ended Failed.');
    expect(result.stdout).toMatch(
      /circuit breaker: stopped deployment ecs-svc\/\d+ \(ECS deployment circuit breaker: tasks failed to start\.\); ECS rolled the service back to challenge-mock-app:7/,
    );
    expect(result.stdout).toMatch(/rolling back to deployment ecs-svc\/\d+\./);
    expect(result.stdout).toMatch(/app exit 1/);
    // Reported from ECS's own state, while the pipeline's Deploy action still ran.
    expect(pipeline.stages[3]!.status).toBe('InProgress');
  });
});
