import { createHash } from 'node:crypto';
import {
  ECS_ACCOUNT,
  type EcsScenario,
  type FakeContainerInstance,
  type FakeEcsService,
  type FakeEcsTask,
  type FakeEcsTaskDefinition,
  type FakeEcsTaskSet,
  newDeployment,
  parseTaskDefinition,
  taskDefinitionArn,
} from './ecs-model.js';
import { jsonError, jsonResult } from './responses.js';
import type { FakeAwsRequest, FakeAwsResponse, ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';

export * from './ecs-model.js';

const seconds = (date: Date | undefined) => (date ?? new Date(1_700_000_000_000)).getTime() / 1000;

function clusterArn(region: string, cluster: string): string {
  return `arn:aws:ecs:${region}:${ECS_ACCOUNT}:cluster/${cluster}`;
}

function taskArn(region: string, task: FakeEcsTask): string {
  return `arn:aws:ecs:${region}:${ECS_ACCOUNT}:task/${task.cluster}/${task.id}`;
}

function containerInstanceArn(region: string, instance: { cluster: string; id: string }): string {
  return `arn:aws:ecs:${region}:${ECS_ACCOUNT}:container-instance/${instance.cluster}/${instance.id}`;
}

/** Last segment of an ARN, or the identifier itself. */
const shortId = (identifier: string) => identifier.split('/').pop() ?? identifier;

/** `cluster` as ECS takes it: a name or an ARN; default "default". */
function clusterName(request: FakeAwsRequest): string {
  return shortId(String(request.json?.['cluster'] ?? 'default'));
}

function clusterExists(scenario: EcsScenario, cluster: string): boolean {
  return (scenario.clusters ?? scenario.services.map((s) => s.cluster)).includes(cluster);
}

const clusterNotFound = () => jsonError(400, 'ClusterNotFoundException', 'Cluster not found.');
const serviceNotFound = () => jsonError(400, 'ServiceNotFoundException', 'Service not found.');

function resolveTaskDefinition(scenario: EcsScenario, identifier: string): FakeEcsTaskDefinition | undefined {
  const { family, revision } = parseTaskDefinition(identifier);
  const ofFamily = (scenario.taskDefinitions ?? []).filter((d) => d.family === family);
  if (revision !== undefined) return ofFamily.find((d) => d.revision === revision);
  return ofFamily
    .filter((d) => (d.status ?? 'ACTIVE') === 'ACTIVE')
    .sort((a, b) => b.revision - a.revision)[0];
}

/** A task definition identifier as the ARN ECS reports (family:revision kept when unknown). */
function arnOf(region: string, identifier: string | undefined): string | undefined {
  if (!identifier) return undefined;
  if (identifier.startsWith('arn:')) return identifier;
  const { family, revision } = parseTaskDefinition(identifier);
  return revision === undefined ? identifier : taskDefinitionArn(region, family, revision);
}

function taskSetShape(region: string, service: FakeEcsService, set: FakeEcsTaskSet) {
  const serviceArn = `arn:aws:ecs:${region}:${ECS_ACCOUNT}:service/${service.cluster}/${service.serviceName}`;
  return {
    id: set.id,
    taskSetArn: `arn:aws:ecs:${region}:${ECS_ACCOUNT}:task-set/${service.cluster}/${service.serviceName}/${set.id}`,
    serviceArn,
    clusterArn: clusterArn(region, service.cluster),
    startedBy: 'CodeDeploy',
    ...(set.externalId ? { externalId: set.externalId } : {}),
    status: set.status,
    taskDefinition: arnOf(region, set.taskDefinition) ?? set.taskDefinition,
    computedDesiredCount: set.computedDesiredCount,
    pendingCount: set.pendingCount ?? 0,
    runningCount: set.runningCount,
    createdAt: seconds(set.createdAt),
    updatedAt: seconds(set.createdAt),
    launchType: 'EC2',
    loadBalancers: [
      {
        targetGroupArn: set.targetGroupArn,
        containerName: service.containerName ?? 'app',
        containerPort: service.containerPort ?? 8000,
      },
    ],
    serviceRegistries: [],
    scale: { value: 100, unit: 'PERCENT' },
    stabilityStatus: set.stabilityStatus,
    stabilityStatusAt: seconds(set.createdAt),
    tags: [],
  };
}

function serviceShape(region: string, service: FakeEcsService) {
  const codeDeploy = service.deploymentController === 'CODE_DEPLOY';
  const primary = service.deployments.find((d) => d.status === 'PRIMARY');
  const primarySet = service.taskSets?.find((set) => set.status === 'PRIMARY');
  const taskDefinition = arnOf(
    region,
    service.taskDefinition ?? primary?.taskDefinition ?? primarySet?.taskDefinition,
  );
  // Terraform sets the circuit breaker on rolling services only.
  const breaker = service.circuitBreaker ?? !codeDeploy;
  return {
    serviceArn: `arn:aws:ecs:${region}:${ECS_ACCOUNT}:service/${service.cluster}/${service.serviceName}`,
    serviceName: service.serviceName,
    clusterArn: clusterArn(region, service.cluster),
    loadBalancers: service.targetGroupArn
      ? [
          {
            targetGroupArn: service.targetGroupArn,
            containerName: service.containerName ?? 'app',
            containerPort: service.containerPort ?? 8000,
          },
        ]
      : [],
    serviceRegistries: [],
    status: 'ACTIVE',
    desiredCount: service.desiredCount,
    runningCount: service.runningCount,
    pendingCount: service.pendingCount,
    launchType: 'EC2',
    ...(taskDefinition ? { taskDefinition } : {}),
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: breaker, rollback: breaker },
      maximumPercent: 200,
      minimumHealthyPercent: 50,
    },
    // AWS: a CODE_DEPLOY service reports task sets, and its deployments list is empty.
    ...(codeDeploy
      ? { taskSets: (service.taskSets ?? []).map((set) => taskSetShape(region, service, set)) }
      : {}),
    deployments: (codeDeploy ? [] : service.deployments).map((d) => ({
      id: d.id,
      status: d.status,
      ...(arnOf(region, d.taskDefinition ?? service.taskDefinition)
        ? { taskDefinition: arnOf(region, d.taskDefinition ?? service.taskDefinition) }
        : {}),
      desiredCount: d.desiredCount,
      pendingCount: d.pendingCount ?? 0,
      runningCount: d.runningCount,
      failedTasks: d.failedTasks ?? 0,
      createdAt: seconds(d.createdAt),
      updatedAt: seconds(d.updatedAt ?? d.createdAt),
      launchType: 'EC2',
      rolloutState: d.rolloutState,
      ...(d.rolloutStateReason ? { rolloutStateReason: d.rolloutStateReason } : {}),
    })),
    roleArn: `arn:aws:iam::${ECS_ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
    events: (service.events ?? []).map((event, index) => ({
      id: event.id ?? `event-${service.serviceName}-${(service.events?.length ?? 0) - index}`,
      createdAt: seconds(event.createdAt),
      message: event.message,
    })),
    createdAt: 1_700_000_000,
    placementConstraints: [],
    placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
    healthCheckGracePeriodSeconds: 30,
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: service.deploymentController ?? 'ECS' },
    createdBy: `arn:aws:iam::${ECS_ACCOUNT}:role/terraform`,
    enableECSManagedTags: false,
    propagateTags: 'NONE',
    enableExecuteCommand: service.enableExecuteCommand ?? false,
    availabilityZoneRebalancing: 'DISABLED',
  };
}

/** Docker's 64-hex container id, stable for a task's container. */
function runtimeIdOf(task: FakeEcsTask, index: number): string {
  return (
    task.containers[index]?.runtimeId ?? createHash('sha256').update(`${task.id}/${index}`).digest('hex')
  );
}

function taskShape(region: string, task: FakeEcsTask) {
  const arn = taskArn(region, task);
  return {
    attachments: [],
    attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
    availabilityZone: `${region}a`,
    clusterArn: clusterArn(region, task.cluster),
    connectivity: 'CONNECTED',
    connectivityAt: seconds(task.createdAt),
    ...(task.containerInstanceId
      ? {
          containerInstanceArn: containerInstanceArn(region, {
            cluster: task.cluster,
            id: task.containerInstanceId,
          }),
        }
      : {}),
    containers: task.containers.map((container, index) => ({
      containerArn: `arn:aws:ecs:${region}:${ECS_ACCOUNT}:container/${task.cluster}/${task.id}/${index}`,
      taskArn: arn,
      name: container.name,
      ...(container.image ? { image: container.image } : {}),
      runtimeId: runtimeIdOf(task, index),
      lastStatus: container.lastStatus ?? (task.lastStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING'),
      ...(container.exitCode !== undefined ? { exitCode: container.exitCode } : {}),
      ...(container.reason ? { reason: container.reason } : {}),
      networkBindings:
        container.hostPort !== undefined
          ? [
              {
                bindIP: '0.0.0.0',
                containerPort: container.containerPort ?? 8000,
                hostPort: container.hostPort,
                protocol: 'tcp',
              },
            ]
          : [],
      networkInterfaces: [],
      healthStatus: 'UNKNOWN',
      // ECS reports the exec agent of each container of a task started with ECS Exec.
      ...(task.enableExecuteCommand
        ? {
            managedAgents: [
              {
                name: 'ExecuteCommandAgent',
                lastStatus: execAgentStatus(task, container.execAgentStatus),
                ...(task.startedAt ? { lastStartedAt: seconds(task.startedAt) } : {}),
              },
            ],
          }
        : {}),
      cpu: '0',
      memoryReservation: '256',
    })),
    cpu: '0',
    createdAt: seconds(task.createdAt),
    desiredStatus: task.desiredStatus,
    enableExecuteCommand: task.enableExecuteCommand ?? false,
    ...(task.service ? { group: `service:${task.service}` } : {}),
    healthStatus: 'UNKNOWN',
    lastStatus: task.lastStatus,
    launchType: 'EC2',
    overrides: {
      containerOverrides: task.containers.map((c) => ({ name: c.name })),
      inferenceAcceleratorOverrides: [],
    },
    ...(task.startedAt ? { startedAt: seconds(task.startedAt) } : {}),
    ...(task.startedBy ? { startedBy: task.startedBy } : {}),
    ...(task.stopCode ? { stopCode: task.stopCode } : {}),
    ...(task.stoppedAt ? { stoppedAt: seconds(task.stoppedAt), stoppingAt: seconds(task.stoppedAt) } : {}),
    ...(task.stoppedReason ? { stoppedReason: task.stoppedReason } : {}),
    tags: [],
    taskArn: arn,
    taskDefinitionArn: arnOf(region, task.taskDefinition) ?? task.taskDefinition,
    version: task.lastStatus === 'STOPPED' ? 5 : 3,
  };
}

function execAgentStatus(task: FakeEcsTask, status: string | undefined): string {
  if (task.lastStatus === 'STOPPED') return 'STOPPED';
  return status ?? (task.lastStatus === 'RUNNING' ? 'RUNNING' : 'PENDING');
}

/** ExecuteCommand, as ECS checks it: the task runs, was started with exec, its agent runs, one container. */
function executeCommand(scenario: EcsScenario, request: FakeAwsRequest): FakeAwsResponse {
  const body = request.json ?? {};
  const cluster = clusterName(request);
  if (!clusterExists(scenario, cluster)) return clusterNotFound();
  if (scenario.executeCommandDenied) {
    return jsonError(
      400,
      'AccessDeniedException',
      `User: arn:aws:iam::${ECS_ACCOUNT}:user/dev is not authorized to perform: ecs:ExecuteCommand on resource: arn:aws:ecs:${request.region}:${ECS_ACCOUNT}:task/${cluster}/${shortId(String(body['task'] ?? ''))} because no identity-based policy allows the ecs:ExecuteCommand action`,
    );
  }
  if (body['interactive'] !== true) {
    return jsonError(400, 'InvalidParameterException', 'Interactive is the only mode supported currently.');
  }
  const task = (scenario.tasks ?? []).find(
    (t) => t.cluster === cluster && t.id === shortId(String(body['task'] ?? '')),
  );
  if (!task) return jsonError(400, 'InvalidParameterException', 'The specified task is not found.');
  const name = typeof body['container'] === 'string' ? body['container'] : undefined;
  if (name === undefined && task.containers.length > 1) {
    return jsonError(
      400,
      'InvalidParameterException',
      'Container name must be specified since the task has multiple containers.',
    );
  }
  const index = name === undefined ? 0 : task.containers.findIndex((c) => c.name === name);
  const container = task.containers[index];
  if (!container) return jsonError(400, 'InvalidParameterException', 'The specified container is not found.');
  if (
    task.lastStatus !== 'RUNNING' ||
    !task.enableExecuteCommand ||
    execAgentStatus(task, container.execAgentStatus) !== 'RUNNING'
  ) {
    return jsonError(
      400,
      'InvalidParameterException',
      'The execute command failed because execute command was not enabled when the task was run or the execute command agent isn’t running. Wait and try again or run a new task with execute command enabled and try again.',
    );
  }
  scenario.executions ??= [];
  const sessionId = `ecs-execute-command-${String(scenario.executions.length + 1).padStart(17, '0')}`;
  const session = {
    sessionId,
    streamUrl: `wss://ssmmessages.${request.region}.amazonaws.com/v1/data-channel/${sessionId}?role=publish_subscribe&cell-number=AAEAAQ`,
    tokenValue: createHash('sha256').update(`token/${sessionId}`).digest('base64'),
  };
  scenario.executions.push({
    cluster,
    task: task.id,
    container: container.name,
    command: String(body['command'] ?? ''),
    interactive: true,
    session,
  });
  const taskArnOf = taskArn(request.region, task);
  return jsonResult({
    clusterArn: clusterArn(request.region, cluster),
    containerArn: `arn:aws:ecs:${request.region}:${ECS_ACCOUNT}:container/${cluster}/${task.id}/${index}`,
    containerName: container.name,
    interactive: true,
    session,
    taskArn: taskArnOf,
  });
}

