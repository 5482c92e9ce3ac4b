import {
  appLogGroupOfService,
  awsErrorName,
  describeBuild,
  followLogGroup,
  followLogStream,
  type LogLine,
  latestBuildRun,
  readLogGroup,
  readLogTail,
} from '@challenge/delivery';
import { ChallengeError } from '@challenge/infra';
import { Flags } from '@oclif/core';
import { DeliveryCommand } from '../delivery-command.js';
import { parseDuration, pollIntervalMs } from '../delivery-flags.js';
import { type DeliveryEnv, deliveryEnv } from '../env-outputs.js';
import { envFlags } from '../flags.js';

export default class Logs extends DeliveryCommand {
  static override summary = "Show the app's log (or a build's), newest last; --follow tails it.";
  static override description =
    "The app's CloudWatch log group (output app_log_group_name, else the awslogs group of the service's task definition), newest line last, each with its timestamp and ECS task id. --build shows the latest CodeBuild run's log instead (--execution picks the pipeline execution). --follow keeps printing new lines until Ctrl-C (exit 130); a followed build log ends with the build. --json prints one JSON object per line.";
  static override examples = [
    '<%= config.bin %> logs --env mock',
    '<%= config.bin %> logs --env mock --since 1h --limit 500',
    '<%= config.bin %> logs --env mock --follow',
    '<%= config.bin %> logs --env mock --build',
    '<%= config.bin %> logs --env mock --build --execution 0123abcd-...',
    '<%= config.bin %> logs --env mock --json | jq .message',
  ];
  static override flags = {
    ...envFlags,
    build: Flags.boolean({ description: "Show the latest CodeBuild run's log instead of the app's." }),
    execution: Flags.string({
      description:
        'With --build: the pipeline execution whose build log to show (ids in `challenge status`).',
    }),
    follow: Flags.boolean({ char: 'f', description: 'Keep printing new lines until Ctrl-C.' }),
    since: Flags.string({
      description: 'App log: how far back to start (30s, 10m, 2h, 1d).',
      default: '10m',
    }),
    limit: Flags.integer({
      description: 'At most this many lines (the newest).',
      default: 200,
      min: 1,
      max: 10_000,
    }),
  };

  private print(line: LogLine, kind: 'taskId' | 'buildId'): void {
    if (this.jsonEnabled()) {
      process.stdout.write(
        `${JSON.stringify({ timestamp: line.timestamp.toISOString(), [kind]: line.source, stream: line.stream, message: line.message })}\n`,
      );
    } else {
      process.stdout.write(`${line.timestamp.toISOString()}  ${line.source}  ${line.message}\n`);
    }
  }

  async run(): Promise<void> {
    const { flags, raw } = await this.parse(Logs);
    if (flags.execution && !flags.build) {
      throw new ChallengeError('--execution picks a build log.', {
        hint: 'Add --build (the app log is per task, not per execution).',
      });
    }
    const sinceMs = parseDuration('since', flags.since);
    const target = await deliveryEnv(this.envOptions(flags, raw));
    // Ctrl-C while following is how a tail ends: exit 130, no message, no stack (stdout may be a JSON-lines pipe).
    const controller = new AbortController();
    const interrupt = () => controller.abort();
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    try {
      if (flags.build) await this.buildLog(target, flags, controller.signal);
      else await this.appLog(target, { ...flags, sinceMs }, controller.signal);
    } finally {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
    }
    if (controller.signal.aborted) this.exit(130);
  }

  private async appGroup(target: DeliveryEnv): Promise<string> {
    const group = target.output('app_log_group_name');
    if (group) return group;
    const cluster = target.output('ecs_cluster_name');
    const service = target.output('ecs_service_name');
    const fromService =
      cluster && service ? await appLogGroupOfService(target.clients, cluster, service) : undefined;
    if (fromService) return fromService;
    return target.requireOutput('app_log_group_name', "names the app's CloudWatch log group");
  }

  private async appLog(
    target: DeliveryEnv,
    flags: { follow: boolean; sinceMs: number; limit: number },
    signal: AbortSignal,
  ): Promise<void> {
    const group = await this.appGroup(target);
    const startTime = Date.now() - flags.sinceMs;
    const lines = await readLogGroup(target.clients, group, { startTime, limit: flags.limit });
    for (const line of lines) this.print(line, 'taskId');
    if (!flags.follow) {
      if (lines.length === 0 && !this.jsonEnabled()) {
        process.stderr.write(
          `No log lines in ${group} in the last ${flags.sinceMs / 1000} s (widen with --since).\n`,
        );
      }
      return;
    }
    const newest = lines.at(-1)?.timestamp.getTime() ?? startTime;
    // Following starts at the newest millisecond shown, whose lines come again: skip those.
    const key = (line: LogLine) => `${line.stream}\0${line.timestamp.getTime()}\0${line.message}`;
    const shown = new Set(lines.filter((line) => line.timestamp.getTime() === newest).map(key));
    await followLogGroup(target.clients, group, {
      startTime: newest,
      intervalMs: pollIntervalMs(2000),
      signal,
      onLine: (line) => {
        if (!shown.delete(key(line))) this.print(line, 'taskId');
      },
    });
  }

  private async buildLog(
    target: DeliveryEnv,
    flags: { follow: boolean; limit: number; execution?: string | undefined },
    signal: AbortSignal,
  ): Promise<void> {
    const pipelineName = target.requireOutput('pipeline_name', 'names the pipeline whose builds to show');
    const run = await latestBuildRun(target.clients, pipelineName, flags.execution).catch(
      (error: unknown) => {
        if (awsErrorName(error) === 'PipelineExecutionNotFoundException') {
          throw new ChallengeError(`Pipeline ${pipelineName} has no execution ${flags.execution}.`, {
            code: 'EXECUTION_NOT_FOUND',
            hint: 'Take an execution id from `challenge status`, or drop --execution for the latest build.',
          });
        }
        throw error;
      },
    );
    if (!run?.externalExecutionId) {
      throw new ChallengeError(
        flags.execution
          ? `Execution ${flags.execution} ran no CodeBuild action (yet).`
          : `Pipeline ${pipelineName} has run no build yet.`,
        {
          code: 'NO_BUILD',
          hint: 'Ship first with `challenge ship app --watch`; see where it is with `challenge status`.',
        },
      );
    }
    const build = await describeBuild(target.clients, run.externalExecutionId);
    if (!build.log) {
      throw new ChallengeError(`Build ${build.id} has no CloudWatch log.`, {
        hint: 'Its project must log to CloudWatch Logs (terraform/modules/pipeline does); run `challenge apply` to restore it.',
      });
    }
    if (!this.jsonEnabled()) {
      process.stderr.write(
        `Build ${build.id} (${build.status}), stage ${run.stage} of execution ${run.executionId}\n`,
      );
    }
    const tail = await readLogTail(target.clients, build.log, flags.limit, build.id);
    for (const line of tail.lines) this.print(line, 'buildId');
    if (!flags.follow || build.complete) return;
    await followLogStream(target.clients, build.log, {
      forwardToken: tail.forwardToken,
      source: build.id,
      intervalMs: pollIntervalMs(2000),
      signal,
      onLine: (line) => this.print(line, 'buildId'),
      done: async () => (await describeBuild(target.clients, build.id)).complete,
    });
  }
}
