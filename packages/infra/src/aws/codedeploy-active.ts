import type { AwsSession } from './session.js';

/** CodeDeploy's statuses of a deployment that has not ended (it still owns the listeners and task sets). */
const ACTIVE_STATUSES = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'] as const;

interface ActiveDeployment {
  id: string;
  status: string;
}

/**
 * The deployment of a CodeDeploy group that has not ended, if any (ListDeployments of the active statuses,
 * then GetDeployment of the newest). Infra's own small check: the delivery library has the full model, but
 * plan/apply/destroy must not depend on it.
 */
export async function findActiveCodeDeployDeployment(
  session: AwsSession,
  group: { application: string; group: string },
): Promise<ActiveDeployment | undefined> {
  const [
    { CodeDeployClient, GetDeploymentCommand, ListDeploymentsCommand },
    { clientConfig },
    { toChallengeError },
  ] = await Promise.all([
    import('@aws-sdk/client-codedeploy'),
    import('./session.js'),
    import('./errors.js'),
  ]);
  const client = new CodeDeployClient(clientConfig(session));
  try {
    const { deployments } = await client.send(
      new ListDeploymentsCommand({
        applicationName: group.application,
        deploymentGroupName: group.group,
        includeOnlyStatuses: [...ACTIVE_STATUSES],
      }),
    );
    const found = await Promise.all(
      (deployments ?? []).map(async (id) => {
        const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId: id }));
        return { id, status: deploymentInfo?.status ?? 'InProgress', created: deploymentInfo?.createTime };
      }),
    );
    const newest = found
      .filter((deployment) => (ACTIVE_STATUSES as readonly string[]).includes(deployment.status))
      .sort((a, b) => (b.created?.getTime() ?? 0) - (a.created?.getTime() ?? 0))[0];
    return newest && { id: newest.id, status: newest.status };
  } catch (error) {
    throw toChallengeError(
      error,
      session,
      `looking for a running CodeDeploy deployment of ${group.application}/${group.group}`,
    );
  }
}
