import type { AwsClients } from '../aws/clients.js';
import { describeAwsError } from '../aws/errors.js';
import type { DeploymentProbe, DeploymentProgress } from '../deploy/deployment-probe.js';
import type { CodeDeployDiagnosis, StuckReport } from '../diagnosis/types.js';
import { type BlueGreenDeployment, findNewestDeployment, readBlueGreenDeployment } from './deployment.js';

export interface CodeDeployProbeTarget {
  application: string;
  group: string;
  /** Follow exactly this deployment (the pipeline action's external execution id, or one we started). */
  deploymentId?: string | undefined;
  /** Otherwise: the group's newest deployment created at or after this moment. */
  notBefore?: Date | undefined;
  stage?: string | undefined;
  action?: string | undefined;
}

/** Clock skew allowed between the pipeline's and CodeDeploy's timestamps. */
const SKEW_MS = 10_000;

function progressOf(deployment: BlueGreenDeployment): DeploymentProgress {
  const green = deployment.taskSets.find((set) => set.label === 'Green');
  const base = {
    deploymentId: deployment.id,
    healthyNew: green?.running ?? 0,
    desired: green?.desired ?? 0,
    detail: `deployment ${deployment.id}: ${deployment.detail}`,
  };
  switch (deployment.phase) {
    case 'starting':
      return { ...base, phase: 'starting' };
    case 'succeeded':
      return { ...base, phase: 'completed' };
    case 'failed':
    case 'stopped':
      return { ...base, phase: 'failed' };
    case 'waiting-for-reroute':
      return { ...base, phase: 'waiting', waitingFor: 'continue' };
    case 'terminating-blue':
      return { ...base, phase: 'waiting', waitingFor: 'termination' };
    default:
      return { ...base, phase: 'in-progress' };
  }
}

/** What went wrong with a blue/green deployment, and how CodeDeploy rolled it back. */
export async function diagnoseBlueGreen(
  clients: AwsClients,
  deployment: BlueGreenDeployment,
  context: {
    stage?: string | undefined;
    action?: string | undefined;
    message?: string | undefined;
    stuck?: StuckReport;
  },
): Promise<CodeDeployDiagnosis> {
  const errors: string[] = [];
  const rolledBackBy = deployment.rollback?.rolledBackBy;
  let rollbackStatus: string | undefined;
  if (rolledBackBy) {
    rollbackStatus = await readBlueGreenDeployment(clients, rolledBackBy)
      .then((rollback) => rollback.status)
      .catch((error: unknown) => {
        errors.push(`rollback deployment ${rolledBackBy}: ${describeAwsError(error)}`);
        return undefined;
      });
  }
  return {
    kind: 'codedeploy-deployment',
    stage: context.stage,
    action: context.action,
    application: deployment.application,
    group: deployment.group,
    message: context.message,
    deployment: {
      id: deployment.id,
      status: deployment.status,
      phase: deployment.phase,
      detail: deployment.detail,
      error: deployment.error,
      failedEvent: deployment.lifecycle.find((event) => event.status === 'Failed')?.event,
      taskSets: deployment.taskSets.map(({ label, targetGroup, running, desired, trafficWeight }) => ({
        label,
        targetGroup,
        running,
        desired,
        trafficWeight,
      })),
    },
    rollback: deployment.rollback
      ? { deploymentId: rolledBackBy, status: rollbackStatus, message: deployment.rollback.message }
      : undefined,
    stuck: context.stuck,
    errors,
  };
}

/** Follows a CodeDeploy ECS blue/green deployment through its phases until it succeeds or fails. */
export function codeDeployProbe(clients: AwsClients, target: CodeDeployProbeTarget): DeploymentProbe {
  let followed = target.deploymentId;
  let last: BlueGreenDeployment | undefined;
  const ref = { application: target.application, group: target.group };
  return {
    subject: `CodeDeploy deployment group ${target.application}/${target.group}`,
    async poll(): Promise<DeploymentProgress> {
      const deployment = followed
        ? await readBlueGreenDeployment(clients, followed)
        : await findNewestDeployment(clients, ref, {
            notBefore: target.notBefore ? new Date(target.notBefore.getTime() - SKEW_MS) : undefined,
          });
      if (!deployment) {
        return {
          phase: 'starting',
          healthyNew: 0,
          desired: 0,
          detail: 'waiting for the CodeDeploy deployment to start',
        };
      }
      followed = deployment.id;
      last = deployment;
      return progressOf(deployment);
    },
    async diagnose(stuck?: StuckReport): Promise<CodeDeployDiagnosis> {
      const deployment = followed ? await readBlueGreenDeployment(clients, followed).catch(() => last) : last;
      if (!deployment) {
        return {
          kind: 'codedeploy-deployment',
          stage: target.stage,
          action: target.action,
          application: target.application,
          group: target.group,
          message: undefined,
          deployment: undefined,
          rollback: undefined,
          stuck,
          errors: ['no deployment of the group was found'],
        };
      }
      return diagnoseBlueGreen(clients, deployment, {
        stage: target.stage,
        action: target.action,
        ...(stuck ? { stuck } : {}),
      });
    },
  };
}
