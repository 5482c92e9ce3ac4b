import type { DeploymentInfo, ECSTarget } from '@aws-sdk/client-codedeploy';
import type { AwsClients } from '../aws/clients.js';
import { awsErrorName } from '../aws/errors.js';
import { type BlueGreenPhase, type LifecycleEventState, PHASE_LABELS, phaseOf } from './phase.js';

/** The CodeDeploy application and deployment group of an env (Terraform outputs). */
export interface DeploymentGroupRef {
  application: string;
  group: string;
}

export interface BlueGreenTaskSet {
  /** Blue: the tasks serving before the deployment; Green: the replacement. */
  label: string;
  targetGroup: string | undefined;
  desired: number;
  running: number;
  pending: number;
  /** Percent of production traffic. */
  trafficWeight: number;
}

export interface BlueGreenDeployment {
  id: string;
  application: string;
  group: string;
  /** CodeDeploy's status: Created, Queued, InProgress, Baking, Ready, Succeeded, Failed, Stopped. */
  status: string;
  phase: BlueGreenPhase;
  /** One line for the user: "installing green: 1/2 tasks running in challenge-mock-tg-green". */
  detail: string;
  createdAt: Date | undefined;
  completedAt: Date | undefined;
  /** user, codeDeployRollback (a rollback deployment)... */
  creator: string | undefined;
  lifecycle: LifecycleEventState[];
  taskSets: BlueGreenTaskSet[];
  error: { code: string; message: string } | undefined;
  /** rolledBackBy: the deployment that rolls this one back; rollbackOf: the one this deployment rolls back. */
  rollback:
    | { rolledBackBy: string | undefined; rollbackOf: string | undefined; message: string | undefined }
    | undefined;
}

export const ACTIVE_STATUSES = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'] as const;

function taskSetsOf(target: ECSTarget | undefined): BlueGreenTaskSet[] {
  return (target?.taskSetsInfo ?? []).map((set) => ({
    label: set.taskSetLabel ?? '?',
    targetGroup: set.targetGroup?.name,
    desired: Number(set.desiredCount ?? 0),
    running: Number(set.runningCount ?? 0),
    pending: Number(set.pendingCount ?? 0),
    trafficWeight: Number(set.trafficWeight ?? 0),
  }));
}

function detailOf(phase: BlueGreenPhase, taskSets: BlueGreenTaskSet[], info: DeploymentInfo): string {
  const green = taskSets.find((set) => set.label === 'Green');
  const greenTasks = green
    ? `${green.running}/${green.desired} green tasks running${green.targetGroup ? ` in ${green.targetGroup}` : ''}`
    : 'no green task set yet';
  const traffic = green ? `, green takes ${green.trafficWeight}% of production traffic` : '';
  switch (phase) {
    case 'installing-green':
    case 'testing-green':
    case 'waiting-for-reroute':
      return `${PHASE_LABELS[phase]}: ${greenTasks}${traffic}`;
    case 'rerouting':
    case 'terminating-blue':
      return `${PHASE_LABELS[phase]}${traffic}`;
    case 'failed':
    case 'stopped':
      return `${PHASE_LABELS[phase]}${info.errorInformation ? `: ${info.errorInformation.code ?? ''} ${info.errorInformation.message ?? ''}`.trimEnd() : ''}`;
    default:
      return PHASE_LABELS[phase];
  }
}

/** The ECS target of a started deployment (its lifecycle events and task sets); undefined before it starts. */
async function ecsTargetOf(clients: AwsClients, deploymentId: string): Promise<ECSTarget | undefined> {
  const { GetDeploymentTargetCommand, ListDeploymentTargetsCommand } = await import(
    '@aws-sdk/client-codedeploy'
  );
  const codedeploy = await clients.codeDeploy();
  try {
    const { targetIds } = await codedeploy.send(new ListDeploymentTargetsCommand({ deploymentId }));
    const targetId = targetIds?.[0];
    if (!targetId) return undefined;
    const { deploymentTarget } = await codedeploy.send(
      new GetDeploymentTargetCommand({ deploymentId, targetId }),
    );
    return deploymentTarget?.ecsTarget;
  } catch (error) {
    if (awsErrorName(error) === 'DeploymentNotStartedException') return undefined;
    throw error;
  }
}

