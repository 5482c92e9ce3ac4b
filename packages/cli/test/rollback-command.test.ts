import {
  codePipelineHandler,
  type EcsScenario,
  ecrHandler,
  ecsHandler,
  elbv2Handler,
  type FakeAws,
  type FakeEcrImage,
  type FakeTarget,
  fakeImageDigest,
  type PipelineScenario,
  startFakeAws,
  stsHandler,
} from '@challenge/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeAwsEnv, runCli } from './helpers/cli.js';
import {
  CLUSTER,
  completeDeployment,
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

const TAGS = { 4: '444444444444', 5: 'aaaaaaaaaaaa', 6: 'bbbbbbbbbbbb', 7: 'cccccccccccc' };
const commitOf = (tag: string) => `${tag}${'0'.repeat(28)}`;
const MONOREPO = { aaaaaaaaaaaa: '1111111', bbbbbbbbbbbb: '2222222', cccccccccccc: '3333333' } as Record<
  string,
  string
>;

let fake: FakeAws;
let root: string;
let ecs: EcsScenario;
let targets: Record<string, FakeTarget[]>;
let pipeline: PipelineScenario;
/** The app repository's images: every revision's tag until a test expires one. */
let images: FakeEcrImage[];

function world(): void {
  targets = { [TG]: [] };
  images = Object.values(TAGS).map((tag) => ({ digest: fakeImageDigest(tag), tags: [tag] }));
  ecs = {
    services: [steadyService(7)],
    taskDefinitions: revisions(TAGS, [4]),
    containerInstances: [{ id: 'ci-1', cluster: CLUSTER, ec2InstanceId: INSTANCE }],
    tasks: [],
  };
  pipeline = {
    name: PIPELINE,
    stages: [{ name: 'Source', actions: [{ name: 'Source' }] }],
    executions: ['aaaaaaaaaaaa', 'bbbbbbbbbbbb', 'cccccccccccc'].map((tag, index) => ({
      id: `exec-${index + 5}`,
      status: 'Succeeded' as const,
      revisionId: commitOf(tag),
      revisionSummary: `Ship apps/flask-app from ${MONOREPO[tag]}${'f'.repeat(33)}`,
    })),
    approvals: [],
  };
}

/** After UpdateService, the new deployment's tasks start healthy one poll at a time, then it completes. */
function rolloutSucceeds(): void {
  let polls = 0;
  ecs.onDescribeServices = (scenario) => {
    const service = scenario.services[0]!;
    const deployment = service.deployments.find(
      (d) => d.status === 'PRIMARY' && d.rolloutState === 'IN_PROGRESS',
    );
    if (!deployment) return;
    polls += 1;
    if (polls === 2 || polls === 3) startTasks(scenario, targets[TG]!, deployment, 1, 'healthy');
    if (polls === 4) completeDeployment(service);
  };
}

/** After UpdateService, every task of the new deployment crashes until the circuit breaker stops it. */
function rolloutCrashes(): void {
  let polls = 0;
  ecs.onDescribeServices = (scenario) => {
    const service = scenario.services[0]!;
    const deployment = service.deployments.find(
      (d) => d.rolloutState === 'IN_PROGRESS' && d.status === 'PRIMARY',
    );
    if (!deployment) return;
    polls += 1;
    if (polls <= 3) crashTask(scenario, deployment, 3, 'Essential container in task exited');
    if (polls === 3) {
      deployment.rolloutState = 'FAILED';
      deployment.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.';
      service.events = [
        {
          createdAt: new Date(),
          message: `(service ${SERVICE}) (deployment ${deployment.id}) deployment failed: tasks failed to start.`,
        },
        ...(service.events ?? []),
      ];
    }
  };
}

beforeAll(async () => {
  fake = await startFakeAws({
    handlers: {
      sts: stsHandler(),
      ecs: (request) => ecsHandler(ecs)(request),
      elasticloadbalancing: (request) => elbv2Handler(targets)(request),
      codepipeline: (request) => codePipelineHandler([pipeline])(request),
      ecr: (request) => ecrHandler({ repositories: { [FAMILY]: images } })(request),
    },
  });
  root = await rootWithOutputs(stackOutputs());
}, 120_000);

afterAll(async () => {
  await fake?.close();
});

beforeEach(world);

const rollback = (...args: string[]) =>
  runCli(['rollback', '--dir', root, ...args], { env: fakeAwsEnv(fake.url, 'AKIDROLLBACK') });

describe('challenge rollback', () => {
  it('shows current and previous revisions with image and commits, rolls back and follows to steady state', async () => {
    rolloutSucceeds();
    const result = await rollback('--yes');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `runs now +${FAMILY}:7 +image cccccccccccc +commit cccccccccccc \\(monorepo 3333333fffff\\)`,
      ),
    );
    expect(result.stdout).toMatch(
      new RegExp(
        `roll back to +${FAMILY}:6 +image bbbbbbbbbbbb +commit bbbbbbbbbbbb \\(monorepo 2222222fffff\\)`,
      ),
    );
    expect(result.stdout).toMatch(new RegExp(`${FAMILY}:5 +image aaaaaaaaaaaa`));
    expect(result.stdout).not.toContain(`${FAMILY}:4`);
    expect(result.stdout).toMatch(/1\/2 new tasks healthy[\s\S]*2\/2 new tasks healthy/);
    expect(result.stdout).toContain(`Rolled back: ${SERVICE} runs ${FAMILY}:6 in steady state.`);
    expect(ecs.updates).toEqual([
      expect.objectContaining({
        service: SERVICE,
        taskDefinition: expect.stringMatching(new RegExp(`task-definition/${FAMILY}:6$`)),
      }),
    ]);
  });

  it('--to picks the revision; --json gives the outcome', async () => {
    rolloutSucceeds();
    const result = await rollback('--to', '5', '--yes', '--json');
    expect(result.exitCode, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      outcome: 'completed',
      from: { revision: 7 },
      to: { revision: 5, imageTag: 'aaaaaaaaaaaa' },
    });
    expect(json.to.source).toMatchObject({
      codeCommitCommit: commitOf('aaaaaaaaaaaa'),
      monorepoCommit: `1111111${'f'.repeat(33)}`,
    });
  });

  it('exits 1 with the deployment evidence when the rollback does not stabilise', async () => {
    rolloutCrashes();
    const result = await rollback('--yes');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`Error: The rollback to ${FAMILY}:6 failed.`);
    expect(result.stderr).toContain(`Fix: See the evidence above; \`challenge logs --env mock\``);
    expect(result.stdout).toMatch(
      /circuit breaker: stopped deployment ecs-svc\/\d+ \(ECS deployment circuit breaker: tasks failed to start\.\)/,
    );
    expect(result.stdout).toMatch(
      /stopped tasks \(newest first\):\n\s+crash\d+ challenge-mock-app:6 stopped .*: Essential container in task exited \[EssentialContainerExited\]; app exit 3/,
    );
    expect(result.stdout).toContain('deployment failed: tasks failed to start.');
    expectNoStack(result.stderr);
  });

  it('refuses a revision whose image ECR expired, naming the digest, before changing anything', async () => {
    const digest = fakeImageDigest('expired build');
    const target = ecs.taskDefinitions!.find((definition) => definition.revision === 6)!;
    target.containers[0]!.image = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${FAMILY}@${digest}`;
    const result = await rollback('--yes');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      `Error: ${FAMILY}:6 runs ${FAMILY}@${digest}, which ECR no longer holds (ImageNotFound): its tasks would fail with CannotPullContainerError.`,
    );
    expect(result.stderr).toContain('Fix: Pick a revision whose image is still in ECR');
    expect(fake.calls('ecr', 'BatchGetImage').at(-1)?.json).toMatchObject({
      repositoryName: FAMILY,
      imageIds: [{ imageDigest: digest }],
    });
    expect(ecs.updates ?? []).toEqual([]);
    // A tag ECR no longer holds is refused the same way.
    images = images.filter((image) => !image.tags.includes('aaaaaaaaaaaa'));
    const byTag = await rollback('--to', '5', '--yes');
    expect(byTag.exitCode).toBe(1);
    expect(byTag.stderr).toContain(`${FAMILY}:5 runs ${FAMILY}:aaaaaaaaaaaa, which ECR no longer holds`);
    expect(ecs.updates ?? []).toEqual([]);
  });

  it('refuses to prompt without a terminal, and bad revisions, before changing anything', async () => {
    const noYes = await rollback();
    expect(noYes.exitCode).toBe(1);
    expect(noYes.stderr).toContain('Fix: Pass --yes to proceed without a prompt.');
    const inactive = await rollback('--to', '4', '--yes');
    expect(inactive.exitCode).toBe(1);
    expect(inactive.stderr).toContain(`${FAMILY}:4 is INACTIVE; ECS cannot run it again.`);
    const missing = await rollback('--to', '99', '--yes');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain(`Task definition ${FAMILY}:99 does not exist.`);
    expect(missing.stderr).toContain('Fix: Run `challenge rollback` without --to');
    const current = await rollback('--to', '7', '--yes');
    expect(current.stderr).toContain(`The service already runs ${FAMILY}:7.`);
    const badStuck = await rollback('--yes', '--stuck-after', 'soon');
    expect(badStuck.stderr).toContain('--stuck-after soon is not a duration.');
    expect(ecs.updates ?? []).toEqual([]);
  });
});