function taskDefinitionShape(region: string, definition: FakeEcsTaskDefinition) {
  return {
    taskDefinitionArn: taskDefinitionArn(region, definition.family, definition.revision),
    containerDefinitions: definition.containers.map((container) => ({
      name: container.name,
      image: container.image,
      cpu: 0,
      memoryReservation: container.memoryReservation ?? 256,
      portMappings: [{ containerPort: container.containerPort ?? 8000, hostPort: 0, protocol: 'tcp' }],
      essential: true,
      environment: Object.entries(container.environment ?? {}).map(([name, value]) => ({ name, value })),
      mountPoints: [],
      volumesFrom: [],
      ...(container.logGroup
        ? {
            logConfiguration: {
              logDriver: 'awslogs',
              options: {
                'awslogs-group': container.logGroup,
                'awslogs-region': region,
                'awslogs-stream-prefix': 'app',
              },
              secretOptions: [],
            },
          }
        : {}),
      systemControls: [],
    })),
    family: definition.family,
    taskRoleArn: `arn:aws:iam::${ECS_ACCOUNT}:role/${definition.family}-task`,
    executionRoleArn: `arn:aws:iam::${ECS_ACCOUNT}:role/${definition.family}-execution`,
    networkMode: 'bridge',
    revision: definition.revision,
    volumes: [],
    status: definition.status ?? 'ACTIVE',
    requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' }],
    placementConstraints: [],
    compatibilities: ['EXTERNAL', 'EC2'],
    requiresCompatibilities: ['EC2'],
    registeredAt: seconds(definition.registeredAt),
    registeredBy: `arn:aws:iam::${ECS_ACCOUNT}:role/codepipeline`,
  };
}

