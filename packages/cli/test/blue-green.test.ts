import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  advanceLifecycle,
  type CodeDeployScenario,
  codeDeployHandler,
  codePipelineHandler,
  type EcsScenario,
  ecrHandler,
  ecsHandler,
  elbv2Handler,
  type FakeAws,
  type FakeCodeDeployDeployment,
  type FakeTarget,
  fakeImageDigest,
  newDeploymentId,
  type PipelineScenario,
  type RunningApp,
  startFakeAws,
  startFlaskApp,
  stsHandler,
  succeedDeployment,
} from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsEnv, makeRoot, runCli } from './helpers/cli.js';
import {
  CLUSTER,
  expectNoStack,
  FAMILY,
  INSTANCE,
  PIPELINE,
  REGION,
  revisions,
  SERVICE,
  steadyService,
} from './helpers/delivery-world.js';

// A blue/green env (deployment_strategy = blue_green): the pipeline's Deploy action is CodeDeployToECS and
// the CLI follows, continues, stops and rolls back CodeDeploy deployments on the loopback fakes.

const APP = 'challenge-mock-app';
const GROUP = 'challenge-mock-app';
const BLUE_TG = `arn:aws:elasticloadbalancing:${REGION}:123456789012:targetgroup/challenge-mock-tg/0123456789abcdef`;
const GREEN_TG = `arn:aws:elasticloadbalancing:${REGION}:123456789012:targetgroup/challenge-mock-tg-green/fedcba9876543210`;

let fake: FakeAws;
let app: RunningApp;
let pipeline: PipelineScenario;
let codedeploy: CodeDeployScenario;
let ecs: EcsScenario;
let targets: Record<string, FakeTarget[]>;
let root: string;

/** One step per GetDeployment of the deployment: the CLI sees each phase on one poll. */
function script(deployment: FakeCodeDeployDeployment, steps: Array<(d: FakeCodeDeployDeployment) => void>) {
  let seen = 0;
  codedeploy.onGetDeployment = (scenario) => {
    if (!scenario.deployments.includes(deployment)) return;
    const step = steps[seen];
    seen += 1;
    step?.(deployment);
  };
}

const taskSets = (greenRunning: number, greenTraffic: number) => [
  {
    label: 'Blue' as const,
    targetGroup: 'challenge-mock-tg',
    desired: 2,
    running: 2,
    trafficWeight: 100 - greenTraffic,
  },
  {
    label: 'Green' as const,
    targetGroup: 'challenge-mock-tg-green',
    desired: 2,
    running: greenRunning,
    trafficWeight: greenTraffic,
  },
];

