import { jsonError, jsonResult } from './responses.js';
import type { ServiceHandler } from './server.js';

export interface FakeTaskDefinition {
  family: string;
  revision: number;
  containerDefinitions: Array<Record<string, unknown>>;
  networkMode?: string;
  taskRoleArn?: string;
  executionRoleArn?: string;
  requiresCompatibilities?: string[];
}

/** The ARN AWS gives a revision: arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>. */
export function taskDefinitionArn(region: string, family: string, revision: number): string {
  return `arn:aws:ecs:${region}:123456789012:task-definition/${family}:${revision}`;
}

/**
 * ECS DescribeTaskDefinition (awsJson1_1, AmazonEC2ContainerServiceV20141113) over registered
 * revisions: by full ARN, `family:revision`, or `family` (its latest revision, as AWS does). An unknown
 * one is AWS's ClientException "Unable to describe task definition.".
 */
export function ecsTaskDefinitionsHandler(definitions: FakeTaskDefinition[]): ServiceHandler {
  return (request) => {
    if (request.action !== 'DescribeTaskDefinition') return undefined;
    const wanted = String(request.json?.['taskDefinition'] ?? '');
    const reference = wanted.startsWith('arn:') ? wanted.slice(wanted.indexOf('/') + 1) : wanted;
    const [family, revision] = reference.split(':');
    const candidates = definitions
      .filter((d) => d.family === family && (revision === undefined || String(d.revision) === revision))
      .sort((a, b) => b.revision - a.revision);
    const found = candidates[0];
    if (!found) return jsonError(400, 'ClientException', 'Unable to describe task definition.');
    return jsonResult({
      taskDefinition: {
        taskDefinitionArn: taskDefinitionArn(request.region, found.family, found.revision),
        family: found.family,
        revision: found.revision,
        containerDefinitions: found.containerDefinitions,
        networkMode: found.networkMode ?? 'bridge',
        taskRoleArn: found.taskRoleArn,
        executionRoleArn: found.executionRoleArn,
        requiresCompatibilities: found.requiresCompatibilities ?? ['EC2'],
        compatibilities: ['EXTERNAL', 'EC2'],
        volumes: [],
        placementConstraints: [],
        requiresAttributes: [],
        status: 'ACTIVE',
        registeredAt: 1_700_000_000,
      },
      tags: [],
    });
  };
}
