import { join } from 'node:path';
import {
  advanceLifecycle,
  appendLogEvents,
  type CodeDeployScenario,
  cloudWatchLogsHandler,
  codeBuildHandler,
  codeDeployHandler,
  codePipelineHandler,
  creationTimeExecution,
  type FakeAws,
  type FakeCodeDeployDeployment,
  type FakeLogGroups,
  finishedBuild,
  type GitServer,
  newDeploymentId,
  type PipelineScenario,
  startFakeAws,
  startGitServer,
  stsHandler,
} from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsEnv, runCli } from './helpers/cli.js';
import { expectNoStack } from './helpers/delivery-world.js';
import { appMonorepo, commitAppChange, git } from './helpers/ship-fixture.js';

// ship --watch on a blue/green env with its Test stage (Source -> Build -> Test -> Approval ->
// Deploy(CodeDeployToECS)): the shared follow-a-push path, when the approval is answered (by someone else)
// between two polls, understands the CodeDeploy deployment that follows: one waiting for its traffic reroute
// ends the watch naming `approve --continue`, a failed one is diagnosed from CodeDeploy.
const PIPELINE = 'challenge-mock-pipeline';
const APP = 'challenge-mock-app';
const GROUP = 'challenge-mock-app';
const TEST_LOG = '/codebuild/challenge-mock-app-test';
const PASSED_TEST = 'challenge-mock-app-test:3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a';

let fake: FakeAws;
let server: GitServer;
let repo: string;
let scenario: PipelineScenario;
let codedeploy: CodeDeployScenario;
const logGroups: FakeLogGroups = {};

const stage = (name: string, status: 'Succeeded' | 'Failed' | 'InProgress', extra = {}) => ({
  name,
  executionId: 'exec-42',
  status,
  actions: [{ name: name === 'Test' ? 'ContractTests' : name, status, ...extra }],
});

const DEPLOY_ACTION = {
  provider: 'CodeDeployToECS',
  configuration: {
    ApplicationName: APP,
    DeploymentGroupName: GROUP,
    TaskDefinitionTemplateArtifact: 'build',
    AppSpecTemplateArtifact: 'build',
    Image1ArtifactName: 'build',
    Image1ContainerName: 'IMAGE1_NAME',
  },
};

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

/**
 * exec-42 of the pushed head: Source, Build and the Test stage pass; by the next poll the approval was
 * answered elsewhere and Deploy runs `deployment`, which `then` moves on at each later poll.
 */
function blueGreenPipeline(
  deployment: FakeCodeDeployDeployment,
  then: (deployment: FakeCodeDeployDeployment, reads: number) => void,
): PipelineScenario {
  let reads = 0;
  codedeploy = {
    groups: [{ applicationName: APP, deploymentGroupName: GROUP, cluster: 'challenge-mock', service: APP }],
    deployments: [],
  };
  return {
    name: PIPELINE,
    stages: [
      { name: 'Source', actions: [{ name: 'Source' }] },
      { name: 'Build', actions: [{ name: 'Build' }] },
      { name: 'Test', actions: [{ name: 'ContractTests' }] },
      { name: 'Approval', actions: [{ name: 'Approve' }] },
      { name: 'Deploy', actions: [{ name: 'Deploy', ...DEPLOY_ACTION }] },
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
      s.stages[2] = stage('Test', reads === 1 ? 'InProgress' : 'Succeeded', {
        externalExecutionId: PASSED_TEST,
      });
      if (reads < 2) return;
      s.stages[3] = stage('Approval', 'Succeeded', { summary: 'Approved by a teammate' });
      if (!codedeploy.deployments.includes(deployment)) codedeploy.deployments.push(deployment);
      then(deployment, reads);
      const failed = deployment.status === 'Failed';
      s.stages[4] = {
        ...stage('Deploy', failed ? 'Failed' : 'InProgress', {
          ...DEPLOY_ACTION,
          externalExecutionId: deployment.id,
          lastStatusChange: new Date(),
          ...(failed
            ? { errorDetails: { code: 'JobFailed', message: `Deployment ${deployment.id} failed` } }
            : {}),
        }),
      };
      if (failed) s.executions.find((e) => e.id === 'exec-42')!.status = 'Failed';
    },
  };
}

function newDeployment(): FakeCodeDeployDeployment {
  return {
    id: newDeploymentId(),
    applicationName: APP,
    deploymentGroupName: GROUP,
    status: 'InProgress',
    createTime: new Date(),
    lifecycle: { BeforeInstall: 'Succeeded', Install: 'InProgress' },
    taskSets: taskSets(0, 0),
  };
}

