import type { AwsClients } from '../aws/clients.js';
import { codeDeployProbe } from '../codedeploy/probe.js';
import type { DeploymentProbe } from './deployment-probe.js';
import { ecsServiceProbe } from './ecs-probe.js';

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