/** Approval pending for exec-7; once answered, Deploy (CodeDeployToECS) runs `deployment` and ends with it. */
function world(): FakeCodeDeployDeployment {
  targets = { [BLUE_TG]: [{ id: INSTANCE, port: 32768, state: 'healthy' }], [GREEN_TG]: [] };
  ecs = {
    // A CODE_DEPLOY service, as AWS reports it: task sets, no deployments.
    services: [
      {
        ...steadyService(7),
        targetGroupArn: BLUE_TG,
        deploymentController: 'CODE_DEPLOY',
        deployments: [],
        taskSets: [
          {
            id: 'ecs-svc/7000000000000000007',
            status: 'PRIMARY',
            taskDefinition: `${FAMILY}:7`,
            targetGroupArn: BLUE_TG,
            computedDesiredCount: 2,
            runningCount: 2,
            stabilityStatus: 'STEADY_STATE',
          },
        ],
      },
    ],
    taskDefinitions: revisions({ 6: 'aaaaaaaaaaaa', 7: 'bbbbbbbbbbbb' }),
    containerInstances: [{ id: 'ci-1', cluster: CLUSTER, ec2InstanceId: INSTANCE }],
    tasks: [],
  };
  const deployment: FakeCodeDeployDeployment = {
    id: newDeploymentId(),
    applicationName: APP,
    deploymentGroupName: GROUP,
    status: 'InProgress',
    createTime: new Date(),
    lifecycle: { BeforeInstall: 'Succeeded', Install: 'InProgress' },
    taskSets: taskSets(0, 0),
  };
  codedeploy = {
    groups: [{ applicationName: APP, deploymentGroupName: GROUP, cluster: CLUSTER, service: SERVICE }],
    deployments: [],
  };
  pipeline = {
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
      {
        name: 'Deploy',
        actions: [
          {
            name: 'Deploy',
            status: 'Succeeded',
            provider: 'CodeDeployToECS',
            configuration: {
              ApplicationName: APP,
              DeploymentGroupName: GROUP,
              TaskDefinitionTemplateArtifact: 'build',
              AppSpecTemplateArtifact: 'build',
              Image1ArtifactName: 'build',
              Image1ContainerName: 'IMAGE1_NAME',
            },
          },
        ],
        executionId: 'exec-6',
        status: 'Succeeded',
      },
    ],
    executions: [{ id: 'exec-7', status: 'InProgress', revisionId: 'c0ffee', revisionSummary: 'ship' }],
    approvals: [],
    onGetState: (s) => {
      if (s.approvals.length === 0) return;
      const deploy = s.stages[2]!;
      const action = deploy.actions[0]!;
      if (!codedeploy.deployments.includes(deployment)) {
        // CodePipeline registers the task definition and creates the CodeDeploy deployment.
        codedeploy.deployments.push(deployment);
        Object.assign(deploy, { executionId: 'exec-7', status: 'InProgress' });
        Object.assign(action, {
          status: 'InProgress',
          lastStatusChange: new Date(),
          externalExecutionId: deployment.id,
        });
      } else if (
        deployment.status === 'Succeeded' ||
        deployment.status === 'Failed' ||
        deployment.status === 'Stopped'
      ) {
        const status = deployment.status === 'Succeeded' ? 'Succeeded' : 'Failed';
        deploy.status = status;
        action.status = status;
        if (status === 'Failed') {
          action.errorDetails = { code: 'JobFailed', message: `Deployment ${deployment.id} failed` };
        }
      }
    },
  };
  return deployment;
}

const installing = (d: FakeCodeDeployDeployment) => {
  d.taskSets = taskSets(1, 0);
  targets[GREEN_TG]!.push({ id: INSTANCE, port: 32769, state: 'initial' });
};
const installed = (d: FakeCodeDeployDeployment) => {
  d.taskSets = taskSets(2, 0);
  advanceLifecycle(d, 'AfterInstall', 'AllowTestTraffic');
  targets[GREEN_TG] = [
    { id: INSTANCE, port: 32769, state: 'healthy' },
    { id: INSTANCE, port: 32770, state: 'healthy' },
  ];
};
const rerouting = (d: FakeCodeDeployDeployment) => {
  d.status = 'InProgress';
  d.taskSets = taskSets(2, 100);
  advanceLifecycle(d, 'BeforeAllowTraffic', 'AllowTraffic');
};
const terminatingBlue = (d: FakeCodeDeployDeployment) => {
  advanceLifecycle(d, 'AfterAllowTraffic');
  d.terminationWaitStarted = true;
};

async function blueGreenRoot(strategy = 'blue_green', testUrl?: string): Promise<string> {
  const outputs: Record<string, string | string[]> = {
    // The test listener: here the same app (the green tasks answer it in AWS).
    app_test_url: testUrl ?? app.url,
    region: REGION,
    pipeline_name: PIPELINE,
    ecs_cluster_name: CLUSTER,
    ecs_service_name: SERVICE,
    target_group_arn: BLUE_TG,
    target_group_arns: [BLUE_TG, GREEN_TG],
    app_url: app.url,
    deployment_strategy: strategy,
    codedeploy_application_name: APP,
    codedeploy_deployment_group_name: GROUP,
  };
  const dir = await makeRoot({
    'main.tf': Object.entries(outputs)
      .map(([name, value]) => `output "${name}" {\n  value = ${JSON.stringify(value)}\n}\n`)
      .join('\n'),
    'vars/mock.tfvars.json': '{}',
  });
  const applied = await runCli(['apply', '--dir', dir, '--yes']);
  expect(applied.exitCode, applied.stderr).toBe(0);
  return dir;
}

const cli = (args: string[]) =>
  runCli([...args, '--dir', root], { env: fakeAwsEnv(fake.url, 'AKIDBLUEGREEN') });

