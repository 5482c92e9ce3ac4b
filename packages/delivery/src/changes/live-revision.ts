import type { AwsClients } from '../aws/clients.js';
import { describeService } from '../diagnosis/ecs-service.js';
import { type ExecutionSummary, isShippedExecution, listExecutions } from '../pipeline/executions.js';
import { imageTagOf } from '../source/source-commit.js';

export interface LiveRevision {
  /** The CodeCommit commit that runs now. */
  commit: string;
  /** running-image: the image tag of the service's task definition (exact, even after a rollback);
   *  last-deploy: the newest execution that succeeded in the deploy stage. */
  how: 'running-image' | 'last-deploy';
}

/** The image tag the service runs now (its task definition's app container). */
async function runningImageTag(
  clients: AwsClients,
  cluster: string,
  service: string,
): Promise<string | undefined> {
  const { DescribeTaskDefinitionCommand } = await import('@aws-sdk/client-ecs');
  const found = await describeService(clients, cluster, service);
  if (!found.taskDefinition) return undefined;
  const { taskDefinition } = await (await clients.ecs()).send(
    new DescribeTaskDefinitionCommand({ taskDefinition: found.taskDefinition }),
  );
  const name = found.loadBalancers?.[0]?.containerName;
  const containers = taskDefinition?.containerDefinitions ?? [];
  return imageTagOf((containers.find((c) => c.name === name) ?? containers[0])?.image);
}

/**
 * The commit that runs now: the service's image tag matched to a shipped execution's commit (what really
 * runs, rollbacks included); without ECS outputs, or when the image is not one the pipeline built, the
 * newest execution that got through the deploy stage. The creation-time run never counts.
 */
export async function findLiveRevision(
  clients: AwsClients,
  options: {
    pipelineName: string;
    deployStage: string | undefined;
    cluster?: string | undefined;
    service?: string | undefined;
  },
): Promise<LiveRevision | undefined> {
  let executions: ExecutionSummary[] | undefined;
  if (options.cluster && options.service) {
    const tag = await runningImageTag(clients, options.cluster, options.service).catch(() => undefined);
    if (tag && /^[0-9a-f]{7,40}$/.test(tag)) {
      executions = (await listExecutions(clients, options.pipelineName, { max: 100 })).filter(
        isShippedExecution,
      );
      const match = executions.find((e) => e.revisionId?.startsWith(tag));
      if (match?.revisionId) return { commit: match.revisionId, how: 'running-image' };
    }
  }
  if (!options.deployStage) return undefined;
  const deployed = (
    await listExecutions(clients, options.pipelineName, { max: 10, succeededInStage: options.deployStage })
  ).find(isShippedExecution);
  return deployed?.revisionId ? { commit: deployed.revisionId, how: 'last-deploy' } : undefined;
}
