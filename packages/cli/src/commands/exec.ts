import {
  checkExec,
  commandLine,
  type ExecCheckReport,
  type ExecTarget,
  type ExecTask,
  requirePlugin,
  runExec,
} from '@challenge/delivery';
import { canPrompt } from '@challenge/infra';
import { select } from '@inquirer/prompts';
import { Flags } from '@oclif/core';
import { DeliveryCommand } from '../delivery-command.js';
import { deliveryEnv } from '../env-outputs.js';
import { envFlags } from '../flags.js';

const started = (task: ExecTask) =>
  task.startedAt
    ? `started ${task.startedAt.toISOString().slice(0, 19).replace('T', ' ')} UTC`
    : 'start unknown';

export default class Exec extends DeliveryCommand {
  static override summary = 'Open a shell (or run one command) in a running task of the app (ECS Exec).';
  static override description =
    "Runs `/bin/sh`, or the command after `--`, in the app container of the service's newest RUNNING task (--task picks another; in a terminal, several running tasks are listed to choose from), through ECS ExecuteCommand and AWS's session-manager-plugin, which it calls with the same arguments as `aws ecs execute-command`. Needs the plugin on PATH (checked before any AWS call), ECS Exec on in the env (the exec_enabled variable, default on, then `challenge apply`), a task started since, and ecs:ExecuteCommand for you. Exits with the plugin's status (the remote command's where the plugin reports it). --check reports each prerequisite without opening a session.";
  static override examples = [
    '<%= config.bin %> exec --env mock',
    "<%= config.bin %> exec --env mock -- sh -c 'echo $TC_DYNAMO_TABLE'",
    '<%= config.bin %> exec --env mock --task 0123456789abcdef0123456789abcdef -- ls /app',
    '<%= config.bin %> exec --env mock --check',
    '<%= config.bin %> exec --env mock --check --json',
  ];
  static override strict = false;
  static override flags = {
    ...envFlags,
    task: Flags.string({ description: 'Task id or ARN to run in (default: the newest RUNNING task).' }),
    container: Flags.string({
      description: "Container to run in (default: the app's, the one the load balancer routes to).",
    }),
    check: Flags.boolean({
      description:
        "Report each prerequisite (plugin, the service's flag, the task's agent, IAM) without opening a session.",
    }),
  };

  async run(): Promise<unknown> {
    const { flags, raw, argv } = await this.parse(Exec);
    const command = commandLine(argv as string[]);
    // The plugin first: without it nothing else is worth an AWS call (the env's state read included).
    const plugin = flags.check ? undefined : await requirePlugin();
    const target = await deliveryEnv(this.envOptions(flags, raw));
    const where = {
      envName: target.env.name,
      cluster: target.requireOutput('ecs_cluster_name', 'names the cluster of the app service'),
      service: target.requireOutput('ecs_service_name', 'names the app service'),
      task: flags.task,
      container: flags.container,
      choose: !this.jsonEnabled() && canPrompt() ? (tasks: ExecTask[]) => this.chooseTask(tasks) : undefined,
    };
    if (flags.check) return this.check(await checkExec(target.clients, where));
    const run = await runExec(target.clients, {
      ...where,
      command,
      plugin: plugin ?? (await requirePlugin()),
      onTarget: (picked) => this.announce(picked, command),
    });
    const summary = {
      task: run.target.task.id,
      container: run.target.container.name,
      command: run.command,
      sessionId: run.sessionId ?? null,
      exitCode: run.exitCode,
    };
    if (run.exitCode !== 0) {
      if (this.jsonEnabled()) this.logJson(summary);
      this.exit(run.exitCode);
    }
    return this.jsonEnabled() ? summary : undefined;
  }

  /** Which task and container the session opens in, on stderr (stdout is the remote command's). */
  private announce(target: ExecTarget, command: string): void {
    if (this.jsonEnabled()) return;
    const { task, pick, running } = target;
    const why = {
      given: 'given with --task',
      only: 'the only running task',
      newest: `the newest of ${running.length} running; --task picks another: ${running
        .filter((t) => t.id !== task.id)
        .map((t) => t.id)
        .join(', ')}`,
      chosen: 'chosen',
    }[pick];
    process.stderr.write(
      `Task ${task.id} (${why}), ${started(task)}, container ${target.container.name}: ${command}\n`,
    );
  }

  private chooseTask(tasks: ExecTask[]): Promise<ExecTask> {
    return select({
      message: `${tasks.length} tasks are running; open the session in`,
      choices: tasks.map((task, index) => ({
        name: `${task.id}  ${task.taskDefinition}  ${started(task)}${index === 0 ? '  (newest)' : ''}`,
        value: task,
      })),
    });
  }

  private check(report: ExecCheckReport): unknown {
    if (this.jsonEnabled()) {
      if (!report.ok) {
        this.logJson(report);
        this.exit(1);
      }
      return report;
    }
    for (const check of report.checks) {
      const mark = check.ok === true ? 'ok  ' : check.ok === false ? 'FAIL' : '--  ';
      this.log(`${mark} ${check.name.padEnd(7)} ${check.detail}`);
      if (check.hint && check.ok === false) this.log(`             fix: ${check.hint}`);
    }
    const unchecked = report.checks.some((c) => c.ok === null);
    this.log(
      report.ok
        ? unchecked
          ? 'ECS Exec is ready as far as checked (see -- above).'
          : 'ECS Exec is ready.'
        : 'ECS Exec is not ready (see FAIL above).',
    );
    if (!report.ok) this.exit(1);
    return undefined;
  }
}