beforeAll(async () => {
  app = await startFlaskApp();
  fake = await startFakeAws({
    handlers: {
      sts: stsHandler(),
      codepipeline: (request) => codePipelineHandler([pipeline])(request),
      codedeploy: (request) => codeDeployHandler(codedeploy)(request),
      ecs: (request) => ecsHandler(ecs)(request),
      elasticloadbalancing: (request) => elbv2Handler(targets)(request),
      // Every revision's image is still in ECR (rollback checks before it starts).
      ecr: ecrHandler({
        repositories: {
          [FAMILY]: ['aaaaaaaaaaaa', 'bbbbbbbbbbbb'].map((tag) => ({
            digest: fakeImageDigest(tag),
            tags: [tag],
          })),
        },
      }),
    },
  });
  root = await blueGreenRoot();
}, 240_000);

afterAll(async () => {
  await fake?.close();
  await app?.stop();
});

describe('challenge approve --follow, blue/green', () => {
  it('follows the CodeDeploy deployment through its phases to success, then smoke-tests the app', async () => {
    const deployment = world();
    script(deployment, [() => {}, installing, installed, rerouting, terminatingBlue, succeedDeployment]);
    const result = await cli(['approve', '--yes', '--follow', '--timeout', '60']);
    expect(result.exitCode, result.stderr).toBe(0);
    const id = deployment.id;
    expect(result.stdout).toMatch(
      new RegExp(
        [
          'Deploy: InProgress',
          ` {2}deployment ${id}: installing green: 0/2 green tasks running in challenge-mock-tg-green, green takes 0% of production traffic`,
          ` {2}deployment ${id}: installing green: 1/2 green tasks running[^\\n]*`,
          ` {2}deployment ${id}: test traffic on green: 2/2 green tasks running[^\\n]*`,
          ` {2}deployment ${id}: rerouting production traffic, green takes 100% of production traffic`,
          ` {2}deployment ${id}: terminating blue, green takes 100% of production traffic`,
          ` {2}deployment ${id}: succeeded`,
          'Deploy: Succeeded',
        ].join('\n'),
      ),
    );
    expect(result.stdout).toMatch(/^ok {4}GET \/candidates/m);
    expect(fake.calls('codedeploy', 'ContinueDeployment')).toEqual([]);
  });

  it('stops at a wait before the reroute; --continue moves production traffic and follows it to success', async () => {
    const deployment = world();
    const ready = (d: FakeCodeDeployDeployment) => {
      installed(d);
      advanceLifecycle(d, 'AfterAllowTestTraffic');
      d.status = 'Ready';
    };
    script(deployment, [installing, ready]);
    const followed = await cli(['approve', '--yes', '--follow', '--timeout', '60', '--json']);
    expect(followed.exitCode, followed.stderr).toBe(0);
    const answer = JSON.parse(followed.stdout) as Record<string, unknown>;
    expect(answer).toMatchObject({
      status: 'Approved',
      deploy: 'WaitingForContinue',
      deploymentId: deployment.id,
      next: 'challenge approve --env mock --continue --follow',
      smoke: null,
    });
    expect(codedeploy.continued ?? []).toEqual([]);

    // Nothing is continued without an answer: no terminal, no --yes.
    const unconfirmed = await cli(['approve', '--continue']);
    expect(unconfirmed.exitCode).toBe(1);
    expect(unconfirmed.stderr).toContain('--yes');
    expect(codedeploy.continued ?? []).toEqual([]);

    // --continue reads the deployment (list + read), continues it and reads it again before following.
    const noop = () => {};
    script(deployment, [noop, noop, noop, rerouting, terminatingBlue, succeedDeployment]);
    const continued = await cli(['approve', '--continue', '--yes', '--follow', '--timeout', '60']);
    expect(continued.exitCode, continued.stderr).toBe(0);
    expect(codedeploy.continued).toEqual([{ deploymentId: deployment.id, waitType: 'READY_WAIT' }]);
    expect(continued.stdout).toContain(
      `Deployment ${deployment.id} of ${APP}/${GROUP}: waiting for traffic reroute: 2/2 green tasks running`,
    );
    expect(continued.stdout).toMatch(/rerouting production traffic[\s\S]*terminating blue[\s\S]*: succeeded/);
    // The contract checks ran against the new tasks through the test listener before the reroute.
    const checked = continued.stdout.indexOf(
      `Contract checks against the new tasks through the test listener (${app.url}):\nok    GET /gtg`,
    );
    expect(checked).toBeGreaterThan(-1);
    expect(checked).toBeLessThan(continued.stdout.indexOf(`Continued ${deployment.id}`));
    expect(continued.stdout).toMatch(/^ok {4}GET \/candidates/m);

    // Once it finished nothing waits: a clear error, no call.
    const again = await cli(['approve', '--continue', '--yes']);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('No blue/green deployment is running');
    expect(again.stderr).toMatch(/Fix: .*challenge status/);
    expect(codedeploy.continued).toHaveLength(1);
    expectNoStack(again.stderr);
  });

  it('reports a failed deployment with the rollback CodeDeploy made, and exits 1', async () => {
    const deployment = world();
    const rollbackId = newDeploymentId();
    const alarmed = (d: FakeCodeDeployDeployment) => {
      d.status = 'Failed';
      d.completeTime = new Date();
      d.lifecycle = { ...d.lifecycle, AllowTraffic: 'Failed' };
      d.error = {
        code: 'ALARM_ACTIVE',
        message:
          'One or more alarms have been activated according to the Amazon CloudWatch metrics you selected (challenge-mock-tg-green-5xx).',
      };
      d.rollback = { rollbackDeploymentId: rollbackId, rollbackMessage: `Rolled back by ${rollbackId}` };
      codedeploy.deployments.push({
        id: rollbackId,
        applicationName: APP,
        deploymentGroupName: GROUP,
        status: 'Succeeded',
        createTime: new Date(),
        completeTime: new Date(),
        creator: 'codeDeployRollback',
        rollback: { rollbackTriggeringDeploymentId: d.id },
      });
    };
    script(deployment, [installed, rerouting, alarmed]);
    const result = await cli(['approve', '--yes', '--follow', '--timeout', '60']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Stage Deploy ended Failed.');
    expect(result.stdout).toContain(`Why Deploy failed: CodeDeploy deployment group ${APP}/${GROUP}`);
    expect(result.stdout).toContain('error: ALARM_ACTIVE: One or more alarms have been activated');
    expect(result.stdout).toContain('failed lifecycle event: AllowTraffic');
    expect(result.stdout).toContain(
      `rolled back: deployment ${rollbackId} (Succeeded); production traffic goes back to the blue tasks`,
    );
    expect(result.stdout).not.toMatch(/^ok /m);
    expectNoStack(result.stderr);

    const json = await runCli(['status', '--dir', root, '--json'], {
      env: fakeAwsEnv(fake.url, 'AKIDBLUEGREEN'),
    });
    const status = JSON.parse(json.stdout) as {
      blueGreen: { ok: boolean; value: { deployment: { id: string; rollback: unknown } } };
    };
    // The newest deployment is the rollback, which names the one it rolled back.
    expect(status.blueGreen.value.deployment).toMatchObject({
      id: rollbackId,
      rollback: { rollbackOf: deployment.id },
    });
  });
});

describe('challenge status, blue/green', () => {
  it('shows the deployment, its phase and task sets, and the health of both target groups', async () => {
    const deployment = world();
    codedeploy.deployments.push(deployment);
    installed(deployment);
    const result = await cli(['status']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`codedeploy ${deployment.id}\\s*│\\s*InProgress \\(test traffic on green\\)`),
    );
    expect(result.stdout).toMatch(
      /green task set\s*│\s*2\/2 running in challenge-mock-tg-green, 0% of production traffic/,
    );
    expect(result.stdout).toMatch(/challenge-mock-tg i-0aaaaaaaaaaaaaaa1:32768\s*│\s*healthy/);
    expect(result.stdout).toMatch(/challenge-mock-tg-green i-0aaaaaaaaaaaaaaa1:32770\s*│\s*healthy/);
    // The service has task sets, no ECS deployment: its rollout is the serving task set's stability.
    expect(result.stdout).toMatch(/ecs service\s*│\s*desired 2, running 2, pending 0, rollout STEADY_STATE/);
    expect(result.stdout).toMatch(/target i-0aaaaaaaaaaaaaaa1:32768\s*│\s*healthy/);
    const json = JSON.parse((await cli(['status', '--json'])).stdout) as {
      blueGreen: {
        value: { deployment: { phase: string }; targetGroups: Array<{ name: string; targets: unknown[] }> };
      };
    };
    expect(json.blueGreen.value.deployment.phase).toBe('testing-green');
    expect(json.blueGreen.value.targetGroups.map((g) => [g.name, g.targets.length])).toEqual([
      ['challenge-mock-tg', 1],
      ['challenge-mock-tg-green', 2],
    ]);
  });

  it('after CodeDeploy moved production to green, the targets are those of the task set serving it', async () => {
    const deployment = world();
    succeedDeployment(deployment);
    codedeploy.deployments.push(deployment);
    // target_group_arn (the last apply) still names blue; blue's tasks are gone.
    ecs.services[0]!.taskSets = [
      {
        id: 'ecs-svc/8000000000000000008',
        status: 'PRIMARY',
        taskDefinition: `${FAMILY}:7`,
        targetGroupArn: GREEN_TG,
        computedDesiredCount: 2,
        runningCount: 2,
        stabilityStatus: 'STEADY_STATE',
        externalId: deployment.id,
      },
    ];
    targets[BLUE_TG] = [];
    targets[GREEN_TG] = [
      { id: INSTANCE, port: 32769, state: 'healthy' },
      { id: INSTANCE, port: 32770, state: 'healthy' },
    ];
    const json = JSON.parse((await cli(['status', '--json'])).stdout) as {
      targets: { ok: boolean; value: Array<{ port: number; state: string }> };
    };
    expect(json.targets.value.map((t) => [t.port, t.state])).toEqual([
      [32769, 'healthy'],
      [32770, 'healthy'],
    ]);
  });
});