function containerInstanceShape(region: string, scenario: EcsScenario, instance: FakeContainerInstance) {
  const tasks = (scenario.tasks ?? []).filter((t) => t.containerInstanceId === instance.id);
  return {
    containerInstanceArn: containerInstanceArn(region, instance),
    ec2InstanceId: instance.ec2InstanceId,
    version: 12,
    versionInfo: { agentVersion: '1.89.2', agentHash: 'f1b6a4a1', dockerVersion: 'DockerVersion: 25.0.8' },
    remainingResources: [],
    registeredResources: [],
    status: 'ACTIVE',
    agentConnected: true,
    runningTasksCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingTasksCount: tasks.filter((t) => t.lastStatus === 'PENDING').length,
    attributes: [],
    registeredAt: 1_700_000_000,
    attachments: [],
    tags: [],
  };
}

function page<T>(items: T[], body: Record<string, unknown>) {
  const max = typeof body['maxResults'] === 'number' ? body['maxResults'] : 100;
  const start = typeof body['nextToken'] === 'string' ? Number(body['nextToken']) : 0;
  return {
    slice: items.slice(start, start + max),
    nextToken: start + max < items.length ? String(start + max) : undefined,
  };
}

function findService(
  scenario: EcsScenario,
  request: FakeAwsRequest,
  name: string,
): FakeAwsResponse | FakeEcsService {
  const cluster = clusterName(request);
  if (!clusterExists(scenario, cluster)) return clusterNotFound();
  const service = scenario.services.find((s) => s.cluster === cluster && s.serviceName === shortId(name));
  return service ?? serviceNotFound();
}