/** One blue/green deployment as the user follows it: status, phase, task sets, error and rollback. */
export async function readBlueGreenDeployment(
  clients: AwsClients,
  deploymentId: string,
): Promise<BlueGreenDeployment> {
  const { GetDeploymentCommand } = await import('@aws-sdk/client-codedeploy');
  const { deploymentInfo: info = {} } = await (await clients.codeDeploy()).send(
    new GetDeploymentCommand({ deploymentId }),
  );
  const status = String(info.status ?? 'Unknown');
  const target =
    status === 'Created' || status === 'Queued' ? undefined : await ecsTargetOf(clients, deploymentId);
  const lifecycle = (target?.lifecycleEvents ?? []).map((event) => ({
    event: event.lifecycleEventName ?? '?',
    status: event.status ?? 'Unknown',
  }));
  const taskSets = taskSetsOf(target);
  const phase = phaseOf(status, lifecycle, info.instanceTerminationWaitTimeStarted === true);
  const rollback = info.rollbackInfo;
  return {
    id: deploymentId,
    application: info.applicationName ?? '',
    group: info.deploymentGroupName ?? '',
    status,
    phase,
    detail: detailOf(phase, taskSets, info),
    createdAt: info.createTime,
    completedAt: info.completeTime,
    creator: info.creator,
    lifecycle,
    taskSets,
    error: info.errorInformation
      ? { code: info.errorInformation.code ?? 'UNKNOWN', message: info.errorInformation.message ?? '' }
      : undefined,
    rollback:
      rollback &&
      (rollback.rollbackDeploymentId || rollback.rollbackTriggeringDeploymentId || rollback.rollbackMessage)
        ? {
            rolledBackBy: rollback.rollbackDeploymentId,
            rollbackOf: rollback.rollbackTriggeringDeploymentId,
            message: rollback.rollbackMessage,
          }
        : undefined,
  };
}

/** Ids of the group's deployments (newest first as CodeDeploy lists them), optionally only active ones or recent ones. */
async function listDeploymentIds(
  clients: AwsClients,
  ref: DeploymentGroupRef,
  options: { activeOnly?: boolean; notBefore?: Date | undefined },
): Promise<string[]> {
  const { ListDeploymentsCommand } = await import('@aws-sdk/client-codedeploy');
  const { deployments } = await (await clients.codeDeploy()).send(
    new ListDeploymentsCommand({
      applicationName: ref.application,
      deploymentGroupName: ref.group,
      ...(options.activeOnly ? { includeOnlyStatuses: [...ACTIVE_STATUSES] } : {}),
      ...(options.notBefore ? { createTimeRange: { start: options.notBefore } } : {}),
    }),
  );
  return deployments ?? [];
}

/** How many listed deployments are read to find the newest (CodeDeploy does not promise an order). */
const NEWEST_OF = 10;

/** The group's newest deployment (optionally: created at or after `notBefore`, or only an active one). */
export async function findNewestDeployment(
  clients: AwsClients,
  ref: DeploymentGroupRef,
  options: { activeOnly?: boolean; notBefore?: Date | undefined } = {},
): Promise<BlueGreenDeployment | undefined> {
  const { GetDeploymentCommand } = await import('@aws-sdk/client-codedeploy');
  const codedeploy = await clients.codeDeploy();
  const ids = (await listDeploymentIds(clients, ref, options)).slice(0, NEWEST_OF);
  const created = await Promise.all(
    ids.map(async (id) => {
      const { deploymentInfo } = await codedeploy.send(new GetDeploymentCommand({ deploymentId: id }));
      return { id, at: deploymentInfo?.createTime?.getTime() ?? 0 };
    }),
  );
  const newest = created.sort((a, b) => b.at - a.at)[0];
  return newest ? readBlueGreenDeployment(clients, newest.id) : undefined;
}
