import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { ExecuteCommandResponse } from '@aws-sdk/client-ecs';
import { ChallengeError } from '@challenge/infra';
import type { AwsClients } from '../aws/clients.js';
import { awsErrorName } from '../aws/errors.js';
import { pythonJsonDumps } from './python-json.js';
import { applyHint, type ExecTarget } from './target.js';

/**
 * The plugin's arguments as the AWS CLI's `ecs execute-command` builds them (awscli/customizations/ecs/
 * executecommand.py, ExecuteCommandCaller.invoke): the session of the ExecuteCommand response as JSON,
 * the client's region, "StartSession", the profile name or "", the target as JSON and the ECS endpoint URL.
 * botocore returns the session's members in its model's order, and `json.dumps` writes them with ", "/": ".
 */
export function sessionManagerPluginArgs(input: {
  session: {
    sessionId?: string | undefined;
    streamUrl?: string | undefined;
    tokenValue?: string | undefined;
  };
  region: string;
  profile: string | undefined;
  cluster: string;
  taskId: string;
  runtimeId: string | undefined;
  endpointUrl: string;
}): string[] {
  const { sessionId, streamUrl, tokenValue } = input.session;
  return [
    pythonJsonDumps({ sessionId, streamUrl, tokenValue }),
    input.region,
    'StartSession',
    input.profile ?? '',
    // The AWS CLI formats None as "None" here when DescribeTasks reports no runtime id.
    pythonJsonDumps({ Target: `ecs:${input.cluster}_${input.taskId}_${input.runtimeId ?? 'None'}` }),
    input.endpointUrl,
  ];
}

/** What ExecuteCommand's failures mean for the user, with the fix. */
function execError(error: unknown, target: ExecTarget, envName: string): unknown {
  const name = awsErrorName(error);
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'AccessDeniedException') {
    return new ChallengeError(`AWS denied ecs:ExecuteCommand on task ${target.task.id}: ${message}`, {
      code: 'EXEC_ACCESS_DENIED',
      hint: `Your AWS identity needs ecs:ExecuteCommand on the cluster's tasks (arn:aws:ecs:<region>:<account>:task/${target.service.cluster}/*); the task role's ssmmessages permissions come with exec_enabled. ${applyHint(envName)}`,
      cause: error,
    });
  }
  if (name === 'TargetNotConnectedException') {
    return new ChallengeError(`The ECS Exec agent of task ${target.task.id} is not connected: ${message}`, {
      code: 'AGENT_NOT_CONNECTED',
      hint: `The task role needs ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel and OpenDataChannel, and the task must reach ssmmessages.<region>.amazonaws.com. ${applyHint(envName)}`,
      cause: error,
    });
  }
  if (name === 'InvalidParameterException' && /execute command/i.test(message)) {
    return new ChallengeError(`ECS refused to run a command in task ${target.task.id}: ${message}`, {
      code: 'TASK_WITHOUT_EXEC',
      hint: `Replace the tasks with a new deployment (\`challenge ship app --env ${envName}\` or \`challenge rollback --env ${envName}\`), or wait for the agent and try again.`,
      cause: error,
    });
  }
  return error;
}

/** Calls ExecuteCommand (interactive: the only mode ECS Exec has) and returns its answer and endpoint. */
export async function executeCommand(
  clients: AwsClients,
  target: ExecTarget,
  command: string,
  envName: string,
): Promise<{ response: ExecuteCommandResponse; endpointUrl: string }> {
  const { ExecuteCommandCommand } = await import('@aws-sdk/client-ecs');
  const request = new ExecuteCommandCommand({
    cluster: target.service.cluster,
    task: target.task.arn,
    container: target.container.name,
    command,
    interactive: true,
  });
  // The plugin gets the endpoint the call went to, as the AWS CLI passes its client's endpoint_url.
  let endpointUrl = '';
  request.middlewareStack.add(
    (next) => async (args) => {
      const http = args.request as { protocol?: string; hostname?: string; port?: number; path?: string };
      const port = http.port ? `:${http.port}` : '';
      const path = http.path && http.path !== '/' ? http.path : '';
      endpointUrl = `${http.protocol ?? 'https:'}//${http.hostname ?? ''}${port}${path}`;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'recordExecEndpoint' },
  );
  try {
    const response = await (await clients.ecs()).send(request);
    return { response, endpointUrl };
  } catch (error) {
    throw execError(error, target, envName);
  }
}

/**
 * Runs the plugin with the session, in the foreground with the terminal, and returns its exit status. As
 * the AWS CLI does, this process ignores Ctrl-C, Ctrl-\ and Ctrl-Z meanwhile: they go to the plugin (and
 * through it to the remote command). The environment is inherited unchanged.
 */
export function runSessionManagerPlugin(pluginPath: string, args: string[]): Promise<number> {
  const ignored: NodeJS.Signals[] =
    process.platform === 'win32' ? ['SIGINT'] : ['SIGINT', 'SIGQUIT', 'SIGTSTP'];
  const ignore = () => {};
  for (const signal of ignored) process.on(signal, ignore);
  return new Promise<number>((resolve, reject) => {
    const child = spawn(pluginPath, args, { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  }).finally(() => {
    for (const signal of ignored) process.off(signal, ignore);
  });
}
