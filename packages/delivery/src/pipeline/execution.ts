import type { AwsClients } from '../aws/clients.js';
import { sleep } from '../sleep.js';
import { isShippedExecution, listExecutions } from './executions.js';
import { RerouteWaitDetector } from './reroute-wait.js';

export interface PollOptions {
  timeoutMs: number;
  intervalMs: number;
}

/** The execution whose source revision is `revisionId` (the pushed commit), polling until it appears. */
export async function findExecutionByRevision(
  clients: AwsClients,
  pipelineName: string,
  revisionId: string,
  options: PollOptions,
): Promise<string | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const executions = await listExecutions(clients, pipelineName, { max: 20 });
    const found = executions.find(
      (execution) => isShippedExecution(execution) && execution.revisionId === revisionId,
    );
    if (found) return found.id;
    if (Date.now() + options.intervalMs > deadline) return undefined;
    await sleep(options.intervalMs);
  }
}

/** awaiting-continue: a blue/green deployment holds production traffic on blue until ContinueDeployment. */
export type WatchOutcome = 'awaiting-approval' | 'awaiting-continue' | 'failed' | 'succeeded' | 'timed-out';

export interface WatchResult {
  outcome: WatchOutcome;
  /** The stage that failed (outcome failed). */
  failedStage: string | undefined;
  /** The CodeDeploy deployment waiting for its reroute (outcome awaiting-continue). */
  deploymentId?: string | undefined;
}

/**
 * Follows one execution stage by stage (reporting each status change) until it waits for a manual
 * approval or for a blue/green deployment's ContinueDeployment, fails, or finishes. Stages whose latest execution is another one (an older run, or the run at
 * pipeline creation that failed at Source) are not this execution's and are skipped.
 */
export async function watchExecution(
  clients: AwsClients,
  pipelineName: string,
  executionId: string,
  options: PollOptions & { onStage?: (stage: string, status: string) => void },
): Promise<WatchResult> {
  const { GetPipelineExecutionCommand, GetPipelineStateCommand } = await import(
    '@aws-sdk/client-codepipeline'
  );
  const client = await clients.codePipeline();
  const deadline = Date.now() + options.timeoutMs;
  const seen = new Map<string, string>();
  const reroute = new RerouteWaitDetector(clients, pipelineName);
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
      if (status === 'Failed' || status === 'Stopped' || status === 'Cancelled') {
        return { outcome: 'failed', failedStage: name };
      }
      const waiting = stage.actionStates?.some(
        (action) => action.latestExecution?.status === 'InProgress' && action.latestExecution.token,
      );
      if (waiting) return { outcome: 'awaiting-approval', failedStage: undefined };
      if (status === 'InProgress') {
        const deploymentId = await reroute.waitingDeployment(stage);
        if (deploymentId !== undefined) {
          return { outcome: 'awaiting-continue', failedStage: undefined, deploymentId };
        }
      }
    }
    const { pipelineExecution } = await client.send(
      new GetPipelineExecutionCommand({ pipelineName, pipelineExecutionId: executionId }),
    );
    if (pipelineExecution?.status === 'Succeeded') return { outcome: 'succeeded', failedStage: undefined };
    if (pipelineExecution?.status === 'Failed' || pipelineExecution?.status === 'Stopped') {
      return { outcome: 'failed', failedStage: undefined };
    }
    if (Date.now() + options.intervalMs > deadline) return { outcome: 'timed-out', failedStage: undefined };
    await sleep(options.intervalMs);
  }
}
