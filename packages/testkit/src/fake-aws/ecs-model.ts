/** The state behind the fake ECS: what a test scripts, in ECS's own terms. */

export type EcsRolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface FakeEcsDeployment {
  /** "ecs-svc/<digits>", as ECS names deployments; tasks of the deployment have it as startedBy. */
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  rolloutState: EcsRolloutState;
  rolloutStateReason?: string;
  runningCount: number;
  desiredCount: number;
  pendingCount?: number;
  failedTasks?: number;
  /** Task definition ARN or family:revision (default: the service's). */
  taskDefinition?: string;
  createdAt?: Date;
  updatedAt?: Date;
}

export interface FakeEcsEvent {
  id?: string;
  createdAt: Date;
  message: string;
}

/** A task set of a CODE_DEPLOY service: CodeDeploy's blue (PRIMARY, serving production) or green (ACTIVE). */
export interface FakeEcsTaskSet {
  /** "ecs-svc/<digits>"; tasks of the set have it as startedBy. */
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'DRAINING';
  /** Task definition ARN or family:revision. */
  taskDefinition: string;
  /** The target group the set's tasks register in. */
  targetGroupArn: string;
  computedDesiredCount: number;
  runningCount: number;
  pendingCount?: number;
  stabilityStatus: 'STEADY_STATE' | 'STABILIZING';
  /** The CodeDeploy deployment that created it. */
  externalId?: string;
  createdAt?: Date;
}

export interface FakeEcsService {
  cluster: string;
  serviceName: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  /** ECS deployments (deployment controller ECS); a CODE_DEPLOY service has none, as in AWS. */
  deployments: FakeEcsDeployment[];
  /** ECS (default: rolling deployments) or CODE_DEPLOY (blue/green: task sets instead of deployments). */
  deploymentController?: 'ECS' | 'CODE_DEPLOY';
  /** CODE_DEPLOY only: the task sets CodeDeploy made. */
  taskSets?: FakeEcsTaskSet[];
  /** Task definition ARN or family:revision (default: the PRIMARY deployment's). */
  taskDefinition?: string;
  /** Service events, newest first (as DescribeServices lists them). */
  events?: FakeEcsEvent[];
  /** The ALB target group the service registers its tasks in. */
  targetGroupArn?: string;
  containerName?: string;
  containerPort?: number;
  /** Deployment circuit breaker with rollback (default on, as the stack configures it). */
  circuitBreaker?: boolean;
  /** ECS Exec for the tasks it starts from now on (enableExecuteCommand; default false, as ECS's). */
  enableExecuteCommand?: boolean;
}

export interface FakeEcsContainer {
  name: string;
  image?: string;
  lastStatus?: 'PENDING' | 'RUNNING' | 'STOPPED';
  exitCode?: number;
  reason?: string;
  containerPort?: number;
  /** Host port of a bridge-mode binding (what the target group registers). */
  hostPort?: number;
  /** Docker's id of the container (default: derived from the task id and the container's position). */
  runtimeId?: string;
  /** Tasks with ECS Exec: the ExecuteCommandAgent's lastStatus (default RUNNING). */
  execAgentStatus?: 'PENDING' | 'RUNNING' | 'STOPPED';
}

export interface FakeEcsTask {
  id: string;
  cluster: string;
  /** Task definition ARN or family:revision. */
  taskDefinition: string;
  lastStatus: 'PROVISIONING' | 'PENDING' | 'ACTIVATING' | 'RUNNING' | 'DEACTIVATING' | 'STOPPING' | 'STOPPED';
  desiredStatus: 'RUNNING' | 'STOPPED';
  /** The service that runs it (group "service:<name>"). */
  service?: string;
  /** The deployment that started it. */
  startedBy?: string;
  containerInstanceId?: string;
  containers: FakeEcsContainer[];
  stoppedReason?: string;
  stopCode?:
    | 'TaskFailedToStart'
    | 'EssentialContainerExited'
    | 'UserInitiated'
    | 'ServiceSchedulerInitiated'
    | 'SpotInterruption'
    | 'TerminationNotice';
  createdAt?: Date;
  startedAt?: Date;
  stoppedAt?: Date;
  /** Started with ECS Exec (the service's flag when it started; default false). */
  enableExecuteCommand?: boolean;
}

