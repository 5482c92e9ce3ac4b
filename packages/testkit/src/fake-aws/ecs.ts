import { jsonResult } from './responses.js';
import type { ServiceHandler } from './server.js';

export interface FakeEcsService {
  cluster: string;
  serviceName: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  /** ARN of the revision the service runs (DescribeServices `taskDefinition`). */
  taskDefinition?: string;
  deployments: Array<{
    id: string;
    status: 'PRIMARY' | 'ACTIVE';
    rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
    runningCount: number;
    desiredCount: number;
  }>;
}

/** ECS (awsJson1_1, AmazonEC2ContainerServiceV20141113): DescribeServices, with `failures` for unknown services. */
export function ecsHandler(services: FakeEcsService[]): ServiceHandler {
  return (request) => {
    if (request.action !== 'DescribeServices') return undefined;
    // AWS accepts the cluster's name or its ARN.
    const cluster = String(request.json?.['cluster'] ?? 'default').replace(/^arn:[^/]+:cluster\//, '');
    const requested = (request.json?.['services'] as string[] | undefined) ?? [];
    // Services by name or by ARN, like the cluster.
    const names = requested.map((service) => service.replace(/^arn:[^/]+:service\/[^/]+\//, ''));
    const found = services.filter((s) => s.cluster === cluster && names.includes(s.serviceName));
    return jsonResult({
      services: found.map((s) => ({
        serviceName: s.serviceName,
        clusterArn: `arn:aws:ecs:${request.region}:123456789012:cluster/${s.cluster}`,
        status: 'ACTIVE',
        desiredCount: s.desiredCount,
        runningCount: s.runningCount,
        pendingCount: s.pendingCount,
        serviceArn: `arn:aws:ecs:${request.region}:123456789012:service/${s.cluster}/${s.serviceName}`,
        launchType: 'EC2',
        schedulingStrategy: 'REPLICA',
        ...(s.taskDefinition === undefined ? {} : { taskDefinition: s.taskDefinition }),
        deployments: s.deployments,
      })),
      failures: names
        .filter((name) => !found.some((s) => s.serviceName === name))
        .map((name) => ({
          arn: `arn:aws:ecs:${request.region}:123456789012:service/${cluster}/${name}`,
          reason: 'MISSING',
        })),
    });
  };
}
