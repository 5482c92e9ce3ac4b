import { ChallengeError } from '@challenge/infra';
import type { AwsClients } from '../aws/clients.js';
import { awsErrorName } from '../aws/errors.js';
import {
  type BlueGreenDeployment,
  type DeploymentGroupRef,
  findNewestDeployment,
  readBlueGreenDeployment,
} from './deployment.js';
import { PHASE_LABELS } from './phase.js';

function noActiveDeployment(ref: DeploymentGroupRef, what: string): ChallengeError {
  return new ChallengeError(
    `No blue/green deployment is running in CodeDeploy group ${ref.application}/${ref.group} ${what}.`,
    {
      code: 'NO_ACTIVE_DEPLOYMENT',
      hint: 'Run `challenge status` to see the last deployment; `challenge approve --follow` starts one from a pending approval.',
    },
  );
}

/** The group's deployment that waits for its traffic reroute; a clear error when none does. */
export async function findWaitingForReroute(
  clients: AwsClients,
  ref: DeploymentGroupRef,
): Promise<BlueGreenDeployment> {
  const deployment = await findNewestDeployment(clients, ref, { activeOnly: true });
  if (!deployment) throw noActiveDeployment(ref, 'to continue');
  if (deployment.phase !== 'waiting-for-reroute') {
    throw new ChallengeError(
      `Deployment ${deployment.id} is ${PHASE_LABELS[deployment.phase]}, not waiting for traffic reroute: nothing to continue.`,
      {
        code: 'NOT_WAITING_FOR_REROUTE',
        hint: 'Follow it with `challenge status`; --continue applies once it reports "waiting for traffic reroute".',
      },
    );
  }
  return deployment;
}

/** Moves production traffic to the green tasks of a deployment waiting for it (ContinueDeployment READY_WAIT). */
export async function continueBlueGreen(
  clients: AwsClients,
  deploymentId: string,
): Promise<BlueGreenDeployment> {
  const { ContinueDeploymentCommand } = await import('@aws-sdk/client-codedeploy');
  try {
    await (await clients.codeDeploy()).send(
      new ContinueDeploymentCommand({ deploymentId, deploymentWaitType: 'READY_WAIT' }),
    );
  } catch (error) {
    const name = awsErrorName(error);
    if (name === 'DeploymentIsNotInReadyStateException' || name === 'DeploymentAlreadyCompletedException') {
      throw new ChallengeError(`Deployment ${deploymentId} no longer waits for traffic reroute (${name}).`, {
        code: 'NOT_WAITING_FOR_REROUTE',
        hint: 'Someone continued or stopped it first, or its wait ran out: see `challenge status`.',
      });
    }
    throw error;
  }
  return readBlueGreenDeployment(clients, deploymentId);
}

export interface StoppedDeployment {
  stopped: BlueGreenDeployment;
  /** The deployment CodeDeploy started to roll it back, if it names one. */
  rollbackDeploymentId: string | undefined;
  /** StopDeployment's answer: Pending (rolling back) or Succeeded (stopped). */
  stopStatus: string;
  statusMessage: string | undefined;
}

/** Stops a running deployment and has CodeDeploy roll it back (StopDeployment autoRollbackEnabled). */
export async function stopBlueGreen(clients: AwsClients, deploymentId: string): Promise<StoppedDeployment> {
  const { StopDeploymentCommand } = await import('@aws-sdk/client-codedeploy');
  let answer: { status?: string; statusMessage?: string };
  try {
    answer = await (await clients.codeDeploy()).send(
      new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: true }),
    );
  } catch (error) {
    if (awsErrorName(error) === 'DeploymentAlreadyCompletedException') {
      throw new ChallengeError(`Deployment ${deploymentId} finished before it could be stopped.`, {
        code: 'DEPLOYMENT_COMPLETED',
        hint: 'Run `challenge rollback` again: with no deployment running it deploys the previous revision.',
      });
    }
    throw error;
  }
  const stopped = await readBlueGreenDeployment(clients, deploymentId);
  return {
    stopped,
    rollbackDeploymentId: stopped.rollback?.rolledBackBy,
    stopStatus: answer.status ?? 'Pending',
    statusMessage: answer.statusMessage,
  };
}

/** The group's running deployment, if one runs. */
export function findActiveDeployment(
  clients: AwsClients,
  ref: DeploymentGroupRef,
): Promise<BlueGreenDeployment | undefined> {
  return findNewestDeployment(clients, ref, { activeOnly: true });
}

export interface RedeployRequest extends DeploymentGroupRef {
  taskDefinitionArn: string;
  containerName: string;
  containerPort: number;
  description: string;
}

/** The AppSpec of an ECS deployment of one revision behind the group's load balancer. */
export function ecsAppSpec(
  request: Pick<RedeployRequest, 'taskDefinitionArn' | 'containerName' | 'containerPort'>,
): string {
  return [
    'version: 0.0',
    'Resources:',
    '  - TargetService:',
    '      Type: AWS::ECS::Service',
    '      Properties:',
    `        TaskDefinition: "${request.taskDefinitionArn}"`,
    '        LoadBalancerInfo:',
    `          ContainerName: "${request.containerName}"`,
    `          ContainerPort: ${request.containerPort}`,
    '',
  ].join('\n');
}

/** A blue/green deployment of an earlier revision (CreateDeployment with an AppSpec naming it); returns its id. */
export async function redeployRevision(clients: AwsClients, request: RedeployRequest): Promise<string> {
  const { CreateDeploymentCommand } = await import('@aws-sdk/client-codedeploy');
  try {
    const { deploymentId } = await (await clients.codeDeploy()).send(
      new CreateDeploymentCommand({
        applicationName: request.application,
        deploymentGroupName: request.group,
        description: request.description,
        revision: { revisionType: 'AppSpecContent', appSpecContent: { content: ecsAppSpec(request) } },
      }),
    );
    if (!deploymentId) throw new Error('CreateDeployment returned no deployment id');
    return deploymentId;
  } catch (error) {
    if (awsErrorName(error) === 'DeploymentLimitExceededException') {
      throw new ChallengeError(
        `A deployment is already running in ${request.application}/${request.group}.`,
        {
          code: 'DEPLOYMENT_RUNNING',
          hint: 'Run `challenge rollback` again to stop it with a rollback, or wait for it (`challenge status`).',
        },
      );
    }
    throw error;
  }
}
