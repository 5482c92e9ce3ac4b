import type { AwsClients } from '../aws/clients.js';
import { awsErrorName } from '../aws/errors.js';
import { pipelineNotFound } from './definition.js';

/** One action of one execution, as ListActionExecutions reports it. */
export interface ActionRun {
  executionId: string;
  stage: string;
  action: string;
  status: string;
  category: string;
  provider: string;
  configuration: Record<string, string>;
  startTime: Date | undefined;
  lastUpdateTime: Date | undefined;
  /** Id of the work in the service that did it: the CodeBuild build id, ... */
  externalExecutionId: string | undefined;
  summary: string | undefined;
  errorMessage: string | undefined;
}

/** The action runs of one execution (or of the whole pipeline, newest first), all pages. */
export async function listActionRuns(
  clients: AwsClients,
  pipelineName: string,
  executionId?: string,
  options: { max?: number } = {},
): Promise<ActionRun[]> {
  const { ListActionExecutionsCommand } = await import('@aws-sdk/client-codepipeline');
  const client = await clients.codePipeline();
  const max = options.max ?? 500;
  const runs: ActionRun[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client
      .send(
        new ListActionExecutionsCommand({
          pipelineName,
          nextToken,
          maxResults: Math.min(100, max - runs.length),
          ...(executionId ? { filter: { pipelineExecutionId: executionId } } : {}),
        }),
      )
      .catch((error: unknown) => {
        // A first apply that failed before the pipeline: the same cause and fix as every pipeline read.
        if (awsErrorName(error) === 'PipelineNotFoundException') throw pipelineNotFound(pipelineName);
        throw error;
      });
    for (const detail of page.actionExecutionDetails ?? []) {
      const result = detail.output?.executionResult;
      runs.push({
        executionId: detail.pipelineExecutionId ?? '?',
        stage: detail.stageName ?? '?',
        action: detail.actionName ?? '?',
        status: detail.status ?? 'unknown',
        category: detail.input?.actionTypeId?.category ?? 'unknown',
        provider: detail.input?.actionTypeId?.provider ?? 'unknown',
        configuration: detail.input?.configuration ?? {},
        startTime: detail.startTime,
        lastUpdateTime: detail.lastUpdateTime,
        externalExecutionId: result?.externalExecutionId,
        summary: result?.externalExecutionSummary,
        errorMessage: result?.errorDetails?.message,
      });
    }
    nextToken = page.nextToken;
  } while (nextToken && runs.length < max);
  return runs;
}
