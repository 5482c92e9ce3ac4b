import { whoAmI } from '@challenge/infra';
import type { AwsClients } from '../aws/clients.js';
import { awsErrorName, describeAwsError } from '../aws/errors.js';
import type { ExecCheck } from './exec.js';
import {
  type IamSimulation,
  SSM_MESSAGES_ACTIONS,
  simulatePrincipal,
  simulationPrincipal,
} from './iam-simulation.js';
import { applyHint } from './target.js';
import type { ExecContainer, ExecTask } from './tasks.js';

const EXECUTE_COMMAND = 'ecs:ExecuteCommand';

/** arn:aws:ecs:<region>:<account>:task/<cluster>/<id> → arn:aws:ecs:<region>:<account>:cluster/<cluster>. */
export function clusterArnOfTask(taskArn: string): string | undefined {
  const match = /^(arn:[^:]+:ecs:[^:]+:\d{12}):task\/([^/]+)\/[^/]+$/.exec(taskArn);
  return match ? `${match[1]}:cluster/${match[2]}` : undefined;
}

/** The caller's ecs:ExecuteCommand on the task, with the condition keys ECS sends for it. */
async function callerSimulation(
  clients: AwsClients,
  task: ExecTask,
  container: ExecContainer,
): Promise<IamSimulation> {
  const actions = [EXECUTE_COMMAND];
  let callerArn: string;
  try {
    callerArn = (await whoAmI({ profile: clients.target.profile, region: clients.target.region })).arn;
  } catch (error) {
    return {
      principal: 'you',
      actions,
      resource: task.arn,
      verdict: 'not checked',
      denied: [],
      reason: `STS GetCallerIdentity failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const principal = simulationPrincipal(callerArn);
  if ('reason' in principal) {
    return {
      principal: callerArn,
      actions,
      resource: task.arn,
      verdict: 'not checked',
      denied: [],
      ...principal,
    };
  }
  // ECS authorizes ExecuteCommand on the task with the ecs:cluster and ecs:container-name keys, which
  // policies use to scope it: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
  const cluster = clusterArnOfTask(task.arn);
  return simulatePrincipal(clients, principal.arn, actions, task.arn, [
    ...(cluster
      ? [{ ContextKeyName: 'ecs:cluster', ContextKeyType: 'string' as const, ContextKeyValues: [cluster] }]
      : []),
    { ContextKeyName: 'ecs:container-name', ContextKeyType: 'string', ContextKeyValues: [container.name] },
  ]);
}

function row(simulations: IamSimulation[], hints: string[]): ExecCheck {
  const ok = simulations.some((s) => s.verdict === 'denied')
    ? false
    : simulations.every((s) => s.verdict === 'allowed')
      ? true
      : null;
  const detail = simulations
    .map((s) => {
      if (s.verdict === 'allowed') return `${s.principal} may ${s.actions.join(', ')} on ${s.resource}`;
      if (s.verdict === 'denied') {
        return `${s.principal} lacks ${s.denied.map((d) => `${d.action} (${d.decision})`).join(', ')} on ${s.resource}`;
      }
      return `not checked: ${s.actions.join(', ')} for ${s.principal}: ${s.reason}`;
    })
    .join('; ');
  return { name: 'iam', ok, detail, hint: hints.length ? hints.join(' ') : undefined, iam: simulations };
}

/**
 * The IAM row of `challenge exec --check`: IAM's policy simulator asked whether you may call
 * ecs:ExecuteCommand on the task, and whether its task role may open the ssmmessages channels the exec
 * agent needs. Each is allowed, denied (naming the action and the principal) or not checked (the
 * simulation was refused, e.g. without iam:SimulatePrincipalPolicy).
 */
export async function iamCheck(
  clients: AwsClients,
  task: ExecTask,
  container: ExecContainer,
  envName: string,
): Promise<ExecCheck> {
  const caller = await callerSimulation(clients, task, container);
  const hints: string[] = [];
  if (caller.verdict === 'denied') {
    hints.push(
      `Grant ${caller.principal} ${EXECUTE_COMMAND} on the cluster's tasks (${task.arn.replace(/[^/]+$/, '*')}).`,
    );
  }
  const { DescribeTaskDefinitionCommand } = await import('@aws-sdk/client-ecs');
  let taskRole: string | undefined;
  try {
    const { taskDefinition } = await (await clients.ecs()).send(
      new DescribeTaskDefinitionCommand({ taskDefinition: task.taskDefinition }),
    );
    taskRole = taskDefinition?.taskRoleArn;
  } catch (error) {
    const access = awsErrorName(error) === 'AccessDeniedException';
    const role: IamSimulation = {
      principal: `the task role of ${task.taskDefinition}`,
      actions: [...SSM_MESSAGES_ACTIONS],
      resource: '*',
      verdict: 'not checked',
      denied: [],
      reason: `${access ? 'your identity needs ecs:DescribeTaskDefinition: ' : ''}${describeAwsError(error)}`,
    };
    return row([caller, role], hints);
  }
  if (!taskRole) {
    hints.push(applyHint(envName));
    return row(
      [
        caller,
        {
          principal: `task definition ${task.taskDefinition} (it has no task role)`,
          actions: [...SSM_MESSAGES_ACTIONS],
          resource: '*',
          verdict: 'denied',
          denied: SSM_MESSAGES_ACTIONS.map((action) => ({ action, decision: 'no task role' })),
        },
      ],
      hints,
    );
  }
  const role = await simulatePrincipal(clients, taskRole, [...SSM_MESSAGES_ACTIONS], '*');
  if (role.verdict === 'denied') {
    hints.push(
      `The task role needs ${role.denied.map((d) => d.action).join(', ')} on "*" (exec_enabled grants them): ${applyHint(envName)}`,
    );
  }
  return row([caller, role], hints);
}
