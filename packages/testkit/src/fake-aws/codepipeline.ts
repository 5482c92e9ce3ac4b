import { jsonError, jsonResult } from './responses.js';
import type { FakeAwsRequest, ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';

export type ActionCategory = 'Source' | 'Build' | 'Deploy' | 'Test' | 'Invoke' | 'Approval' | 'Compute';
export type ActionStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Abandoned';
export type TriggerType =
  | 'CreatePipeline'
  | 'StartPipelineExecution'
  | 'PollForSourceChanges'
  | 'Webhook'
  | 'CloudWatchEvent'
  | 'PutActionRevision'
  | 'WebhookV2'
  | 'ManualRollback'
  | 'AutomatedRollback';

export interface FakeErrorDetails {
  code: string;
  message: string;
}

export interface FakeAction {
  name: string;
  status?: ActionStatus;
  /** Approval token while a manual approval waits. */
  token?: string;
  lastStatusChange?: Date;
  /** When the current run started (default lastStatusChange). */
  startTime?: Date;
  summary?: string;
  /** Action type (GetPipeline, ListActionExecutions); default from the stage name, see STAGE_ACTION_TYPES. */
  category?: ActionCategory;
  provider?: string;
  configuration?: Record<string, string>;
  /** Id of the run in the service that did the work (the CodeBuild build id, the ECS deployment...). */
  externalExecutionId?: string;
  errorDetails?: FakeErrorDetails;
}

export interface FakeStage {
  name: string;
  actions: FakeAction[];
  executionId?: string;
  status?: 'InProgress' | 'Succeeded' | 'Failed' | 'Stopped' | 'Cancelled';
}

/** One finished (or running) action of an execution, for ListActionExecutions. */
export interface FakeActionRun {
  stage: string;
  action: string;
  status: ActionStatus;
  startTime: Date;
  lastUpdateTime?: Date;
  externalExecutionId?: string;
  summary?: string;
  errorDetails?: FakeErrorDetails;
}

export interface FakeExecution {
  id: string;
  status: 'InProgress' | 'Succeeded' | 'Failed' | 'Stopped' | 'Stopping' | 'Superseded' | 'Cancelled';
  /** The source commit; absent for a run that failed before Source resolved one (the creation-time run). */
  revisionId?: string;
  revisionSummary?: string;
  /** Default CloudWatchEvent (the push rule); CreatePipeline for the run AWS starts when the pipeline is created. */
  trigger?: TriggerType;
  /** Default: one second after the previous execution of the list (the list is oldest first). */
  startTime?: Date;
  lastUpdateTime?: Date;
  /** Earlier action runs of this execution; the current stage states add theirs. */
  actions?: FakeActionRun[];
}

/** A mutable pipeline the test scripts: stages, executions, and hooks to stage races. */
export interface PipelineScenario {
  name: string;
  stages: FakeStage[];
  /** Oldest first; ListPipelineExecutions answers newest first, as AWS does. */
  executions: FakeExecution[];
  /** Every PutApprovalResult that was accepted. */
  approvals: Array<{ stageName: string; actionName: string; status: string; summary: string; token: string }>;
  /** Runs before PutApprovalResult is judged (e.g. someone else approves first). */
  beforePutApproval?: (scenario: PipelineScenario) => void;
  /** Runs on every ListPipelineExecutions (e.g. the execution a push started appears). */
  onListExecutions?: (scenario: PipelineScenario) => void;
  /** How many GetPipelineState calls this pipeline answered. */
  getStateCalls?: number;
  /** Runs on every GetPipelineState (e.g. an approval becomes pending after N polls). */
  onGetState?: (scenario: PipelineScenario, calls: number) => void;
}

/** The action types of the stack's pipeline stages (terraform/modules/pipeline), used when a FakeAction names none. */
export const STAGE_ACTION_TYPES: Record<string, { category: ActionCategory; provider: string }> = {
  Source: { category: 'Source', provider: 'CodeCommit' },
  Build: { category: 'Build', provider: 'CodeBuild' },
  Test: { category: 'Test', provider: 'CodeBuild' },
  Approval: { category: 'Approval', provider: 'Manual' },
  Deploy: { category: 'Deploy', provider: 'ECS' },
};

const ACCOUNT = '123456789012';
const BASE_TIME = 1_700_000_000_000;

function actionType(stage: FakeStage, action: FakeAction) {
  const fallback = STAGE_ACTION_TYPES[stage.name] ?? { category: 'Invoke' as const, provider: 'Lambda' };
  return {
    category: action.category ?? fallback.category,
    owner: 'AWS',
    provider: action.provider ?? fallback.provider,
    version: '1',
  };
}

const seconds = (date: Date) => date.getTime() / 1000;

function startTimeOf(scenario: PipelineScenario, execution: FakeExecution): Date {
  return execution.startTime ?? new Date(BASE_TIME + scenario.executions.indexOf(execution) * 1000);
}

function actionExecutionId(executionId: string, stage: string, action: string): string {
  return `${executionId}-${stage}-${action}`.replace(/[^A-Za-z0-9-]/g, '-');
}

function stageStates(scenario: PipelineScenario) {
  return scenario.stages.map((stage) => ({
    stageName: stage.name,
    inboundTransitionState: { enabled: true },
    actionStates: stage.actions.map((action) => ({
      actionName: action.name,
      ...(action.status
        ? {
            latestExecution: {
              ...(stage.executionId
                ? { actionExecutionId: actionExecutionId(stage.executionId, stage.name, action.name) }
                : {}),
              status: action.status,
              ...(action.token ? { token: action.token } : {}),
              ...(action.summary ? { summary: action.summary } : {}),
              ...(action.externalExecutionId ? { externalExecutionId: action.externalExecutionId } : {}),
              ...(action.errorDetails ? { errorDetails: action.errorDetails } : {}),
              lastStatusChange: seconds(action.lastStatusChange ?? new Date()),
            },
          }
        : {}),
    })),
    ...(stage.executionId
      ? { latestExecution: { pipelineExecutionId: stage.executionId, status: stage.status ?? 'InProgress' } }
      : {}),
  }));
}

/** The action runs of one execution: its recorded ones plus those the current stage states show for it. */
function runsOf(scenario: PipelineScenario, execution: FakeExecution): FakeActionRun[] {
  const runs = [...(execution.actions ?? [])];
  for (const stage of scenario.stages) {
    if (stage.executionId !== execution.id) continue;
    for (const action of stage.actions) {
      if (!action.status || runs.some((r) => r.stage === stage.name && r.action === action.name)) continue;
      runs.push({
        stage: stage.name,
        action: action.name,
        status: action.status,
        startTime: action.startTime ?? action.lastStatusChange ?? new Date(),
        ...(action.lastStatusChange ? { lastUpdateTime: action.lastStatusChange } : {}),
        ...(action.externalExecutionId ? { externalExecutionId: action.externalExecutionId } : {}),
        ...(action.summary ? { summary: action.summary } : {}),
        ...(action.errorDetails ? { errorDetails: action.errorDetails } : {}),
      });
    }
  }
  return runs;
}

function putApprovalResult(scenario: PipelineScenario, body: Record<string, unknown>) {
  scenario.beforePutApproval?.(scenario);
  const stage = scenario.stages.find((s) => s.name === body['stageName']);
  if (!stage) return jsonError(400, 'StageNotFoundException', `Stage ${String(body['stageName'])} not found`);
  const action = stage.actions.find((a) => a.name === body['actionName']);
  if (!action)
    return jsonError(400, 'ActionNotFoundException', `Action ${String(body['actionName'])} not found`);
  if (action.status !== 'InProgress') {
    return jsonError(
      400,
      'ApprovalAlreadyCompletedException',
      'The approval request already received a response or has expired.',
    );
  }
  if (action.token !== body['token']) {
    return jsonError(
      400,
      'InvalidApprovalTokenException',
      'The approval token is not valid for this action.',
    );
  }
  const result = body['result'] as { status?: string; summary?: string } | undefined;
  if (result?.status !== 'Approved' && result?.status !== 'Rejected') {
    return jsonError(400, 'ValidationException', 'result.status must be Approved or Rejected');
  }
  scenario.approvals.push({
    stageName: stage.name,
    actionName: action.name,
    status: result.status,
    summary: result.summary ?? '',
    token: String(body['token']),
  });
  action.status = result.status === 'Approved' ? 'Succeeded' : 'Failed';
  action.summary = result.summary;
  action.lastStatusChange = new Date();
  delete action.token;
  return jsonResult({ approvedAt: Date.now() / 1000 });
}

function scenarioOf(scenarios: PipelineScenario[], request: FakeAwsRequest) {
  const body = request.json ?? {};
  // GetPipelineState and GetPipeline name the pipeline `name`; the other operations `pipelineName`.
  const pipelineName = 'name' in body ? body['name'] : body['pipelineName'];
  const scenario = scenarios.find((s) => s.name === pipelineName);
  return {
    body,
    scenario,
    notFound: () =>
      jsonError(
        400,
        'PipelineNotFoundException',
        `Account '${ACCOUNT}' does not have a pipeline with name '${String(pipelineName)}'`,
      ),
  };
}

function page<T>(items: T[], body: Record<string, unknown>, defaultMax: number) {
  const max = typeof body['maxResults'] === 'number' ? body['maxResults'] : defaultMax;
  const start = typeof body['nextToken'] === 'string' ? Number(body['nextToken']) : 0;
  const slice = items.slice(start, start + max);
  return { slice, nextToken: start + max < items.length ? String(start + max) : undefined };
}

function succeededIn(scenario: PipelineScenario, execution: FakeExecution, stageName: string): boolean {
  const runs = runsOf(scenario, execution).filter((r) => r.stage === stageName);
  return runs.length > 0 && runs.every((r) => r.status === 'Succeeded');
}

const CODEPIPELINE = defineFakeService<PipelineScenario[]>({
  model: 'codepipeline',
  signingName: 'codepipeline',
  protocol: 'json',
  operations: {
    GetPipelineState: (scenarios, request) => {
      const { scenario, notFound } = scenarioOf(scenarios, request);
      if (!scenario) return notFound();
      scenario.getStateCalls = (scenario.getStateCalls ?? 0) + 1;
      scenario.onGetState?.(scenario, scenario.getStateCalls);
      return jsonResult({
        pipelineName: scenario.name,
        pipelineVersion: 1,
        stageStates: stageStates(scenario),
      });
    },
    GetPipeline: (scenarios, request) => {
      const { scenario, notFound } = scenarioOf(scenarios, request);
      if (!scenario) return notFound();
      return jsonResult({
        pipeline: {
          name: scenario.name,
          roleArn: `arn:aws:iam::${ACCOUNT}:role/${scenario.name}-codepipeline`,
          artifactStore: { type: 'S3', location: `${scenario.name}-artifacts` },
          stages: scenario.stages.map((stage) => ({
            name: stage.name,
            actions: stage.actions.map((action) => ({
              name: action.name,
              actionTypeId: actionType(stage, action),
              runOrder: 1,
              configuration: action.configuration ?? {},
              inputArtifacts: [],
              outputArtifacts: [],
            })),
          })),
          version: 1,
          executionMode: 'SUPERSEDED',
          pipelineType: 'V2',
        },
        metadata: {
          pipelineArn: `arn:aws:codepipeline:${request.region}:${ACCOUNT}:${scenario.name}`,
          created: BASE_TIME / 1000,
          updated: BASE_TIME / 1000,
        },
      });
    },
    GetPipelineExecution: (scenarios, request) => {
      const { scenario, notFound, body } = scenarioOf(scenarios, request);
      if (!scenario) return notFound();
      const execution = scenario.executions.find((e) => e.id === body['pipelineExecutionId']);
      if (!execution) {
        return jsonError(
          400,
          'PipelineExecutionNotFoundException',
          `Pipeline execution ${String(body['pipelineExecutionId'])} not found in pipeline ${scenario.name}`,
        );
      }
      return jsonResult({
        pipelineExecution: {
          pipelineName: scenario.name,
          pipelineVersion: 1,
          pipelineExecutionId: execution.id,
          status: execution.status,
          artifactRevisions: execution.revisionId
            ? [
                {
                  name: 'source',
                  revisionId: execution.revisionId,
                  ...(execution.revisionSummary ? { revisionSummary: execution.revisionSummary } : {}),
                },
              ]
            : [],
          trigger: { triggerType: execution.trigger ?? 'CloudWatchEvent' },
          executionMode: 'SUPERSEDED',
          executionType: 'STANDARD',
        },
      });
    },
    ListPipelineExecutions: (scenarios, request) => {
      const { scenario, notFound, body } = scenarioOf(scenarios, request);
      if (!scenario) return notFound();
      scenario.onListExecutions?.(scenario);
      const stageFilter = (body['filter'] as { succeededInStage?: { stageName?: string } } | undefined)
        ?.succeededInStage?.stageName;
      const newestFirst = [...scenario.executions]
        .filter((execution) => stageFilter === undefined || succeededIn(scenario, execution, stageFilter))
        .sort((a, b) => startTimeOf(scenario, b).getTime() - startTimeOf(scenario, a).getTime());
      const { slice, nextToken } = page(newestFirst, body, 100);
      return jsonResult({
        pipelineExecutionSummaries: slice.map((execution) => ({
          pipelineExecutionId: execution.id,
          status: execution.status,
          startTime: seconds(startTimeOf(scenario, execution)),
          lastUpdateTime: seconds(execution.lastUpdateTime ?? startTimeOf(scenario, execution)),
          sourceRevisions: execution.revisionId
            ? [
                {
                  actionName: 'Source',
                  revisionId: execution.revisionId,
                  ...(execution.revisionSummary ? { revisionSummary: execution.revisionSummary } : {}),
                },
              ]
            : [],
          trigger: { triggerType: execution.trigger ?? 'CloudWatchEvent' },
          executionMode: 'SUPERSEDED',
          executionType: 'STANDARD',
        })),
        ...(nextToken ? { nextToken } : {}),
      });
    },
    ListActionExecutions: (scenarios, request) => {
      const { scenario, notFound, body } = scenarioOf(scenarios, request);
      if (!scenario) return notFound();
      const executionId = (body['filter'] as { pipelineExecutionId?: string } | undefined)
        ?.pipelineExecutionId;
      const executions =
        executionId === undefined
          ? scenario.executions
          : scenario.executions.filter((e) => e.id === executionId);
      if (executionId !== undefined && executions.length === 0) {
        return jsonError(
          400,
          'PipelineExecutionNotFoundException',
          `Pipeline execution ${executionId} not found in pipeline ${scenario.name}`,
        );
      }
      const details = executions
        .flatMap((execution) =>
          runsOf(scenario, execution).map((run) => {
            const stage = scenario.stages.find((s) => s.name === run.stage);
            const action = stage?.actions.find((a) => a.name === run.action);
            const type =
              stage && action
                ? actionType(stage, action)
                : actionType({ name: run.stage, actions: [] }, { name: run.action });
            return {
              pipelineExecutionId: execution.id,
              actionExecutionId: actionExecutionId(execution.id, run.stage, run.action),
              pipelineVersion: 1,
              stageName: run.stage,
              actionName: run.action,
              startTime: seconds(run.startTime),
              lastUpdateTime: seconds(run.lastUpdateTime ?? run.startTime),
              status: run.status,
              input: {
                actionTypeId: type,
                configuration: action?.configuration ?? {},
                resolvedConfiguration: action?.configuration ?? {},
                region: request.region,
                inputArtifacts: [],
              },
              output: {
                outputArtifacts: [],
                executionResult: {
                  ...(run.externalExecutionId ? { externalExecutionId: run.externalExecutionId } : {}),
                  ...(run.summary ? { externalExecutionSummary: run.summary } : {}),
                  ...(run.errorDetails ? { errorDetails: run.errorDetails } : {}),
                },
              },
            };
          }),
        )
        .sort((a, b) => b.startTime - a.startTime);
      const { slice, nextToken } = page(details, body, 100);
      return jsonResult({ actionExecutionDetails: slice, ...(nextToken ? { nextToken } : {}) });
    },
    PutApprovalResult: (scenarios, request) => {
      const { scenario, notFound, body } = scenarioOf(scenarios, request);
      if (!scenario) return notFound();
      return putApprovalResult(scenario, body);
    },
  },
});

/**
 * CodePipeline (awsJson1_1, CodePipeline_20150709): GetPipeline, GetPipelineState, GetPipelineExecution,
 * ListPipelineExecutions (with the succeededInStage filter), ListActionExecutions, PutApprovalResult.
 */
export function codePipelineHandler(scenarios: PipelineScenario[]): ServiceHandler {
  return CODEPIPELINE.handler(scenarios);
}

/**
 * The run AWS starts when the pipeline is created: it fails at Source because the branch does not exist
 * yet (nothing was pushed), with the error CodePipeline reports for it.
 */
export function creationTimeExecution(id: string, repositoryName: string, startTime?: Date): FakeExecution {
  const start = startTime ?? new Date(BASE_TIME - 3_600_000);
  return {
    id,
    status: 'Failed',
    trigger: 'CreatePipeline',
    startTime: start,
    lastUpdateTime: new Date(start.getTime() + 2000),
    actions: [
      {
        stage: 'Source',
        action: 'Source',
        status: 'Failed',
        startTime: start,
        lastUpdateTime: new Date(start.getTime() + 2000),
        errorDetails: {
          code: 'JobFailed',
          message: `The action failed because no branch named main was found in the selected AWS CodeCommit repository ${repositoryName}. Make sure you are using the correct branch name, and then try again. Error: null`,
        },
      },
    ],
  };
}
