import { ChallengeError } from '@challenge/infra';
import type { AwsClients } from '../aws/clients.js';
import { redeployRevision } from '../codedeploy/control.js';
import type { DeploymentGroupRef } from '../codedeploy/deployment.js';
import { describeService } from '../diagnosis/ecs-service.js';
import type { RollbackPlan } from './revisions.js';

/**
 * Blue/green: deploys the plan's target revision through CodeDeploy (UpdateService refuses a new revision
 * on a CODE_DEPLOY service); returns the deployment's id.
 */
export async function startBlueGreenRollback(
  clients: AwsClients,
  plan: RollbackPlan,
  ref: DeploymentGroupRef,
): Promise<string> {
  const service = await describeService(clients, plan.cluster, plan.service);
  const balancer = service.loadBalancers?.find((lb) => lb.containerName && lb.containerPort);
  if (!balancer?.containerName || !balancer.containerPort) {
    throw new ChallengeError(`ECS service ${plan.service} names no container behind its load balancer.`, {
      code: 'NO_LOAD_BALANCER',
      hint: "Run `challenge apply` so the service is the stack's, then `challenge rollback` again.",
    });
  }
  return redeployRevision(clients, {
    ...ref,
    taskDefinitionArn: plan.target.arn,
    containerName: balancer.containerName,
    containerPort: balancer.containerPort,
    description: `challenge rollback: ${plan.current.family}:${plan.current.revision} -> ${plan.target.family}:${plan.target.revision}`,
  });
}
