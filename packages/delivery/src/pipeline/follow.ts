import { type CodePipelineClient, GetPipelineStateCommand } from '@aws-sdk/client-codepipeline';
import { ChallengeError } from '@challenge/infra';

export interface FollowOptions {
  timeoutMs: number;
  intervalMs: number;
  /** Called whenever the stage's status changes. */
  onStatus?: (status: string) => void;
}

const DONE = new Set(['Succeeded', 'Failed', 'Stopped', 'Cancelled']);

/** The stage that runs after `stageName` in the pipeline's stage order. */
export async function nextStageName(
  client: CodePipelineClient,
  pipelineName: string,
  stageName: string,
): Promise<string | undefined> {
  const state = await client.send(new GetPipelineStateCommand({ name: pipelineName }));
  const names = (state.stageStates ?? []).map((stage) => stage.stageName);
  const index = names.indexOf(stageName);
  return index >= 0 ? names[index + 1] : undefined;
}

/**
 * Polls one stage until the given execution finished it; returns the final status
 * (Succeeded, Failed, Stopped, Cancelled) or fails clearly on timeout.
 */
export async function followStage(
  client: CodePipelineClient,
  pipelineName: string,
  stageName: string,
  executionId: string | undefined,
  options: FollowOptions,
): Promise<string> {
  const deadline = Date.now() + options.timeoutMs;
  let last = '';
  for (;;) {
    const state = await client.send(new GetPipelineStateCommand({ name: pipelineName }));
    const stage = state.stageStates?.find((s) => s.stageName === stageName);
    const latest = stage?.latestExecution;
    const ours = latest && (executionId === undefined || latest.pipelineExecutionId === executionId);
    const status = ours ? String(latest.status) : 'waiting';
    if (status !== last) {
      options.onStatus?.(status);
      last = status;
    }
    if (ours && DONE.has(status)) return status;
    if (Date.now() + options.intervalMs > deadline) {
      throw new ChallengeError(
        `Stage ${stageName} of ${pipelineName} did not finish within ${Math.round(options.timeoutMs / 1000)} s (last: ${status}).`,
        { code: 'FOLLOW_TIMEOUT', hint: 'Check `challenge status`; follow longer with a larger --timeout.' },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
}
