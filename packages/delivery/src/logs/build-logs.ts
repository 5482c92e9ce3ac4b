import { ChallengeError } from '@challenge/infra';
import type { AwsClients } from '../aws/clients.js';
import { awsErrorName } from '../aws/errors.js';
import { type ActionRun, listActionRuns } from '../pipeline/action-runs.js';
import { sleep } from '../sleep.js';
import { type LogLine, linesOf } from './log-line.js';

export interface BuildInfo {
  id: string;
  status: string;
  complete: boolean;
  phases: Array<{ phase: string; status: string | undefined; messages: string[] }>;
  log: { group: string; stream: string } | undefined;
}

/** One CodeBuild build (BatchGetBuilds): status, phases with their messages, where its log is. */
export async function describeBuild(clients: AwsClients, buildId: string): Promise<BuildInfo> {
  const { BatchGetBuildsCommand } = await import('@aws-sdk/client-codebuild');
  const { builds } = await (await clients.codeBuild()).send(new BatchGetBuildsCommand({ ids: [buildId] }));
  const build = builds?.[0];
  if (!build) {
    throw new ChallengeError(`CodeBuild has no build ${buildId} (builds are kept for a year).`, {
      code: 'BUILD_NOT_FOUND',
      hint: 'Pick another execution with `challenge logs --build --execution <id>` (ids in `challenge status`).',
    });
  }
  const group = build.logs?.groupName;
  const stream = build.logs?.streamName;
  return {
    id: build.id ?? buildId,
    status: build.buildStatus ?? 'unknown',
    complete: build.buildComplete ?? false,
    phases: (build.phases ?? []).map((phase) => ({
      phase: phase.phaseType ?? '?',
      status: phase.phaseStatus,
      messages: (phase.contexts ?? []).map((context) => context.message ?? '').filter(Boolean),
    })),
    log: group && stream ? { group, stream } : undefined,
  };
}

/** The latest CodeBuild run of the pipeline (of one execution when given): the Build stage, or a Test stage. */
export async function latestBuildRun(
  clients: AwsClients,
  pipelineName: string,
  executionId?: string,
): Promise<ActionRun | undefined> {
  const runs = await listActionRuns(clients, pipelineName, executionId, { max: executionId ? 500 : 100 });
  return runs
    .filter((run) => run.provider === 'CodeBuild' && run.externalExecutionId)
    .sort((a, b) => (b.startTime?.getTime() ?? 0) - (a.startTime?.getTime() ?? 0))[0];
}

function streamNotFound(group: string, stream: string): ChallengeError {
  return new ChallengeError(`The log stream ${group} ${stream} does not exist.`, {
    code: 'LOG_STREAM_NOT_FOUND',
    hint: 'The build may not have logged yet (retry `challenge logs --build` in a moment), or its log expired (the group keeps logs for its retention).',
  });
}

/** The last `lines` lines of one log stream, newest last. */
export async function readLogTail(
  clients: AwsClients,
  log: { group: string; stream: string },
  lines: number,
  source: string,
): Promise<{ lines: LogLine[]; forwardToken: string | undefined }> {
  const { GetLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  try {
    const page = await (await clients.logs()).send(
      new GetLogEventsCommand({
        logGroupName: log.group,
        logStreamName: log.stream,
        startFromHead: false,
        limit: Math.min(10_000, Math.max(lines, 1)),
      }),
    );
    const all = (page.events ?? []).flatMap((event) => linesOf(event, source, log.stream));
    return { lines: all.slice(-lines), forwardToken: page.nextForwardToken };
  } catch (error) {
    if (awsErrorName(error) === 'ResourceNotFoundException') throw streamNotFound(log.group, log.stream);
    throw error;
  }
}

/**
 * Tails one log stream from a forward token: new lines as they arrive, until `done()` says the writer has
 * finished and nothing new came, or the signal aborts.
 */
export async function followLogStream(
  clients: AwsClients,
  log: { group: string; stream: string },
  options: {
    forwardToken: string | undefined;
    source: string;
    intervalMs: number;
    signal: AbortSignal;
    onLine: (line: LogLine) => void;
    done: () => Promise<boolean>;
  },
): Promise<void> {
  const { GetLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  const client = await clients.logs();
  let token = options.forwardToken;
  while (!options.signal.aborted) {
    const finished = await options.done();
    const page = await client.send(
      new GetLogEventsCommand({
        logGroupName: log.group,
        logStreamName: log.stream,
        startFromHead: true,
        nextToken: token,
      }),
    );
    for (const event of page.events ?? []) {
      for (const line of linesOf(event, options.source, log.stream)) options.onLine(line);
    }
    const same = page.nextForwardToken === token;
    token = page.nextForwardToken;
    if (finished && (same || (page.events ?? []).length === 0)) return;
    if (same || (page.events ?? []).length === 0) await sleep(options.intervalMs, options.signal);
  }
}
