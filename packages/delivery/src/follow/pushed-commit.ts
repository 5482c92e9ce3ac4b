import type { AwsClients } from '../aws/clients.js';
import { diagnoseExecution } from '../diagnosis/execution.js';
import type { Diagnosis } from '../diagnosis/types.js';
import { findExecutionByRevision, type WatchOutcome, watchExecution } from '../pipeline/execution.js';
import { readTestStageReports, type TestStageReport } from '../test-stage/report.js';

/** What became of a pushed commit in its env's pipeline. */
export interface PushedExecution {
  /** Undefined when no execution of the commit appeared in time. */
  executionId: string | undefined;
  /** Undefined when the execution was not followed. */
  outcome: WatchOutcome | undefined;
  failedStage: string | undefined;
  /** The blue/green deployment waiting for ContinueDeployment (outcome awaiting-continue). */
  deploymentId: string | undefined;
  /** Why it failed, when it did. */
  diagnoses: Diagnosis[];
  /** What its Test stage found, once it got past it (awaiting approval or succeeded). */
  tests: TestStageReport[];
}

export interface FollowPushOptions {
  /** Follow the execution stage by stage, until it waits for approval, fails or finishes. */
  watch: boolean;
  timeoutMs: number;
  intervalMs: number;
  onExecution?: (executionId: string) => void;
  onStage?: (stage: string, status: string) => void;
}

/** Without following, the execution is looked for briefly: EventBridge starts it within seconds of a push. */
const LOOK_WITHOUT_WATCH_MS = 30_000;

/**
 * The execution a push started (matched by the pushed commit: the run at pipeline creation never matches),
 * and with `watch` where it got to: waiting for approval (with its Test stage's contract checks), waiting
 * for a blue/green deployment's traffic reroute (when the approval was answered meanwhile), failed
 * (with the diagnosis), finished, or still running at the timeout.
 */
export async function followPushedCommit(
  clients: AwsClients,
  pipelineName: string,
  commit: string,
  options: FollowPushOptions,
): Promise<PushedExecution> {
  const result: PushedExecution = {
    executionId: undefined,
    outcome: undefined,
    failedStage: undefined,
    deploymentId: undefined,
    diagnoses: [],
    tests: [],
  };
  result.executionId = await findExecutionByRevision(clients, pipelineName, commit, {
    timeoutMs: options.watch ? options.timeoutMs : Math.min(options.timeoutMs, LOOK_WITHOUT_WATCH_MS),
    intervalMs: options.intervalMs,
  });
  if (!result.executionId) return result;
  options.onExecution?.(result.executionId);
  if (!options.watch) return result;
  const watched = await watchExecution(clients, pipelineName, result.executionId, {
    timeoutMs: options.timeoutMs,
    intervalMs: options.intervalMs,
    ...(options.onStage ? { onStage: options.onStage } : {}),
  });
  result.outcome = watched.outcome;
  result.failedStage = watched.failedStage;
  result.deploymentId = watched.deploymentId;
  if (watched.outcome === 'failed') {
    result.diagnoses = await diagnoseExecution(
      clients,
      pipelineName,
      result.executionId,
      watched.failedStage,
    );
  } else if (watched.outcome !== 'timed-out') {
    result.tests = await readTestStageReports(clients, pipelineName, result.executionId);
  }
  return result;
}
