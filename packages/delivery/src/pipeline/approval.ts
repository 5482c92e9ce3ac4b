import type { GetPipelineStateCommandOutput } from '@aws-sdk/client-codepipeline';
import { ChallengeError } from '@challenge/infra';
import type { AwsClients } from '../aws/clients.js';
import { awsErrorName } from '../aws/errors.js';
import { sleep } from '../sleep.js';
import { pipelineNotFound } from './definition.js';

/** A manual approval action waiting for an answer. */
export interface PendingApproval {
  pipelineName: string;
  stageName: string;
  actionName: string;
  token: string;
  executionId: string | undefined;
  waitingSince: Date | undefined;
  revisionId: string | undefined;
  revisionSummary: string | undefined;
}

/** The manual approval that is waiting now (an approval action InProgress with a token), if any. */
export async function findPendingApproval(
  clients: AwsClients,
  pipelineName: string,
): Promise<PendingApproval | undefined> {
  const { GetPipelineExecutionCommand, GetPipelineStateCommand } = await import(
    '@aws-sdk/client-codepipeline'
  );
  const client = await clients.codePipeline();
  let state: GetPipelineStateCommandOutput;
  try {
    state = await client.send(new GetPipelineStateCommand({ name: pipelineName }));
  } catch (error) {
    if (awsErrorName(error) === 'PipelineNotFoundException') throw pipelineNotFound(pipelineName);
    throw error;
  }
  for (const stage of state.stageStates ?? []) {
    for (const action of stage.actionStates ?? []) {
      const latest = action.latestExecution;
      if (latest?.status !== 'InProgress' || !latest.token) continue;
      const executionId = stage.latestExecution?.pipelineExecutionId;
      const pending: PendingApproval = {
        pipelineName,
        stageName: String(stage.stageName),
        actionName: String(action.actionName),
        token: latest.token,
        executionId,
        waitingSince: latest.lastStatusChange,
        revisionId: undefined,
        revisionSummary: undefined,
      };
      if (executionId) {
        const { pipelineExecution } = await client.send(
          new GetPipelineExecutionCommand({ pipelineName, pipelineExecutionId: executionId }),
        );
        const revision = pipelineExecution?.artifactRevisions?.[0];
        pending.revisionId = revision?.revisionId;
        pending.revisionSummary = revision?.revisionSummary;
      }
      return pending;
    }
  }
  return undefined;
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs: number;
  onPoll?: () => void;
}

/** Polls until an approval is pending or the timeout passes (then a clear error). */
export async function waitForPendingApproval(
  clients: AwsClients,
  pipelineName: string,
  options: WaitOptions,
): Promise<PendingApproval> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const pending = await findPendingApproval(clients, pipelineName);
    if (pending) return pending;
    if (Date.now() + options.intervalMs > deadline) {
      throw new ChallengeError(
        `No approval became pending in pipeline ${pipelineName} within ${Math.round(options.timeoutMs / 1000)} s.`,
        {
          code: 'NO_PENDING_APPROVAL',
          hint: 'Check `challenge status` to see where the pipeline is; raise --timeout to wait longer.',
        },
      );
    }
    options.onPoll?.();
    await sleep(options.intervalMs);
  }
}

/** Sends the answer for exactly that approval; a stale or already-answered one gets a clear error, no retry. */
export async function answerApproval(
  clients: AwsClients,
  pending: PendingApproval,
  answer: { status: 'Approved' | 'Rejected'; summary: string },
): Promise<void> {
  const { PutApprovalResultCommand } = await import('@aws-sdk/client-codepipeline');
  const client = await clients.codePipeline();
  try {
    await client.send(
      new PutApprovalResultCommand({
        pipelineName: pending.pipelineName,
        stageName: pending.stageName,
        actionName: pending.actionName,
        token: pending.token,
        result: { status: answer.status, summary: answer.summary },
      }),
    );
  } catch (error) {
    switch (awsErrorName(error)) {
      case 'ApprovalAlreadyCompletedException':
        throw new ChallengeError(
          `The approval ${pending.stageName}/${pending.actionName} was already answered (by someone else, or it expired) before yours arrived.`,
          {
            code: 'APPROVAL_ALREADY_COMPLETED',
            hint: 'Run `challenge status` to see the outcome; nothing was sent twice.',
          },
        );
      case 'InvalidApprovalTokenException':
        throw new ChallengeError(
          `The approval token for ${pending.stageName}/${pending.actionName} is no longer valid (a newer execution replaced it).`,
          {
            code: 'INVALID_APPROVAL_TOKEN',
            hint: 'Run `challenge approve` again to answer the approval that is pending now.',
          },
        );
      case 'PipelineNotFoundException':
        throw pipelineNotFound(pending.pipelineName);
      default:
        throw error;
    }
  }
}
