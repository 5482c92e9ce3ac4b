import {
  CodeDeployClient,
  type CodeDeployClientConfig,
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentTargetCommand,
  ListDeploymentsCommand,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand,
} from '@aws-sdk/client-codedeploy';
import type { CodeDeployScenario } from '../src/index.js';

const APP = 'app';
const GROUP = 'app-group';
const APPSPEC = 'version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n';

/** An ECS blue/green group with a deployment waiting to reroute, one finished, one stopped and one not started. */
export function codeDeployScenario(): CodeDeployScenario {
  const now = Date.now();
  return {
    groups: [{ applicationName: APP, deploymentGroupName: GROUP, cluster: 'app', service: 'web' }],
    deployments: [
      {
        id: 'd-READY0001',
        applicationName: APP,
        deploymentGroupName: GROUP,
        status: 'Ready',
        createTime: new Date(now - 60_000),
        lifecycle: { BeforeInstall: 'Succeeded', Install: 'Succeeded', AfterInstall: 'Succeeded' },
        taskSets: [
          { label: 'Blue', targetGroup: 'app-tg', desired: 2, running: 2, trafficWeight: 100 },
          { label: 'Green', targetGroup: 'app-tg-green', desired: 2, running: 2, trafficWeight: 0 },
        ],
        appSpecContent: APPSPEC,
        description: 'Deployment from CodePipeline',
      },
      {
        id: 'd-DONE00001',
        applicationName: APP,
        deploymentGroupName: GROUP,
        status: 'Failed',
        createTime: new Date(now - 3_600_000),
        completeTime: new Date(now - 3_500_000),
        error: { code: 'ALARM_ACTIVE', message: 'One or more alarms have been activated' },
        rollback: { rollbackDeploymentId: 'd-ROLLBACK1', rollbackMessage: 'Rolled back' },
      },
      {
        id: 'd-QUEUED001',
        applicationName: APP,
        deploymentGroupName: 'other-group',
        status: 'Queued',
        createTime: new Date(now - 1000),
      },
    ],
  };
}

/** Every CodeDeploy operation of the fake through the real SDK client, successes and CodeDeploy's errors. */
export async function driveCodeDeploy(
  config: CodeDeployClientConfig,
  attempt: (call: () => Promise<unknown>) => Promise<void>,
): Promise<void> {
  const codedeploy = new CodeDeployClient(config);
  await codedeploy.send(new ListDeploymentsCommand({ applicationName: APP, deploymentGroupName: GROUP }));
  await codedeploy.send(
    new ListDeploymentsCommand({
      applicationName: APP,
      deploymentGroupName: GROUP,
      includeOnlyStatuses: ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'],
      createTimeRange: { start: new Date(Date.now() - 600_000) },
    }),
  );
  await attempt(() =>
    codedeploy.send(new ListDeploymentsCommand({ applicationName: 'nope', deploymentGroupName: GROUP })),
  );
  await attempt(() =>
    codedeploy.send(new ListDeploymentsCommand({ applicationName: APP, deploymentGroupName: 'nope' })),
  );
  await codedeploy.send(new GetDeploymentCommand({ deploymentId: 'd-READY0001' }));
  await codedeploy.send(new GetDeploymentCommand({ deploymentId: 'd-DONE00001' }));
  await attempt(() => codedeploy.send(new GetDeploymentCommand({ deploymentId: 'd-MISSING01' })));
  await attempt(() => codedeploy.send(new GetDeploymentCommand({ deploymentId: 'not-an-id' })));
  const { targetIds } = await codedeploy.send(
    new ListDeploymentTargetsCommand({ deploymentId: 'd-READY0001' }),
  );
  await codedeploy.send(
    new GetDeploymentTargetCommand({ deploymentId: 'd-READY0001', targetId: targetIds?.[0] ?? '' }),
  );
  await attempt(() =>
    codedeploy.send(new GetDeploymentTargetCommand({ deploymentId: 'd-READY0001', targetId: 'app:other' })),
  );
  await attempt(() => codedeploy.send(new ListDeploymentTargetsCommand({ deploymentId: 'd-QUEUED001' })));
  await attempt(() =>
    codedeploy.send(new CreateDeploymentCommand({ applicationName: APP, deploymentGroupName: GROUP })),
  );
  await attempt(() =>
    codedeploy.send(
      new CreateDeploymentCommand({
        applicationName: APP,
        deploymentGroupName: GROUP,
        revision: { revisionType: 'AppSpecContent', appSpecContent: { content: APPSPEC } },
      }),
    ),
  );
  await attempt(() =>
    codedeploy.send(
      new ContinueDeploymentCommand({ deploymentId: 'd-DONE00001', deploymentWaitType: 'READY_WAIT' }),
    ),
  );
  await codedeploy.send(
    new ContinueDeploymentCommand({ deploymentId: 'd-READY0001', deploymentWaitType: 'READY_WAIT' }),
  );
  await attempt(() =>
    codedeploy.send(
      new ContinueDeploymentCommand({ deploymentId: 'd-READY0001', deploymentWaitType: 'READY_WAIT' }),
    ),
  );
  await codedeploy.send(
    new StopDeploymentCommand({ deploymentId: 'd-READY0001', autoRollbackEnabled: true }),
  );
  await attempt(() => codedeploy.send(new StopDeploymentCommand({ deploymentId: 'd-READY0001' })));
  const { deployments: active } = await codedeploy.send(
    new ListDeploymentsCommand({
      applicationName: APP,
      deploymentGroupName: GROUP,
      includeOnlyStatuses: ['InProgress'],
    }),
  );
  await codedeploy.send(
    new StopDeploymentCommand({ deploymentId: active?.[0] ?? '', autoRollbackEnabled: false }),
  );
  await codedeploy.send(
    new CreateDeploymentCommand({
      applicationName: APP,
      deploymentGroupName: GROUP,
      description: 'Roll back to web:1',
      revision: { revisionType: 'AppSpecContent', appSpecContent: { content: APPSPEC } },
    }),
  );
}
