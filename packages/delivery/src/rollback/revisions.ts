import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { ChallengeError } from '@challenge/infra';
import type { AwsClients } from '../aws/clients.js';
import { awsErrorName } from '../aws/errors.js';
import { describeService } from '../diagnosis/ecs-service.js';
import { type ExecutionSummary, listExecutions } from '../pipeline/executions.js';
import { imageTagOf, type SourceCommit, sourceOfImageTag } from '../source/source-commit.js';
import { assertImageInEcr } from './image-in-ecr.js';

export interface TaskRevision {
  arn: string;
  family: string;
  revision: number;
  /** The app container's image. */
  image: string | undefined;
  imageTag: string | undefined;
  registeredAt: Date | undefined;
  source: SourceCommit | undefined;
}

export interface RollbackPlan {
  cluster: string;
  service: string;
  current: TaskRevision;
  target: TaskRevision;
  /** The family's recent ACTIVE revisions, newest first (what --to can name). */
  recent: TaskRevision[];
}

export interface PlanRollbackOptions {
  cluster: string;
  service: string;
  /** To resolve image tags to commits (optional). */
  pipelineName?: string | undefined;
  /** A revision number, family:revision or ARN; default: the ACTIVE revision before the current one. */
  to?: string | undefined;
}

const RECENT = 5;

function parseArn(arn: string): { family: string; revision: number } {
  const [family = '', revision = '0'] = (arn.split('task-definition/').pop() ?? '').split(':');
  return { family, revision: Number(revision) };
}

async function describeRevision(
  clients: AwsClients,
  identifier: string,
  containerName: string | undefined,
  executions: ExecutionSummary[],
): Promise<TaskRevision & { status: string | undefined }> {
  const { DescribeTaskDefinitionCommand } = await import('@aws-sdk/client-ecs');
  let definition: TaskDefinition | undefined;
  try {
    ({ taskDefinition: definition } = await (await clients.ecs()).send(
      new DescribeTaskDefinitionCommand({ taskDefinition: identifier }),
    ));
  } catch (error) {
    if (awsErrorName(error) === 'ClientException') {
      throw new ChallengeError(`Task definition ${identifier} does not exist.`, {
        code: 'REVISION_NOT_FOUND',
        hint: 'Run `challenge rollback` without --to to see the revisions you can roll back to.',
      });
    }
    throw error;
  }
  const containers = definition?.containerDefinitions ?? [];
  const container = containers.find((c) => c.name === containerName) ?? containers[0];
  const arn = definition?.taskDefinitionArn ?? identifier;
  const tag = imageTagOf(container?.image);
  return {
    arn,
    ...parseArn(arn),
    image: container?.image,
    imageTag: tag,
    registeredAt: definition?.registeredAt,
    source: sourceOfImageTag(tag, executions),
    status: definition?.status,
  };
}

/** "7", "family:7" or an ARN, as a task definition identifier of the service's family. */
function identifierOf(to: string, family: string): string {
  return /^\d+$/.test(to) ? `${family}:${to}` : to;
}

/**
 * The service's current task definition revision and the one to roll back to (the previous ACTIVE one,
 * or --to), each with its image and source commit.
 */
export async function planRollback(clients: AwsClients, options: PlanRollbackOptions): Promise<RollbackPlan> {
  const { ListTaskDefinitionsCommand } = await import('@aws-sdk/client-ecs');
  const service = await describeService(clients, options.cluster, options.service).catch((error: unknown) => {
    throw new ChallengeError(
      `Cannot read ECS service ${options.cluster}/${options.service}: ${String(error)}`,
      {
        code: 'SERVICE_NOT_FOUND',
        hint: 'Check --env (its ecs_cluster_name/ecs_service_name outputs) and the AWS profile/region.',
      },
    );
  });
  const currentArn = service.taskDefinition;
  if (!currentArn) {
    throw new ChallengeError(`ECS service ${options.service} has no task definition.`, {
      hint: 'Deploy once (`challenge approve --follow`) before rolling back.',
    });
  }
  const containerName = service.loadBalancers?.[0]?.containerName;
  const executions = options.pipelineName
    ? await listExecutions(clients, options.pipelineName, { max: 100 }).catch(() => [])
    : [];
  const { family, revision } = parseArn(currentArn);
  const current = await describeRevision(clients, currentArn, containerName, executions);
  const { taskDefinitionArns } = await (await clients.ecs()).send(
    new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE', sort: 'DESC', maxResults: 20 }),
  );
  const older = (taskDefinitionArns ?? []).filter((arn) => parseArn(arn).revision < revision);
  const recent = await Promise.all(
    older.slice(0, RECENT).map((arn) => describeRevision(clients, arn, containerName, executions)),
  );
  let target: (TaskRevision & { status?: string | undefined }) | undefined;
  if (options.to) {
    target = await describeRevision(clients, identifierOf(options.to, family), containerName, executions);
    if (target.family !== family) {
      throw new ChallengeError(
        `${options.to} is a revision of ${target.family}, not of the service's family ${family}.`,
        {
          hint: `Pass a revision of ${family} (a number is enough: --to ${recent[0]?.revision ?? revision - 1}).`,
        },
      );
    }
    if (target.status !== undefined && target.status !== 'ACTIVE') {
      throw new ChallengeError(`${family}:${target.revision} is ${target.status}; ECS cannot run it again.`, {
        code: 'REVISION_INACTIVE',
        hint: 'Pick an ACTIVE revision: run `challenge rollback` without --to to list them.',
      });
    }
    if (target.revision === revision) {
      throw new ChallengeError(`The service already runs ${family}:${revision}.`, {
        code: 'ALREADY_CURRENT',
        hint: 'Pick an earlier revision with --to, or nothing needs to be done.',
      });
    }
  } else {
    target = recent[0];
    if (!target) {
      throw new ChallengeError(`${family} has no ACTIVE revision before ${revision} to roll back to.`, {
        code: 'NO_PREVIOUS_REVISION',
        hint: 'Ship the fix forward instead: `challenge ship app` then `challenge approve --follow`.',
      });
    }
  }
  // Before anything starts: the target's image must still be in ECR (its tasks could not start otherwise).
  await assertImageInEcr(clients, target.image, `${target.family}:${target.revision}`);
  const strip = ({
    status: _status,
    ...rest
  }: TaskRevision & { status?: string | undefined }): TaskRevision => rest;
  return {
    cluster: options.cluster,
    service: options.service,
    current: strip(current),
    target: strip(target),
    recent: recent.map(strip),
  };
}

/** Points the service at the plan's target revision; returns the deployment ECS started for it. */
export async function startRollback(clients: AwsClients, plan: RollbackPlan): Promise<string | undefined> {
  const { UpdateServiceCommand } = await import('@aws-sdk/client-ecs');
  const { service } = await (await clients.ecs()).send(
    new UpdateServiceCommand({
      cluster: plan.cluster,
      service: plan.service,
      taskDefinition: plan.target.arn,
    }),
  );
  return service?.deployments?.find((d) => d.status === 'PRIMARY')?.id;
}
