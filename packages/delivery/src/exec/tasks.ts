import type { Task } from '@aws-sdk/client-ecs';
import type { AwsClients } from '../aws/clients.js';

/** The ECS Exec agent of one container of a task. */
export interface ExecContainer {
  name: string;
  /** Docker's id of the container: the AWS CLI puts it in the session target. */
  runtimeId: string | undefined;
  /** lastStatus of the container's ExecuteCommandAgent; undefined when the task has no exec agent. */
  agentStatus: string | undefined;
  agentReason: string | undefined;
}

/** A task of the app's service, as `challenge exec` needs it. */
export interface ExecTask {
  id: string;
  arn: string;
  lastStatus: string;
  startedAt: Date | undefined;
  taskDefinition: string;
  /** Whether the task was started with ECS Exec (the service's flag at the time it started). */
  enableExecuteCommand: boolean;
  containers: ExecContainer[];
}

const EXEC_AGENT = 'ExecuteCommandAgent';

function execTaskOf(task: Task): ExecTask {
  const arn = task.taskArn ?? '';
  return {
    id: arn.split('/').pop() ?? arn,
    arn,
    lastStatus: task.lastStatus ?? 'UNKNOWN',
    startedAt: task.startedAt ?? task.createdAt,
    taskDefinition: task.taskDefinitionArn?.split('task-definition/').pop() ?? 'unknown',
    enableExecuteCommand: task.enableExecuteCommand === true,
    containers: (task.containers ?? []).map((container) => {
      const agent = container.managedAgents?.find((a) => a.name === EXEC_AGENT);
      return {
        name: container.name ?? '?',
        runtimeId: container.runtimeId,
        agentStatus: agent?.lastStatus,
        agentReason: agent?.reason,
      };
    }),
  };
}

/** The service's RUNNING tasks (ListTasks + DescribeTasks), newest start first. */
export async function runningTasks(
  clients: AwsClients,
  cluster: string,
  service: string,
): Promise<ExecTask[]> {
  const { DescribeTasksCommand, ListTasksCommand } = await import('@aws-sdk/client-ecs');
  const client = await clients.ecs();
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'RUNNING', nextToken }),
    );
    arns.push(...(page.taskArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const tasks: ExecTask[] = [];
  // DescribeTasks takes at most 100 tasks per call.
  for (let start = 0; start < arns.length; start += 100) {
    const { tasks: described } = await client.send(
      new DescribeTasksCommand({ cluster, tasks: arns.slice(start, start + 100) }),
    );
    tasks.push(...(described ?? []).filter((t) => t.lastStatus === 'RUNNING').map(execTaskOf));
  }
  return tasks.sort((a, b) => (b.startedAt?.getTime() ?? 0) - (a.startedAt?.getTime() ?? 0));
}

/** One task by id or ARN (any status), or undefined when ECS does not know it. */
export async function describeTask(
  clients: AwsClients,
  cluster: string,
  task: string,
): Promise<ExecTask | undefined> {
  const { DescribeTasksCommand } = await import('@aws-sdk/client-ecs');
  const { tasks } = await (await clients.ecs()).send(new DescribeTasksCommand({ cluster, tasks: [task] }));
  const found = tasks?.[0];
  return found ? execTaskOf(found) : undefined;
}
