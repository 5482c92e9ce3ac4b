import type { AwsClients } from '../aws/clients.js';
import { awsErrorName } from '../aws/errors.js';
import { pipelineNotFound } from './definition.js';

export interface ExecutionSummary {
  id: string;
  status: string;
  startTime: Date | undefined;
  lastUpdateTime: Date | undefined;
  /** CreatePipeline, CloudWatchEvent (a push), StartPipelineExecution... */
  trigger: string | undefined;
  /** The source commit (the CodeCommit commit id); absent when Source never resolved one. */
  revisionId: string | undefined;
  revisionSummary: string | undefined;
}

/**
 * Whether an execution ran a shipped commit. The run CodePipeline starts when the pipeline is created
 * fails at Source because `main` does not exist yet: it has no source revision (and trigger CreatePipeline),
 * and must never be taken for the current execution.
 */
export function isShippedExecution(execution: ExecutionSummary): boolean {
  return execution.revisionId !== undefined && execution.trigger !== 'CreatePipeline';
}

/** The pipeline's executions, newest first (at most `max`), optionally only those that succeeded in a stage. */
export async function listExecutions(
  clients: AwsClients,
  pipelineName: string,
  options: { max?: number; succeededInStage?: string } = {},
): Promise<ExecutionSummary[]> {
  const { ListPipelineExecutionsCommand } = await import('@aws-sdk/client-codepipeline');
  const client = await clients.codePipeline();
  const max = options.max ?? 50;
  const found: ExecutionSummary[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await client.send(
        new ListPipelineExecutionsCommand({
          pipelineName,
          maxResults: Math.min(100, max - found.length),
          nextToken,
          ...(options.succeededInStage
            ? { filter: { succeededInStage: { stageName: options.succeededInStage } } }
            : {}),
        }),
      );
      for (const summary of page.pipelineExecutionSummaries ?? []) {
        const source = summary.sourceRevisions?.[0];
        found.push({
          id: summary.pipelineExecutionId ?? '?',
          status: summary.status ?? 'unknown',
          startTime: summary.startTime,
          lastUpdateTime: summary.lastUpdateTime,
          trigger: summary.trigger?.triggerType,
          revisionId: source?.revisionId,
          revisionSummary: source?.revisionSummary,
        });
      }
      nextToken = page.nextToken;
    } while (nextToken && found.length < max);
  } catch (error) {
    if (awsErrorName(error) === 'PipelineNotFoundException') throw pipelineNotFound(pipelineName);
    throw error;
  }
  return found.slice(0, max);
}

/** The newest execution of a shipped commit (never the creation-time run), if any. */
export async function latestShippedExecution(
  clients: AwsClients,
  pipelineName: string,
): Promise<ExecutionSummary | undefined> {
  return (await listExecutions(clients, pipelineName, { max: 20 })).find(isShippedExecution);
}

/** The newest execution that got through the deploy stage: the revision the pipeline last made live. */
export async function lastDeployedExecution(
  clients: AwsClients,
  pipelineName: string,
  deployStage: string,
): Promise<ExecutionSummary | undefined> {
  const executions = await listExecutions(clients, pipelineName, { max: 10, succeededInStage: deployStage });
  return executions.find(isShippedExecution);
}
