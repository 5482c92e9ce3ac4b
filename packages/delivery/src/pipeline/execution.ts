import {
  type CodePipelineClient,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
} from '@aws-sdk/client-codepipeline';

export interface PollOptions {
  timeoutMs: number;
  intervalMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The execution whose source revision is `revisionId` (the pushed commit), polling until it appears. */
export async function findExecutionByRevision(
  client: CodePipelineClient,
  pipelineName: string,
  revisionId: string,
  options: PollOptions,
): Promise<string | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const { pipelineExecutionSummaries } = await client.send(
      new ListPipelineExecutionsCommand({ pipelineName, maxResults: 20 }),
    );
    const found = pipelineExecutionSummaries?.find((summary) =>
      summary.sourceRevisions?.some((revision) => revision.revisionId === revisionId),
    );
    if (found?.pipelineExecutionId) return found.pipelineExecutionId;
    if (Date.now() + options.intervalMs > deadline) return undefined;
    await sleep(options.intervalMs);
  }
}

export type WatchOutcome = 'awaiting-approval' | 'failed' | 'succeeded' | 'timed-out';

/**
 * Follows one execution stage by stage (reporting each status change) until it waits for a manual
 * approval, fails, or finishes.
 */
export async function watchExecution(
  client: CodePipelineClient,
  pipelineName: string,
  executionId: string,
  options: PollOptions & { onStage?: (stage: string, status: string) => void },
): Promise<WatchOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  const seen = new Map<string, string>();
  for (;;) {
    const state = await client.send(new GetPipelineStateCommand({ name: pipelineName }));
    for (const stage of state.stageStates ?? []) {
      if (stage.latestExecution?.pipelineExecutionId !== executionId) continue;
      const name = stage.stageName ?? '?';
      const status = String(stage.latestExecution.status);
      if (seen.get(name) !== status) {
        seen.set(name, status);
        options.onStage?.(name, status);
      }
      if (status === 'Failed' || status === 'Stopped' || status === 'Cancelled') return 'failed';
      const waiting = stage.actionStates?.some(
        (action) => action.latestExecution?.status === 'InProgress' && action.latestExecution.token,
      );
      if (waiting) return 'awaiting-approval';
    }
    const { pipelineExecution } = await client.send(
      new GetPipelineExecutionCommand({ pipelineName, pipelineExecutionId: executionId }),
    );
    if (pipelineExecution?.status === 'Succeeded') return 'succeeded';
    if (pipelineExecution?.status === 'Failed' || pipelineExecution?.status === 'Stopped') return 'failed';
    if (Date.now() + options.intervalMs > deadline) return 'timed-out';
    await sleep(options.intervalMs);
  }
}
