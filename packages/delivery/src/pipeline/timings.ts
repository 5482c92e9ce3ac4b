import type { ActionRun } from './action-runs.js';
import type { PipelineDefinition } from './definition.js';
import type { ExecutionSummary } from './executions.js';

export interface StageTiming {
  stage: string;
  category: string;
  /** Succeeded, Failed, InProgress, or "not run" for a stage this execution has not reached. */
  status: string;
  startTime: Date | undefined;
  endTime: Date | undefined;
  /** End - start; for a running stage, how long it has run so far. */
  seconds: number | undefined;
}

export interface ExecutionTimings {
  executionId: string;
  status: string;
  startTime: Date | undefined;
  stages: StageTiming[];
  /** From the push (the execution's start: the push rule starts it within seconds) to the end of the deploy stage. */
  pushToLiveSeconds: number | undefined;
  /** Time spent in approval stages (a person, not the machine). */
  approvalSeconds: number | undefined;
}

const secondsBetween = (from: Date, to: Date) =>
  Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

function stageStatus(runs: ActionRun[]): string {
  if (runs.length === 0) return 'not run';
  if (runs.some((run) => run.status === 'Failed')) return 'Failed';
  if (runs.some((run) => run.status === 'InProgress')) return 'InProgress';
  if (runs.some((run) => run.status === 'Abandoned')) return 'Abandoned';
  return 'Succeeded';
}

/** Per-stage durations of one execution, in pipeline order, and the total from push to live. */
export function executionTimings(
  execution: ExecutionSummary,
  runs: ActionRun[],
  definition: PipelineDefinition,
  now: Date = new Date(),
): ExecutionTimings {
  const stages = definition.stages.map((stage): StageTiming => {
    const ofStage = runs.filter((run) => run.executionId === execution.id && run.stage === stage.name);
    const status = stageStatus(ofStage);
    const starts = ofStage.flatMap((run) => (run.startTime ? [run.startTime.getTime()] : []));
    const ends = ofStage.flatMap((run) => (run.lastUpdateTime ? [run.lastUpdateTime.getTime()] : []));
    const startTime = starts.length > 0 ? new Date(Math.min(...starts)) : undefined;
    const endTime = status !== 'InProgress' && ends.length > 0 ? new Date(Math.max(...ends)) : undefined;
    return {
      stage: stage.name,
      category: stage.actions[0]?.category ?? 'unknown',
      status,
      startTime,
      endTime,
      seconds: startTime ? secondsBetween(startTime, endTime ?? now) : undefined,
    };
  });
  const deploy = stages.findLast((stage) => stage.category === 'Deploy');
  const live = deploy?.status === 'Succeeded' && deploy.endTime && execution.startTime;
  const approvals = stages.filter((stage) => stage.category === 'Approval' && stage.seconds !== undefined);
  return {
    executionId: execution.id,
    status: execution.status,
    startTime: execution.startTime,
    stages,
    pushToLiveSeconds:
      live && deploy.endTime && execution.startTime
        ? secondsBetween(execution.startTime, deploy.endTime)
        : undefined,
    approvalSeconds:
      approvals.length > 0 ? approvals.reduce((sum, stage) => sum + (stage.seconds ?? 0), 0) : undefined,
  };
}
