import type { AwsClients } from '../aws/clients.js';
import { codeDeployProbe } from '../codedeploy/probe.js';
import type { Diagnosis, StuckReport } from '../diagnosis/types.js';
import { ecsServiceProbe } from './ecs-probe.js';

/** Where a deployment is at one moment. */
export interface DeploymentProgress {
  /** waiting: nothing to progress until someone (or a timer) moves it on; never "stuck". */
  phase: 'starting' | 'in-progress' | 'waiting' | 'completed' | 'failed';
  /** What a waiting deployment waits for: ContinueDeployment, or the old tasks' termination wait. */
  waitingFor?: 'continue' | 'termination' | undefined;
  /** The deployment followed (ECS deployment or CodeDeploy deployment id), once known. */
  deploymentId?: string | undefined;
  /** Tasks of the new deployment that serve traffic (healthy in the target group). */
  healthyNew: number;
  desired: number;
  /** One line for the user: "1/2 new tasks healthy (rollout IN_PROGRESS)". */
  detail: string;
}

/** Reads one deployment's progress and, when it goes wrong, its evidence. One implementation per deployment kind. */
export interface DeploymentProbe {
  /** "ECS service challenge-mock/challenge-mock-app" */
  readonly subject: string;
  poll(): Promise<DeploymentProgress>;
  diagnose(stuck?: StuckReport): Promise<Diagnosis>;
}

export interface DeployActionTarget {
  provider: string;
  configuration: Record<string, string>;
  stage?: string;
  action?: string;
  /** The deployment started at or after this moment (the action's start). */
  notBefore?: Date;
  /** The action's external execution id (CodeDeployToECS: the CodeDeploy deployment), when known. */
  externalExecutionId?: string | undefined;
}

type ProbeFactory = (clients: AwsClients, target: DeployActionTarget) => DeploymentProbe | undefined;

/** Deploy action providers whose deployments can be followed: ECS (rolling) and CodeDeployToECS (blue/green). */
const PROBES: Record<string, ProbeFactory> = {
  ECS: (clients, target) => {
    const cluster = target.configuration['ClusterName'];
    const service = target.configuration['ServiceName'];
    if (!cluster || !service) return undefined;
    return ecsServiceProbe(clients, {
      cluster,
      service,
      notBefore: target.notBefore,
      stage: target.stage,
      action: target.action,
    });
  },
  CodeDeployToECS: (clients, target) => {
    const application = target.configuration['ApplicationName'];
    const group = target.configuration['DeploymentGroupName'];
    if (!application || !group) return undefined;
    return codeDeployProbe(clients, {
      application,
      group,
      deploymentId: target.externalExecutionId,
      notBefore: target.notBefore,
      stage: target.stage,
      action: target.action,
    });
  },
};

/** A probe for the deployment a pipeline deploy action makes, if its provider is one we can follow. */
export function deploymentProbeFor(
  clients: AwsClients,
  target: DeployActionTarget,
): DeploymentProbe | undefined {
  return PROBES[target.provider]?.(clients, target);
}
