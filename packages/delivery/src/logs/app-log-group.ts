import type { AwsClients } from '../aws/clients.js';
import { appContainerOfService } from '../ecs/app-container.js';

/** The awslogs group the service's task definition writes the app container's log to, if it uses awslogs. */
export async function appLogGroupOfService(
  clients: AwsClients,
  cluster: string,
  service: string,
): Promise<string | undefined> {
  const log = (await appContainerOfService(clients, cluster, service))?.logConfiguration;
  return log?.logDriver === 'awslogs' ? log.options?.['awslogs-group'] : undefined;
}
