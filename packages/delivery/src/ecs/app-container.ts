import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import type { AwsClients } from '../aws/clients.js';
import { describeService } from '../diagnosis/ecs-service.js';

/**
 * The app container of the task definition a service runs now: the one its load balancer routes to, else
 * the first. Undefined when the service has no task definition.
 */
export async function appContainerOfService(
  clients: AwsClients,
  cluster: string,
  service: string,
): Promise<ContainerDefinition | undefined> {
  const { DescribeTaskDefinitionCommand } = await import('@aws-sdk/client-ecs');
  const found = await describeService(clients, cluster, service);
  if (!found.taskDefinition) return undefined;
  const { taskDefinition } = await (await clients.ecs()).send(
    new DescribeTaskDefinitionCommand({ taskDefinition: found.taskDefinition }),
  );
  const name = found.loadBalancers?.[0]?.containerName;
  const containers = taskDefinition?.containerDefinitions ?? [];
  return containers.find((c) => c.name === name) ?? containers[0];
}
