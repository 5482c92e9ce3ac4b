import type { AwsClients } from '../aws/clients.js';
import { describeService } from '../diagnosis/ecs-service.js';

/** The awslogs group the service's task definition writes the app container's log to, if it uses awslogs. */
export async function appLogGroupOfService(
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
  const container = containers.find((c) => c.name === name) ?? containers[0];
  const log = container?.logConfiguration;
  return log?.logDriver === 'awslogs' ? log.options?.['awslogs-group'] : undefined;
}
