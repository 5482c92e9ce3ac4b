import type { Deployment, Service } from '@aws-sdk/client-ecs';
import type { AwsClients } from '../aws/clients.js';
import { describeAwsError } from '../aws/errors.js';
import type { CircuitBreakerReport, EcsDeploymentDiagnosis, StoppedTask, TargetProblem } from './types.js';

const SERVICE_EVENTS = 10;
const STOPPED_TASKS = 5;

/** "family:revision" of a task definition ARN. */
export function revisionOf(taskDefinitionArn: string | undefined): string {
  return taskDefinitionArn?.split('task-definition/').pop() ?? 'unknown';
}

export async function describeService(
  clients: AwsClients,
  cluster: string,
  service: string,
): Promise<Service> {
  const { DescribeServicesCommand } = await import('@aws-sdk/client-ecs');
  const result = await (await clients.ecs()).send(
    new DescribeServicesCommand({ cluster, services: [service] }),
  );
  const found = result.services?.[0];
  if (!found) {
    // ECS answers a missing service with a failure entry (reason MISSING), not an exception: name it like one.
    const missing = new Error(`service ${service} not found in cluster ${cluster}`);
    missing.name = 'ServiceNotFoundException';
    throw missing;
  }
  return found;
}

/** Stopped tasks of the service (ECS keeps them about an hour), newest first. */
async function stoppedTasks(
  clients: AwsClients,
  cluster: string,
  service: string,
  max: number,
): Promise<StoppedTask[]> {
  const { DescribeTasksCommand, ListTasksCommand } = await import('@aws-sdk/client-ecs');
  const client = await clients.ecs();
  const { taskArns } = await client.send(
    new ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'STOPPED', maxResults: 100 }),
  );
  if (!taskArns?.length) return [];
  const { tasks } = await client.send(new DescribeTasksCommand({ cluster, tasks: taskArns }));
  return (tasks ?? [])
    .sort((a, b) => (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0))
    .slice(0, max)
    .map((task) => ({
      taskId: task.taskArn?.split('/').pop() ?? '?',
      taskDefinition: revisionOf(task.taskDefinitionArn),
      stoppedAt: task.stoppedAt,
      stopCode: task.stopCode,
      stoppedReason: task.stoppedReason,
      containers: (task.containers ?? []).map((container) => ({
        name: container.name ?? '?',
        exitCode: container.exitCode,
        reason: container.reason,
      })),
    }));
}

/** Targets of the service's target groups that are not healthy, with the load balancer's reason. */
async function unhealthyTargets(clients: AwsClients, service: Service): Promise<TargetProblem[]> {
  const { DescribeTargetHealthCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  const client = await clients.elbv2();
  const problems: TargetProblem[] = [];
  for (const lb of service.loadBalancers ?? []) {
    if (!lb.targetGroupArn) continue;
    const { TargetHealthDescriptions } = await client.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: lb.targetGroupArn }),
    );
    for (const target of TargetHealthDescriptions ?? []) {
      if (target.TargetHealth?.State === 'healthy') continue;
      problems.push({
        id: target.Target?.Id ?? '?',
        port: target.Target?.Port,
        state: target.TargetHealth?.State ?? 'unknown',
        reason: target.TargetHealth?.Reason,
        description: target.TargetHealth?.Description,
      });
    }
  }
  return problems;
}

/** Whether the deployment circuit breaker stopped a deployment, and whether ECS rolled back. */
function circuitBreakerOf(service: Service, deploymentId?: string): CircuitBreakerReport {
  const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker;
  const deployments = service.deployments ?? [];
  const failed = deployments.find(
    (d) => d.rolloutState === 'FAILED' && (deploymentId === undefined || d.id === deploymentId),
  );
  const primary = deployments.find((d) => d.status === 'PRIMARY');
  const tripped = Boolean(failed && /circuit breaker/i.test(failed.rolloutStateReason ?? ''));
  const rolledBack = Boolean(tripped && breaker?.rollback && primary && failed && primary.id !== failed.id);
  return {
    enabled: Boolean(breaker?.enable),
    tripped,
    rolledBack,
    failedDeployment: failed?.id,
    reason: failed?.rolloutStateReason,
    rolledBackTo: rolledBack ? revisionOf(primary?.taskDefinition) : undefined,
  };
}

function deploymentOf(d: Deployment | undefined): EcsDeploymentDiagnosis['deployment'] {
  if (!d?.id) return undefined;
  return {
    id: d.id,
    taskDefinition: revisionOf(d.taskDefinition),
    rolloutState: d.rolloutState ?? 'unknown',
    running: d.runningCount ?? 0,
    desired: d.desiredCount ?? 0,
    failedTasks: d.failedTasks ?? 0,
  };
}

/**
 * Everything ECS and the load balancer say about a service's deployment: last events, stopped tasks with
 * their reasons and exit codes, unhealthy targets, the circuit breaker. Each part is read on its own; one
 * that cannot be read is listed in `errors` instead of hiding the rest.
 */
export async function readEcsEvidence(
  clients: AwsClients,
  target: { cluster: string; service: string; deploymentId?: string | undefined },
  where: { stage?: string | undefined; action?: string | undefined; message?: string | undefined } = {},
): Promise<EcsDeploymentDiagnosis> {
  const diagnosis: EcsDeploymentDiagnosis = {
    kind: 'ecs-deployment',
    stage: where.stage,
    action: where.action,
    cluster: target.cluster,
    service: target.service,
    message: where.message,
    deployment: undefined,
    events: [],
    stoppedTasks: [],
    unhealthyTargets: [],
    circuitBreaker: {
      enabled: false,
      tripped: false,
      rolledBack: false,
      failedDeployment: undefined,
      reason: undefined,
      rolledBackTo: undefined,
    },
    stuck: undefined,
    errors: [],
  };
  let service: Service;
  try {
    service = await describeService(clients, target.cluster, target.service);
  } catch (error) {
    diagnosis.errors.push(`ECS service: ${describeAwsError(error)}`);
    return diagnosis;
  }
  const deployments = service.deployments ?? [];
  diagnosis.deployment = deploymentOf(
    deployments.find((d) => d.id === target.deploymentId) ?? deployments.find((d) => d.status === 'PRIMARY'),
  );
  diagnosis.events = (service.events ?? [])
    .slice(0, SERVICE_EVENTS)
    .reverse()
    .map((event) => ({ at: event.createdAt, message: event.message ?? '' }));
  diagnosis.circuitBreaker = circuitBreakerOf(service, target.deploymentId);
  const [stopped, targets] = await Promise.allSettled([
    stoppedTasks(clients, target.cluster, target.service, STOPPED_TASKS),
    unhealthyTargets(clients, service),
  ]);
  if (stopped.status === 'fulfilled') diagnosis.stoppedTasks = stopped.value;
  else diagnosis.errors.push(`stopped tasks: ${describeAwsError(stopped.reason)}`);
  if (targets.status === 'fulfilled') diagnosis.unhealthyTargets = targets.value;
  else diagnosis.errors.push(`target health: ${describeAwsError(targets.reason)}`);
  return diagnosis;
}