const isResponse = (value: unknown): value is FakeAwsResponse =>
  typeof value === 'object' && value !== null && 'status' in value && !('serviceName' in value);

const ECS = defineFakeService<EcsScenario>({
  model: 'ecs',
  signingName: 'ecs',
  protocol: 'json',
  operations: {
    DescribeServices: (scenario, request) => {
      scenario.describeServicesCalls = (scenario.describeServicesCalls ?? 0) + 1;
      scenario.onDescribeServices?.(scenario, scenario.describeServicesCalls);
      const cluster = clusterName(request);
      if (!clusterExists(scenario, cluster)) return clusterNotFound();
      const names = ((request.json?.['services'] as string[] | undefined) ?? []).map(shortId);
      const found = scenario.services.filter((s) => s.cluster === cluster && names.includes(s.serviceName));
      return jsonResult({
        services: found.map((s) => serviceShape(request.region, s)),
        failures: names
          .filter((name) => !found.some((s) => s.serviceName === name))
          .map((name) => ({
            arn: `arn:aws:ecs:${request.region}:${ECS_ACCOUNT}:service/${cluster}/${name}`,
            reason: 'MISSING',
          })),
      });
    },
    UpdateService: (scenario, request) => {
      const body = request.json ?? {};
      const service = findService(scenario, request, String(body['service'] ?? ''));
      if (isResponse(service)) return service;
      const requested = typeof body['taskDefinition'] === 'string' ? body['taskDefinition'] : undefined;
      if (service.deploymentController === 'CODE_DEPLOY' && requested !== undefined) {
        return jsonError(
          400,
          'InvalidParameterException',
          'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.',
        );
      }
      let arn: string | undefined;
      if (requested !== undefined) {
        const definition = resolveTaskDefinition(scenario, requested);
        if (!definition) return jsonError(400, 'ClientException', 'TaskDefinition not found.');
        if ((definition.status ?? 'ACTIVE') !== 'ACTIVE')
          return jsonError(400, 'ClientException', 'TaskDefinition is inactive');
        arn = taskDefinitionArn(request.region, definition.family, definition.revision);
      }
      if (typeof body['desiredCount'] === 'number') service.desiredCount = body['desiredCount'];
      const current = arnOf(request.region, service.taskDefinition);
      const deployment =
        (arn !== undefined && arn !== current) || body['forceNewDeployment'] === true
          ? newDeployment(service, arn ?? current ?? '')
          : undefined;
      scenario.updates ??= [];
      scenario.updates.push({
        cluster: service.cluster,
        service: service.serviceName,
        taskDefinition: arn,
        desiredCount: typeof body['desiredCount'] === 'number' ? body['desiredCount'] : undefined,
        deploymentId: deployment?.id,
      });
      scenario.onUpdateService?.(scenario, service, deployment);
      return jsonResult({ service: serviceShape(request.region, service) });
    },
    ListTasks: (scenario, request) => {
      const body = request.json ?? {};
      const cluster = clusterName(request);
      if (!clusterExists(scenario, cluster)) return clusterNotFound();
      const serviceName = typeof body['serviceName'] === 'string' ? shortId(body['serviceName']) : undefined;
      if (
        serviceName &&
        !scenario.services.some((s) => s.cluster === cluster && s.serviceName === serviceName)
      ) {
        return serviceNotFound();
      }
      const desired = typeof body['desiredStatus'] === 'string' ? body['desiredStatus'] : 'RUNNING';
      const tasks = (scenario.tasks ?? []).filter(
        (t) =>
          t.cluster === cluster &&
          (serviceName === undefined || t.service === serviceName) &&
          t.desiredStatus === desired &&
          (body['startedBy'] === undefined || t.startedBy === body['startedBy']) &&
          (body['family'] === undefined || parseTaskDefinition(t.taskDefinition).family === body['family']),
      );
      const { slice, nextToken } = page(tasks, body);
      return jsonResult({
        taskArns: slice.map((t) => taskArn(request.region, t)),
        ...(nextToken ? { nextToken } : {}),
      });
    },
    DescribeTasks: (scenario, request) => {
      const cluster = clusterName(request);
      if (!clusterExists(scenario, cluster)) return clusterNotFound();
      const ids = (request.json?.['tasks'] as string[] | undefined) ?? [];
      if (ids.length === 0) return jsonError(400, 'InvalidParameterException', 'Tasks cannot be empty.');
      const found = ids.map((id) =>
        (scenario.tasks ?? []).find((t) => t.cluster === cluster && t.id === shortId(id)),
      );
      return jsonResult({
        tasks: found
          .filter((t): t is FakeEcsTask => t !== undefined)
          .map((t) => taskShape(request.region, t)),
        failures: ids
          .filter((_, index) => found[index] === undefined)
          .map((id) => ({
            arn: id.startsWith('arn:')
              ? id
              : `arn:aws:ecs:${request.region}:${ECS_ACCOUNT}:task/${cluster}/${id}`,
            reason: 'MISSING',
          })),
      });
    },
    DescribeTaskDefinition: (scenario, request) => {
      const definition = resolveTaskDefinition(scenario, String(request.json?.['taskDefinition'] ?? ''));
      if (!definition) return jsonError(400, 'ClientException', 'Unable to describe task definition.');
      const include = (request.json?.['include'] as string[] | undefined) ?? [];
      return jsonResult({
        taskDefinition: taskDefinitionShape(request.region, definition),
        ...(include.includes('TAGS')
          ? { tags: Object.entries(definition.tags ?? {}).map(([key, value]) => ({ key, value })) }
          : {}),
      });
    },
    ListTaskDefinitions: (scenario, request) => {
      const body = request.json ?? {};
      const status = typeof body['status'] === 'string' ? body['status'] : 'ACTIVE';
      const prefix = typeof body['familyPrefix'] === 'string' ? body['familyPrefix'] : undefined;
      const sorted = (scenario.taskDefinitions ?? [])
        .filter((d) => (d.status ?? 'ACTIVE') === status && (prefix === undefined || d.family === prefix))
        .sort((a, b) => a.family.localeCompare(b.family) || a.revision - b.revision);
      if (body['sort'] === 'DESC') sorted.reverse();
      const { slice, nextToken } = page(sorted, body);
      return jsonResult({
        taskDefinitionArns: slice.map((d) => taskDefinitionArn(request.region, d.family, d.revision)),
        ...(nextToken ? { nextToken } : {}),
      });
    },
    ExecuteCommand: executeCommand,
    DescribeContainerInstances: (scenario, request) => {
      const cluster = clusterName(request);
      if (!clusterExists(scenario, cluster)) return clusterNotFound();
      const ids = (request.json?.['containerInstances'] as string[] | undefined) ?? [];
      const found = ids.map((id) =>
        (scenario.containerInstances ?? []).find((i) => i.cluster === cluster && i.id === shortId(id)),
      );
      return jsonResult({
        containerInstances: found
          .filter((i): i is FakeContainerInstance => i !== undefined)
          .map((i) => containerInstanceShape(request.region, scenario, i)),
        failures: ids
          .filter((_, index) => found[index] === undefined)
          .map((id) => ({
            arn: id.startsWith('arn:') ? id : containerInstanceArn(request.region, { cluster, id }),
            reason: 'MISSING',
          })),
      });
    },
  },
});

/**
 * ECS (awsJson1_1, AmazonEC2ContainerServiceV20141113): DescribeServices (deployments, events, `failures`
 * for unknown services), UpdateService (a new PRIMARY deployment), ListTasks / DescribeTasks (stopped tasks
 * with their reasons and exit codes; the ExecuteCommandAgent of tasks started with ECS Exec), DescribeTaskDefinition,
 * ListTaskDefinitions, DescribeContainerInstances, ExecuteCommand (a session per call, recorded in `executions`).
 * Takes a scenario, or just the services.
 */
export function ecsHandler(scenario: EcsScenario | FakeEcsService[]): ServiceHandler {
  return ECS.handler(Array.isArray(scenario) ? { services: scenario } : scenario);
}