export interface FakeEcsContainerDefinition {
  name: string;
  image: string;
  containerPort?: number;
  /** Soft memory limit in MiB (default 256). */
  memoryReservation?: number;
  environment?: Record<string, string>;
  /** awslogs group; the stream prefix is "app". */
  logGroup?: string;
}

export interface FakeEcsTaskDefinition {
  family: string;
  revision: number;
  status?: 'ACTIVE' | 'INACTIVE';
  containers: FakeEcsContainerDefinition[];
  registeredAt?: Date;
  tags?: Record<string, string>;
}

export interface FakeContainerInstance {
  id: string;
  cluster: string;
  ec2InstanceId: string;
}

export interface EcsUpdate {
  cluster: string;
  service: string;
  taskDefinition: string | undefined;
  desiredCount: number | undefined;
  deploymentId: string | undefined;
}

/** One ExecuteCommand the fake accepted, with the session it answered. */
export interface EcsExecution {
  cluster: string;
  task: string;
  container: string;
  command: string;
  interactive: boolean;
  session: { sessionId: string; streamUrl: string; tokenValue: string };
}

export interface EcsScenario {
  services: FakeEcsService[];
  /** Clusters that exist (default: the clusters of the services). */
  clusters?: string[];
  tasks?: FakeEcsTask[];
  taskDefinitions?: FakeEcsTaskDefinition[];
  containerInstances?: FakeContainerInstance[];
  /** Every UpdateService the fake accepted. */
  updates?: EcsUpdate[];
  /** Every ExecuteCommand the fake accepted; its length numbers the next session. */
  executions?: EcsExecution[];
  /** ExecuteCommand answers AccessDeniedException (the caller lacks ecs:ExecuteCommand). */
  executeCommandDenied?: boolean;
  describeServicesCalls?: number;
  /** Runs on every DescribeServices, before the answer (e.g. a rollout progresses). */
  onDescribeServices?: (scenario: EcsScenario, calls: number) => void;
  /** Runs after an accepted UpdateService (e.g. script how the new deployment goes). */
  onUpdateService?: (
    scenario: EcsScenario,
    service: FakeEcsService,
    deployment: FakeEcsDeployment | undefined,
  ) => void;
}

export const ECS_ACCOUNT = '123456789012';

export function taskDefinitionArn(region: string, family: string, revision: number): string {
  return `arn:aws:ecs:${region}:${ECS_ACCOUNT}:task-definition/${family}:${revision}`;
}

/** "family:revision" of an ARN, a family:revision or a bare family (then revision is undefined). */
export function parseTaskDefinition(identifier: string): { family: string; revision: number | undefined } {
  const name = identifier.includes('task-definition/')
    ? (identifier.split('task-definition/')[1] ?? '')
    : identifier;
  const [family = '', revision] = name.split(':');
  return { family, revision: revision === undefined ? undefined : Number(revision) };
}

/** The deployment a service's scheduler would start: PRIMARY, IN_PROGRESS, nothing running yet. */
export function newDeployment(
  service: FakeEcsService,
  taskDefinition: string,
  now = new Date(),
): FakeEcsDeployment {
  const id = `ecs-svc/${String(now.getTime()).padStart(13, '0')}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  for (const deployment of service.deployments) {
    if (deployment.status === 'PRIMARY') deployment.status = 'ACTIVE';
  }
  const deployment: FakeEcsDeployment = {
    id,
    status: 'PRIMARY',
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: `ECS deployment ${id} in progress.`,
    runningCount: 0,
    desiredCount: service.desiredCount,
    pendingCount: 0,
    failedTasks: 0,
    taskDefinition,
    createdAt: now,
    updatedAt: now,
  };
  service.deployments.unshift(deployment);
  service.taskDefinition = taskDefinition;
  return deployment;
}

/** The PRIMARY deployment reaches steady state: its tasks run, older deployments are gone. */
export function completeDeployment(service: FakeEcsService, now = new Date()): void {
  const primary = service.deployments.find((d) => d.status === 'PRIMARY');
  if (!primary) return;
  primary.runningCount = primary.desiredCount;
  primary.pendingCount = 0;
  primary.rolloutState = 'COMPLETED';
  primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`;
  primary.updatedAt = now;
  service.deployments = [primary];
  service.runningCount = primary.desiredCount;
  service.pendingCount = 0;
  service.events = [
    {
      id: `evt-${now.getTime()}`,
      createdAt: now,
      message: `(service ${service.serviceName}) has reached a steady state.`,
    },
    ...(service.events ?? []),
  ];
}
