import type { AwsClients } from '../aws/clients.js';
import { appContainerOfService } from '../ecs/app-container.js';
import { type ExecutionSummary, isShippedExecution, listExecutions } from '../pipeline/executions.js';
import { imageTagOf } from '../source/source-commit.js';

export interface LiveRevision {
  /** The CodeCommit commit that runs now. */
  commit: string;
  /** running-image: the image tag of the service's task definition (exact, even after a rollback);
   *  last-deploy: the newest execution that succeeded in the deploy stage. */
  how: 'running-image' | 'last-deploy';
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
    const tag = imageTagOf(
      (await appContainerOfService(clients, options.cluster, options.service).catch(() => undefined))?.image,
    );
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
