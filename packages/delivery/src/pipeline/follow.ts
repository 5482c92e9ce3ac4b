import { ChallengeError } from '@challenge/infra';
import type { AwsClients } from '../aws/clients.js';
import { describeAwsError } from '../aws/errors.js';
import type { DeploymentProbe, DeploymentProgress } from '../deploy/deployment-probe.js';
import { deploymentProbeFor } from '../deploy/probe.js';
import { StallDetector } from '../deploy/watch.js';
import { diagnoseExecution } from '../diagnosis/execution.js';
import type { Diagnosis } from '../diagnosis/types.js';
import { sleep } from '../sleep.js';
import { readPipelineDefinition } from './definition.js';

export interface FollowOptions {
  timeoutMs: number;
  intervalMs: number;
  /** A deployment with no new healthy task for this long is reported as stuck. */
  stuckAfterMs: number;
  /** Called whenever the stage's status changes. */
  onStatus?: (status: string) => void;
  /** Called whenever the deployment's progress changes (deploy stages). */
  onProgress?: (progress: DeploymentProgress) => void;
}

export interface FollowResult {
  /**
   * Succeeded, Failed, Stopped, Cancelled, Stuck (no progress for stuckAfterMs), or WaitingForContinue
   * (a blue/green deployment holds production traffic on blue until ContinueDeployment).
   */
  status: string;
  /** The deployment the stage's deploy action runs, when it was followed. */
  deploymentId?: string | undefined;
  /** Why, when it did not succeed. */
  diagnoses: Diagnosis[];
}

const DONE = new Set(['Succeeded', 'Failed', 'Stopped', 'Cancelled']);

/** The stage that runs after `stageName` in the pipeline's stage order. */
export async function nextStageName(
  clients: AwsClients,
  pipelineName: string,
  stageName: string,
): Promise<string | undefined> {
  const names = (await readPipelineDefinition(clients, pipelineName)).stages.map((stage) => stage.name);
  const index = names.indexOf(stageName);
  return index >= 0 ? names[index + 1] : undefined;
}

/**
 * Polls one stage until the given execution finished it. While a deploy action runs, its deployment is
 * followed too: a deployment that fails, or makes no progress for `stuckAfterMs`, is reported at once with
 * its evidence, instead of waiting for the pipeline's own timeout.
 */
export async function followStage(
  clients: AwsClients,
  pipelineName: string,
  stageName: string,
  executionId: string | undefined,
  options: FollowOptions,
): Promise<FollowResult> {
  const { GetPipelineStateCommand } = await import('@aws-sdk/client-codepipeline');
  const client = await clients.codePipeline();
  const definition = await readPipelineDefinition(clients, pipelineName);
  const deployAction = definition.stages
    .find((stage) => stage.name === stageName)
    ?.actions.find((action) => action.category === 'Deploy');
  const deadline = Date.now() + options.timeoutMs;
  let last = '';
  let lastProgress = '';
  let probe: DeploymentProbe | undefined;
  let stall: StallDetector | undefined;
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
    if (ours && DONE.has(status)) {
      if (status === 'Succeeded') return { status, diagnoses: [] };
      const id = executionId ?? latest.pipelineExecutionId ?? '';
      return { status, diagnoses: await diagnoseExecution(clients, pipelineName, id, stageName) };
    }
    if (ours && status === 'InProgress' && deployAction) {
      const actionState = stage?.actionStates?.find(
        (a) => a.actionName === deployAction.name,
      )?.latestExecution;
      probe ??= deploymentProbeFor(clients, {
        provider: deployAction.provider,
        configuration: deployAction.configuration,
        stage: stageName,
        action: deployAction.name,
        notBefore: actionState?.lastStatusChange,
        externalExecutionId: actionState?.externalExecutionId,
      });
      stall ??= new StallDetector(options.stuckAfterMs);
      const progress = await probe?.poll().catch((error: unknown) => {
        options.onProgress?.({
          phase: 'in-progress',
          healthyNew: 0,
          desired: 0,
          detail: `cannot read the deployment: ${describeAwsError(error)}`,
        });
        return undefined;
      });
      if (probe && progress) {
        if (progress.detail !== lastProgress) {
          lastProgress = progress.detail;
          options.onProgress?.(progress);
        }
        if (progress.phase === 'failed') return { status: 'Failed', diagnoses: [await probe.diagnose()] };
        // Blue/green with a wait before the reroute: a person continues it (`challenge approve --continue`).
        if (progress.waitingFor === 'continue') {
          return { status: 'WaitingForContinue', diagnoses: [], deploymentId: progress.deploymentId };
        }
        const stuck = stall.observe(progress);
        if (stuck) return { status: 'Stuck', diagnoses: [await probe.diagnose(stuck)] };
      }
    }
    if (Date.now() + options.intervalMs > deadline) {
      throw new ChallengeError(
        `Stage ${stageName} of ${pipelineName} did not finish within ${Math.round(options.timeoutMs / 1000)} s (last: ${status}).`,
        { code: 'FOLLOW_TIMEOUT', hint: 'Check `challenge status`; follow longer with a larger --timeout.' },
      );
    }
    await sleep(options.intervalMs);
  }
}