describe('challenge rollback, blue/green', () => {
  it('stops a running deployment with rollback (StopDeployment autoRollbackEnabled) and follows the rollback', async () => {
    const deployment = world();
    codedeploy.deployments.push(deployment);
    installing(deployment);
    codedeploy.onGetDeployment = (scenario) => {
      for (const d of scenario.deployments) {
        if (d.creator === 'codeDeployRollback' && d.status === 'InProgress') succeedDeployment(d);
      }
    };
    const result = await cli(['rollback', '--yes', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(codedeploy.stopped).toEqual([{ deploymentId: deployment.id, autoRollbackEnabled: true }]);
    const summary = JSON.parse(result.stdout) as { rollbackDeploymentId: string };
    expect(summary).toMatchObject({
      strategy: 'blue_green',
      stopped: deployment.id,
      phaseWhenStopped: 'installing-green',
      outcome: 'completed',
    });
    expect(codedeploy.deployments.find((d) => d.id === summary.rollbackDeploymentId)).toMatchObject({
      creator: 'codeDeployRollback',
      status: 'Succeeded',
    });
    expect(fake.calls('ecs', 'UpdateService')).toEqual([]);
  });

  it('with no deployment running, deploys the previous revision through CodeDeploy (never UpdateService)', async () => {
    world();
    codedeploy.onGetDeployment = (scenario) => {
      for (const d of scenario.deployments)
        if (d.status === 'InProgress' && d.appSpecContent) succeedDeployment(d);
    };
    const calls = fake.requests.length;
    const result = await cli(['rollback', '--yes']);
    expect(result.exitCode, result.stderr).toBe(0);
    const [created] = codedeploy.deployments.filter((d) => d.appSpecContent);
    expect(created?.appSpecContent).toContain(
      `TaskDefinition: "arn:aws:ecs:${REGION}:123456789012:task-definition/${FAMILY}:6"`,
    );
    expect(created?.appSpecContent).toContain('ContainerName: "app"');
    expect(created?.appSpecContent).toContain('ContainerPort: 8000');
    expect(result.stdout).toContain(`Rolling back: CodeDeploy deployment ${created?.id} of ${FAMILY}:6`);
    expect(fake.requests.slice(calls).filter((r) => r.action === 'UpdateService')).toEqual([]);
  });

  it('refuses --to while a deployment runs, naming what to do', async () => {
    const deployment = world();
    codedeploy.deployments.push(deployment);
    const result = await cli(['rollback', '--yes', '--to', '6']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`Deployment ${deployment.id} is still running`);
    expect(result.stderr).toMatch(/Fix: Run `challenge rollback --env mock` without --to/);
    expect(codedeploy.stopped ?? []).toEqual([]);
  });
});

describe('--continue checks the new tasks through the test listener first', () => {
  it('refuses to move production traffic when the checks fail there, naming the fixes', async () => {
    const deployment = world();
    installed(deployment);
    advanceLifecycle(deployment, 'AfterAllowTestTraffic');
    deployment.status = 'Ready';
    codedeploy.deployments.push(deployment);
    // A closed port: nothing answers the test listener.
    const dir = await blueGreenRoot('blue_green', 'http://127.0.0.1:9/');
    const result = await runCli(['approve', '--continue', '--yes', '--dir', dir], {
      env: fakeAwsEnv(fake.url, 'AKIDBLUEGREEN'),
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^FAIL {2}GET \/gtg/m);
    expect(result.stderr).toContain(
      `Error: The new tasks of ${deployment.id} fail contract checks through the test listener http://127.0.0.1:9/`,
    );
    expect(result.stderr).toContain('Production traffic was not moved.');
    expect(result.stderr).toContain('or pass --skip-test-listener');
    expect(codedeploy.continued ?? []).toEqual([]);
  });
});

describe('plan/apply of a blue/green env while CodeDeploy deploys it', () => {
  it('apply refuses naming the deployment and what ends it, before Terraform plans; plan goes on once it ended', async () => {
    const outputs = {
      region: REGION,
      deployment_strategy: 'blue_green',
      codedeploy_application_name: APP,
      codedeploy_deployment_group_name: GROUP,
    };
    const dir = await makeRoot({
      'variables.tf':
        'variable "deployment_strategy" {\n  type        = string\n  description = "rolling or blue_green"\n  default     = "rolling"\n}\n',
      'main.tf': Object.entries(outputs)
        .map(([name, value]) => `output "${name}" {\n  value = ${JSON.stringify(value)}\n}\n`)
        .join('\n'),
      'vars/mock.tfvars.json': '{}',
    });
    const applied = await runCli(['apply', '--dir', dir, '--yes']);
    expect(applied.exitCode, applied.stderr).toBe(0);
    await writeFile(join(dir, 'vars/mock.tfvars.json'), '{ "deployment_strategy": "blue_green" }\n');
    const state = await readFile(join(dir, 'terraform.tfstate.d/mock/terraform.tfstate'), 'utf8');
    const deployment = world();
    codedeploy.deployments.push(deployment);
    const env = { env: fakeAwsEnv(fake.url, 'AKIDBLUEGREEN') };
    const refused = await runCli(['apply', '--dir', dir, '--yes'], env);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(
      `Error: CodeDeploy deployment ${deployment.id} of env mock is InProgress (replacing the tasks or moving traffic): it owns the production listener and the service's task sets until it ends, and a Terraform apply now would fight it.`,
    );
    expect(refused.stderr).toContain(
      'Fix: Let it end first: `challenge approve --env mock --continue --follow` moves production traffic to the new tasks (when it waits for the reroute), or `challenge rollback --env mock` stops it',
    );
    expect(refused.stderr).not.toContain('terraform plan');
    expect(await readFile(join(dir, 'terraform.tfstate.d/mock/terraform.tfstate'), 'utf8')).toBe(state);
    succeedDeployment(deployment);
    const plan = await runCli(['plan', '--dir', dir], env);
    expect(plan.exitCode, plan.stderr).toBe(0);
  });
});

describe('--continue on a rolling env', () => {
  it('exits 1 saying the env deploys rolling, with the setting that changes it', async () => {
    world();
    const rolling = await blueGreenRoot('rolling');
    const before = fake.calls('codedeploy').length;
    const result = await runCli(['approve', '--continue', '--yes', '--dir', rolling], {
      env: fakeAwsEnv(fake.url, 'AKIDBLUEGREEN'),
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Env mock deploys rolling');
    expect(result.stderr).toContain('"deployment_strategy": "blue_green"');
    expect(fake.calls('codedeploy')).toHaveLength(before);
    expectNoStack(result.stderr);
  });
});
