/** The CodeDeploy account a test scripts: ECS blue/green deployment groups and their deployments. */

export type CodeDeployStatus =
  | 'Created'
  | 'Queued'
  | 'InProgress'
  | 'Baking'
  | 'Succeeded'
  | 'Failed'
  | 'Stopped'
  | 'Ready';

export type LifecycleEventStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped' | 'Unknown';

/** The lifecycle events of an ECS blue/green deployment, in the order CodeDeploy runs them. */
export const ECS_LIFECYCLE_EVENTS = [
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic',
] as const;
export type EcsLifecycleEvent = (typeof ECS_LIFECYCLE_EVENTS)[number];

export interface FakeTaskSet {
  /** Blue: the original task set; Green: the replacement. */
  label: 'Blue' | 'Green';
  targetGroup: string;
  desired: number;
  running: number;
  pending?: number;
  /** Percent of production traffic (0-100). */
  trafficWeight: number;
  status?: 'PRIMARY' | 'ACTIVE' | 'DRAINING';
}

export interface FakeCodeDeployDeployment {
  /** d- and nine upper-case letters or digits. */
  id: string;
  applicationName: string;
  deploymentGroupName: string;
  status: CodeDeployStatus;
  createTime?: Date;
  completeTime?: Date;
  /** Lifecycle events that have started (the others are Pending). */
  lifecycle?: Partial<Record<EcsLifecycleEvent, LifecycleEventStatus>>;
  taskSets?: FakeTaskSet[];
  error?: { code: string; message: string };
  rollback?: {
    rollbackDeploymentId?: string;
    rollbackTriggeringDeploymentId?: string;
    rollbackMessage?: string;
  };
  /** The original (blue) tasks are waiting out terminate_blue_after_minutes. */
  terminationWaitStarted?: boolean;
  creator?: 'user' | 'codeDeployRollback' | 'CodeDeploy';
  description?: string;
  /** The AppSpec it deploys (CreateDeployment's AppSpecContent). */
  appSpecContent?: string;
  statusMessages?: string[];
}

export interface FakeDeploymentGroup {
  applicationName: string;
  deploymentGroupName: string;
  /** The ECS service the group deploys: its target id is "cluster:service". */
  cluster: string;
  service: string;
}

export interface CodeDeployScenario {
  groups: FakeDeploymentGroup[];
  deployments: FakeCodeDeployDeployment[];
  /** Runs before every GetDeployment answer, with how many there were: a test moves deployments along here. */
  onGetDeployment?: (scenario: CodeDeployScenario, calls: number) => void;
  getDeploymentCalls?: number;
  /** What ContinueDeployment and StopDeployment were asked, in order (the fake records them). */
  continued?: Array<{ deploymentId: string; waitType: string }>;
  stopped?: Array<{ deploymentId: string; autoRollbackEnabled: boolean }>;
}

export const TERMINAL_STATUSES: ReadonlySet<CodeDeployStatus> = new Set(['Succeeded', 'Failed', 'Stopped']);

let counter = 0;

/** A new deployment id in CodeDeploy's format (d-XXXXXXXXX). */
export function newDeploymentId(): string {
  counter += 1;
  return `d-${(Date.now().toString(36) + counter.toString(36)).toUpperCase().padStart(9, '0').slice(-9)}`;
}

/** Marks every lifecycle event up to and including `event` Succeeded, and `next` (if any) InProgress. */
export function advanceLifecycle(
  deployment: FakeCodeDeployDeployment,
  done: EcsLifecycleEvent | undefined,
  next?: EcsLifecycleEvent,
): void {
  deployment.lifecycle ??= {};
  const last = done ? ECS_LIFECYCLE_EVENTS.indexOf(done) : -1;
  ECS_LIFECYCLE_EVENTS.forEach((event, index) => {
    if (index <= last) deployment.lifecycle![event] = 'Succeeded';
  });
  if (next) deployment.lifecycle[next] = 'InProgress';
}

/** The deployment succeeded: traffic on green, blue gone. */
export function succeedDeployment(deployment: FakeCodeDeployDeployment): void {
  advanceLifecycle(deployment, 'AfterAllowTraffic');
  deployment.status = 'Succeeded';
  deployment.completeTime = new Date();
  deployment.terminationWaitStarted = true;
  deployment.taskSets = (deployment.taskSets ?? []).filter((set) => set.label === 'Green');
}
