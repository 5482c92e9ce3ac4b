import { jsonError, jsonResult } from './responses.js';
import type { FakeAwsRequest, ServiceHandler } from './server.js';

export interface FakeAction {
  name: string;
  status?: 'InProgress' | 'Succeeded' | 'Failed' | 'Abandoned';
  /** Approval token while a manual approval waits. */
  token?: string;
  lastStatusChange?: Date;
  summary?: string;
}

export interface FakeStage {
  name: string;
  actions: FakeAction[];
  executionId?: string;
  status?: 'InProgress' | 'Succeeded' | 'Failed' | 'Stopped' | 'Cancelled';
}

export interface FakeExecution {
  id: string;
  status: 'InProgress' | 'Succeeded' | 'Failed' | 'Stopped' | 'Superseded';
  revisionId: string;
  revisionSummary: string;
}

/** A mutable pipeline the test scripts: stages, executions, and hooks to stage races. */
export interface PipelineScenario {
  name: string;
  stages: FakeStage[];
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

function stageStates(scenario: PipelineScenario) {
  return scenario.stages.map((stage) => ({
    stageName: stage.name,
    inboundTransitionState: { enabled: true },
    actionStates: stage.actions.map((action) => ({
      actionName: action.name,
      ...(action.status
        ? {
            latestExecution: {
              status: action.status,
              ...(action.token ? { token: action.token } : {}),
              ...(action.summary ? { summary: action.summary } : {}),
              lastStatusChange: (action.lastStatusChange ?? new Date()).getTime() / 1000,
            },
          }
        : {}),
    })),
    ...(stage.executionId
      ? { latestExecution: { pipelineExecutionId: stage.executionId, status: stage.status ?? 'InProgress' } }
      : {}),
  }));
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
  delete action.token;
  return jsonResult({ approvedAt: Date.now() / 1000 });
}

/**
 * CodePipeline (awsJson1_1, CodePipeline_20150709): GetPipelineState, GetPipelineExecution,
 * ListPipelineExecutions, PutApprovalResult.
 */
export function codePipelineHandler(scenarios: PipelineScenario[]): ServiceHandler {
  return (request: FakeAwsRequest) => {
    const body = request.json ?? {};
    // GetPipelineState names the pipeline `name`; the other operations `pipelineName`.
    const pipelineName = request.action === 'GetPipelineState' ? body['name'] : body['pipelineName'];
    const scenario = scenarios.find((s) => s.name === pipelineName);
    if (!scenario) {
      return jsonError(400, 'PipelineNotFoundException', `Pipeline ${String(pipelineName)} not found`);
    }
    switch (request.action) {
      case 'GetPipelineState':
        scenario.getStateCalls = (scenario.getStateCalls ?? 0) + 1;
        scenario.onGetState?.(scenario, scenario.getStateCalls);
        return jsonResult({
          pipelineName: scenario.name,
          pipelineVersion: 1,
          stageStates: stageStates(scenario),
        });
      case 'GetPipelineExecution': {
        const execution = scenario.executions.find((e) => e.id === body['pipelineExecutionId']);
        if (!execution) return jsonError(400, 'PipelineExecutionNotFoundException', 'Execution not found');
        return jsonResult({
          pipelineExecution: {
            pipelineName: scenario.name,
            pipelineVersion: 1,
            pipelineExecutionId: execution.id,
            status: execution.status,
            artifactRevisions: [
              {
                name: 'SourceArtifact',
                revisionId: execution.revisionId,
                revisionSummary: execution.revisionSummary,
              },
            ],
          },
        });
      }
      case 'ListPipelineExecutions':
        scenario.onListExecutions?.(scenario);
        return jsonResult({
          pipelineExecutionSummaries: scenario.executions.map((execution) => ({
            pipelineExecutionId: execution.id,
            status: execution.status,
            startTime: 1_700_000_000,
            sourceRevisions: [
              {
                actionName: 'Source',
                revisionId: execution.revisionId,
                revisionSummary: execution.revisionSummary,
              },
            ],
          })),
        });
      case 'PutApprovalResult':
        return putApprovalResult(scenario, body);
      default:
        return undefined;
    }
  };
}
