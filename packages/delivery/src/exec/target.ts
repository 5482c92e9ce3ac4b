import { ChallengeError } from '@challenge/infra';
import type { AwsClients } from '../aws/clients.js';
import { describeTask, type ExecContainer, type ExecTask, runningTasks } from './tasks.js';

/** Where `challenge exec` runs: the env's service, and optionally a task and a container. */
export interface ExecWhere {
  envName: string;
  cluster: string;
  service: string;
  /** Task id or ARN (default: the newest RUNNING task, or the one `choose` picks). */
  task?: string | undefined;
  /** Container name (default: the one the service's load balancer routes to, else the task's first). */
  container?: string | undefined;
  /** Picks among several RUNNING tasks (a prompt in a terminal); without it the newest is taken. */
  choose?: ((tasks: ExecTask[]) => Promise<ExecTask>) | undefined;
}

/** How the task was picked: named with --task, the only one, the newest, or chosen at the prompt. */
export type TaskPick = 'given' | 'only' | 'newest' | 'chosen';

export interface ExecService {
  cluster: string;
  service: string;
  enableExecuteCommand: boolean;
  /** The container the load balancer routes to. */
  appContainer: string | undefined;
}

export interface ExecTarget {
  service: ExecService;
  task: ExecTask;
  container: ExecContainer;
  pick: TaskPick;
  /** Every RUNNING task of the service, newest first. */
  running: ExecTask[];
}

export function applyHint(envName: string): string {
  return `Set "exec_enabled": true in terraform/vars/${envName}.tfvars.json (the default), then run \`challenge apply --env ${envName}\`; tasks started after that have ECS Exec.`;
}

/** The service and whether it starts tasks with ECS Exec. */
export async function execService(
  clients: AwsClients,
  cluster: string,
  service: string,
): Promise<ExecService> {
  const { DescribeServicesCommand } = await import('@aws-sdk/client-ecs');
  const result = await (await clients.ecs()).send(
    new DescribeServicesCommand({ cluster, services: [service] }),
  );
  const found = result.services?.find((s) => s.status !== 'INACTIVE');
  if (!found) {
    throw new ChallengeError(`ECS service ${service} does not exist in cluster ${cluster}.`, {
      code: 'SERVICE_NOT_FOUND',
      hint: 'Run `challenge apply` to create the stack, or check the env with `challenge status`.',
    });
  }
  return {
    cluster,
    service,
    enableExecuteCommand: found.enableExecuteCommand === true,
    appContainer: found.loadBalancers?.[0]?.containerName,
  };
}

/** Refuses a service that does not start its tasks with ECS Exec. */
export function requireExecEnabled(service: ExecService, envName: string): void {
  if (service.enableExecuteCommand) return;
  throw new ChallengeError(`ECS Exec is off for service ${service.service} in env ${envName}.`, {
    code: 'EXEC_DISABLED',
    hint: applyHint(envName),
  });
}

/** The task to run in: --task, else the only or newest RUNNING one (or `choose`'s pick among several). */
export async function pickTask(
  clients: AwsClients,
  where: ExecWhere,
): Promise<{ task: ExecTask; pick: TaskPick; running: ExecTask[] }> {
  const running = await runningTasks(clients, where.cluster, where.service);
  if (where.task) {
    const wanted = where.task.split('/').pop() ?? where.task;
    const task =
      running.find((t) => t.id === wanted) ?? (await describeTask(clients, where.cluster, where.task));
    if (!task) {
      throw new ChallengeError(`Task ${where.task} does not exist in cluster ${where.cluster}.`, {
        code: 'TASK_NOT_FOUND',
        hint: `Leave out --task to use the newest running task, or pick one of: ${running.map((t) => t.id).join(', ') || '(none running)'}.`,
      });
    }
    if (task.lastStatus !== 'RUNNING') {
      throw new ChallengeError(`Task ${task.id} is ${task.lastStatus}, not RUNNING.`, {
        code: 'TASK_NOT_RUNNING',
        hint: `ECS Exec reaches running tasks only; running now: ${running.map((t) => t.id).join(', ') || '(none)'}.`,
      });
    }
    return { task, pick: 'given', running };
  }
  const [newest] = running;
  if (!newest) {
    throw new ChallengeError(`Service ${where.service} has no RUNNING task.`, {
      code: 'NO_RUNNING_TASK',
      hint: `See why with \`challenge status --env ${where.envName}\` and \`challenge logs --env ${where.envName}\`; a service with desired_tasks = 0 runs none.`,
    });
  }
  if (running.length === 1) return { task: newest, pick: 'only', running };
  if (where.choose) return { task: await where.choose(running), pick: 'chosen', running };
  return { task: newest, pick: 'newest', running };
}

/** The container of the task to run in, by name, else the app's (load balancer) container, else the first. */
export function pickContainer(task: ExecTask, wanted: string | undefined, appContainer: string | undefined) {
  const container = wanted
    ? task.containers.find((c) => c.name === wanted)
    : (task.containers.find((c) => c.name === appContainer) ?? task.containers[0]);
  if (!container) {
    throw new ChallengeError(`Task ${task.id} has no container ${wanted ?? ''}`.trim().concat('.'), {
      code: 'CONTAINER_NOT_FOUND',
      hint: `Its containers: ${task.containers.map((c) => c.name).join(', ') || '(none)'}; pass one with --container.`,
    });
  }
  return container;
}

/** Refuses a task started without ECS Exec, or whose exec agent does not run (yet). */
export function requireExecReady(task: ExecTask, container: ExecContainer, envName: string): void {
  if (!task.enableExecuteCommand) {
    throw new ChallengeError(
      `Task ${task.id} started before ECS Exec was enabled: it has no exec agent (ECS sets this when a task starts).`,
      {
        code: 'TASK_WITHOUT_EXEC',
        hint: `Replace the tasks with a new deployment: ship a change (\`challenge ship app --env ${envName}\`) or redeploy a revision with \`challenge rollback --env ${envName}\`; the new tasks have ECS Exec.`,
      },
    );
  }
  if (container.agentStatus !== 'RUNNING') {
    throw new ChallengeError(
      `The ECS Exec agent of container ${container.name} in task ${task.id} is ${container.agentStatus ?? 'not reported'}, not RUNNING${container.agentReason ? ` (${container.agentReason})` : ''}.`,
      {
        code: 'AGENT_NOT_READY',
        hint: 'A task that just started gets its agent within seconds: try again shortly, or pick another task with --task.',
      },
    );
  }
}

/** Resolves the service, task and container, refusing what ECS Exec cannot reach (before ExecuteCommand). */
export async function resolveExecTarget(clients: AwsClients, where: ExecWhere): Promise<ExecTarget> {
  const service = await execService(clients, where.cluster, where.service);
  requireExecEnabled(service, where.envName);
  const { task, pick, running } = await pickTask(clients, where);
  const container = pickContainer(task, where.container, service.appContainer);
  requireExecReady(task, container, where.envName);
  return { service, task, container, pick, running };
}
