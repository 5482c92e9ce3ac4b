import { ChallengeError } from '@challenge/infra';
import type { AwsClients } from '../aws/clients.js';
import { describeAwsError } from '../aws/errors.js';
import { iamCheck } from './iam-check.js';
import type { IamSimulation } from './iam-simulation.js';
import { findSessionManagerPlugin, PLUGIN_INSTALL_URL, PLUGIN_NAME } from './plugin.js';
import { executeCommand, runSessionManagerPlugin, sessionManagerPluginArgs } from './session.js';
import {
  type ExecTarget,
  type ExecWhere,
  execService,
  pickContainer,
  pickTask,
  requireExecEnabled,
  requireExecReady,
  resolveExecTarget,
} from './target.js';

export function pluginMissing(): ChallengeError {
  return new ChallengeError(
    `${PLUGIN_NAME} is not on PATH: ECS Exec sessions run through AWS's Session Manager plugin.`,
    {
      code: 'PLUGIN_MISSING',
      hint: `Install it (macOS: \`brew install --cask session-manager-plugin\`; Linux and Windows packages: ${PLUGIN_INSTALL_URL}), check with \`${PLUGIN_NAME} --version\`, then run this again.`,
    },
  );
}

/** The plugin's path, or the error that names how to install it. Checked before any AWS call. */
export async function requirePlugin(path?: string): Promise<string> {
  const plugin = await findSessionManagerPlugin(path);
  if (!plugin) throw pluginMissing();
  return plugin;
}

/**
 * The profile name the AWS CLI passes (its botocore session's: --profile, else AWS_DEFAULT_PROFILE, else
 * AWS_PROFILE), here the env's profile first.
 */
function sessionProfile(clients: AwsClients): string | undefined {
  const env = process.env;
  return clients.target.profile || env['AWS_DEFAULT_PROFILE'] || env['AWS_PROFILE'] || undefined;
}

export interface ExecRun {
  target: ExecTarget;
  command: string;
  sessionId: string | undefined;
  /** The plugin's exit status: the remote command's, where the plugin reports it. */
  exitCode: number;
}

/**
 * `challenge exec`, once `requirePlugin` found the plugin (before any AWS call, the env's state included):
 * the service, task and container (each refused with its fix when ECS Exec cannot reach it),
 * ExecuteCommand, and the session handed to the plugin exactly as the AWS CLI hands it. `onTarget` hears
 * which task was picked before the session opens.
 */
export async function runExec(
  clients: AwsClients,
  where: ExecWhere & { command: string; plugin: string; onTarget?: (target: ExecTarget) => void },
): Promise<ExecRun> {
  const target = await resolveExecTarget(clients, where);
  where.onTarget?.(target);
  const { response, endpointUrl } = await executeCommand(clients, target, where.command, where.envName);
  const args = sessionManagerPluginArgs({
    session: response.session ?? {},
    region: clients.target.region,
    profile: sessionProfile(clients),
    cluster: response.clusterArn?.split('/').pop() ?? target.service.cluster,
    taskId: response.taskArn?.split('/').pop() ?? target.task.id,
    runtimeId: target.container.runtimeId,
    endpointUrl,
  });
  const exitCode = await runSessionManagerPlugin(where.plugin, args);
  return { target, command: where.command, sessionId: response.session?.sessionId, exitCode };
}

export type ExecCheckName = 'plugin' | 'service' | 'task' | 'agent' | 'iam';

export interface ExecCheck {
  name: ExecCheckName;
  /** true: met; false: not met (hint says the fix); null: not checked (an earlier one failed, or IAM refused to simulate). */
  ok: boolean | null;
  detail: string;
  hint?: string | undefined;
  /** The iam row: the policy simulator's answer for you (ecs:ExecuteCommand) and the task role (ssmmessages). */
  iam?: IamSimulation[] | undefined;
}

export interface ExecCheckReport {
  /** No prerequisite is known to fail (an IAM answer the simulator refused does not count against it). */
  ok: boolean;
  task: string | undefined;
  container: string | undefined;
  checks: ExecCheck[];
}

function failed(name: ExecCheckName, error: unknown): ExecCheck {
  if (error instanceof ChallengeError) return { name, ok: false, detail: error.message, hint: error.hint };
  return { name, ok: false, detail: describeAwsError(error) };
}

/**
 * `challenge exec --check`: each prerequisite of a session without opening one: the plugin, the service's
 * flag, a RUNNING task started with exec, its container's agent, and IAM as its policy simulator answers
 * it (your ecs:ExecuteCommand on the task, the task role's ssmmessages).
 */
export async function checkExec(clients: AwsClients, where: ExecWhere): Promise<ExecCheckReport> {
  const checks: ExecCheck[] = [];
  const plugin = await findSessionManagerPlugin();
  checks.push(
    plugin
      ? { name: 'plugin', ok: true, detail: `${PLUGIN_NAME}: ${plugin}` }
      : { name: 'plugin', ok: false, detail: pluginMissing().message, hint: pluginMissing().hint },
  );
  const skipped = (...names: ExecCheckName[]) =>
    names.map((name): ExecCheck => ({ name, ok: null, detail: 'not checked (see above)' }));
  const report = (task?: string, container?: string): ExecCheckReport => ({
    ok: checks.every((c) => c.ok !== false),
    task,
    container,
    checks,
  });

  let service: Awaited<ReturnType<typeof execService>>;
  try {
    service = await execService(clients, where.cluster, where.service);
    requireExecEnabled(service, where.envName);
    checks.push({
      name: 'service',
      ok: true,
      detail: `service ${where.service} starts its tasks with ECS Exec`,
    });
  } catch (error) {
    checks.push(failed('service', error), ...skipped('task', 'agent', 'iam'));
    return report();
  }
  let target: Pick<ExecTarget, 'task' | 'container'>;
  try {
    const { task } = await pickTask(clients, where);
    const container = pickContainer(task, where.container, service.appContainer);
    target = { task, container };
  } catch (error) {
    checks.push(failed('task', error), ...skipped('agent', 'iam'));
    return report();
  }
  const { task, container } = target;
  try {
    requireExecReady(task, container, where.envName);
    checks.push(
      {
        name: 'task',
        ok: true,
        detail: `task ${task.id} (${task.taskDefinition}) was started with ECS Exec`,
      },
      { name: 'agent', ok: true, detail: `ExecuteCommandAgent of container ${container.name} is RUNNING` },
    );
  } catch (error) {
    const code = error instanceof ChallengeError ? error.code : '';
    if (code === 'TASK_WITHOUT_EXEC') checks.push(failed('task', error), ...skipped('agent'));
    else
      checks.push(
        { name: 'task', ok: true, detail: `task ${task.id} was started with ECS Exec` },
        failed('agent', error),
      );
  }
  checks.push(await iamCheck(clients, task, container, where.envName));
  return report(task.id, container.name);
}