beforeAll(async () => {
  const start = Date.now() - 60_000;
  appendLogEvents(
    logGroups,
    TEST_LOG,
    PASSED_TEST.split(':')[1]!,
    [
      '[Container] 2026/01/01 10:00:00.000 Running command bash scripts/test-stage.sh',
      'contract-check {"name":"GET /gtg","ok":true,"detail":"200","ms":3}',
      'contract-check {"name":"GET /candidates","ok":true,"detail":"200","ms":5}',
      '[Container] 2026/01/01 10:01:00.000 Phase complete: BUILD State: SUCCEEDED',
    ].map((message, i) => ({ timestamp: start + i * 10, message: `${message}\n` })),
  );
  server = await startGitServer({
    secretAccessKey: 'AKIDBGSHIP-secret',
    region: 'eu-west-1',
    repos: ['app'],
  });
  fake = await startFakeAws({
    handlers: {
      sts: stsHandler(),
      codepipeline: (request) => codePipelineHandler([scenario])(request),
      codebuild: codeBuildHandler([finishedBuild({ id: PASSED_TEST, logGroup: TEST_LOG })]),
      codedeploy: (request) => codeDeployHandler(codedeploy)(request),
      logs: cloudWatchLogsHandler(logGroups),
    },
  });
  repo = await appMonorepo('challenge-bg-ship-', {
    codecommit_clone_url_http: server.repoUrl('app'),
    region: 'eu-west-1',
    pipeline_name: PIPELINE,
    deployment_strategy: 'blue_green',
    codedeploy_application_name: APP,
    codedeploy_deployment_group_name: GROUP,
  });
}, 240_000);

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

const cli = (...args: string[]) =>
  runCli([...args, '--dir', join(repo, 'terraform')], { env: fakeAwsEnv(fake.url, 'AKIDBGSHIP') });

const commitChange = () => commitAppChange(repo);

describe('ship --watch, blue/green, the approval answered meanwhile', () => {
  it('stops when the deployment waits for its traffic reroute, naming approve --continue', async () => {
    const deployment = newDeployment();
    scenario = blueGreenPipeline(deployment, (d, reads) => {
      // One poll installing green, then green is ready and CodeDeploy waits for ContinueDeployment.
      if (reads === 2) d.taskSets = taskSets(1, 0);
      if (reads === 3) {
        d.taskSets = taskSets(2, 0);
        advanceLifecycle(d, 'AfterAllowTestTraffic');
        d.status = 'Ready';
      }
    });
    commitChange();
    const shipped = await cli('ship', 'app', '--watch', '--timeout', '60');
    expect(shipped.exitCode, shipped.stderr).toBe(0);
    expect(shipped.stdout).toMatch(/Test: Succeeded[\s\S]*Approval: Succeeded[\s\S]*Deploy: InProgress/);
    expect(shipped.stdout).toContain(`  Test ContractTests: Succeeded (build ${PASSED_TEST})`);
    expect(shipped.stdout).toContain(
      `Deployment ${deployment.id} waits for its traffic reroute: the new tasks run behind the test listener, production still reaches the old ones. Run \`challenge approve --env mock --continue --follow\``,
    );
    expect(fake.calls('codedeploy', 'ContinueDeployment')).toEqual([]);

    scenario = blueGreenPipeline(newDeployment(), (d, reads) => {
      if (reads >= 3) {
        advanceLifecycle(d, 'AfterAllowTestTraffic');
        d.status = 'Ready';
      }
    });
    commitChange();
    const json = await cli('ship', 'app', '--watch', '--timeout', '60', '--json');
    expect(json.exitCode, json.stderr).toBe(0);
    const waiting = codedeploy.deployments[0]!;
    expect(JSON.parse(json.stdout).pipeline).toMatchObject({
      name: PIPELINE,
      executionId: 'exec-42',
      outcome: 'awaiting-continue',
      deploymentId: waiting.id,
    });
  });

  it('reports a failed deployment with the rollback CodeDeploy made, and exits 1', async () => {
    const rollbackId = newDeploymentId();
    const deployment = newDeployment();
    scenario = blueGreenPipeline(deployment, (d, reads) => {
      if (reads !== 3) return;
      d.status = 'Failed';
      d.completeTime = new Date();
      d.lifecycle = { ...d.lifecycle, Install: 'Failed' };
      d.error = { code: 'ECS_UPDATE_ERROR', message: 'The ECS service cannot be updated.' };
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
    });
    commitChange();
    const result = await cli('ship', 'app', '--watch', '--timeout', '60');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Error: Execution exec-42 failed at Deploy.');
    expect(result.stdout).toContain(`Why Deploy failed: CodeDeploy deployment group ${APP}/${GROUP}`);
    expect(result.stdout).toContain('error: ECS_UPDATE_ERROR: The ECS service cannot be updated.');
    expect(result.stdout).toContain(
      `rolled back: deployment ${rollbackId} (Succeeded); production traffic goes back to the blue tasks`,
    );
    expectNoStack(result.stderr);
  });
});
