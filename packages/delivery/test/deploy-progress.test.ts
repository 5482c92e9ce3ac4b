import { describe, expect, it } from 'vitest';
import {
  type ActionRun,
  type DeploymentProgress,
  type ExecutionSummary,
  executionTimings,
  imageTagOf,
  isShippedExecution,
  monorepoCommitOf,
  type PipelineDefinition,
  StallDetector,
  sourceOfImageTag,
} from '../src/index.js';

const progress = (
  healthyNew: number,
  phase: DeploymentProgress['phase'] = 'in-progress',
): DeploymentProgress => ({
  phase,
  healthyNew,
  desired: 2,
  detail: '',
});

describe('stuck detection', () => {
  it('reports stuck only after no new healthy task for the whole window; each new healthy task restarts it', () => {
    const stall = new StallDetector(60_000, 0);
    expect(stall.observe(progress(0), 59_000)).toBeUndefined();
    expect(stall.observe(progress(1), 59_500)).toBeUndefined();
    expect(stall.observe(progress(1), 100_000)).toBeUndefined();
    expect(stall.observe(progress(0), 119_500)).toEqual({ seconds: 60, healthyNew: 0, desired: 2 });
    expect(stall.observe(progress(2, 'completed'), 500_000)).toBeUndefined();
  });
});

const definition: PipelineDefinition = {
  name: 'p',
  stages: [
    {
      name: 'Source',
      actions: [{ name: 'Source', category: 'Source', provider: 'CodeCommit', configuration: {} }],
    },
    {
      name: 'Build',
      actions: [{ name: 'Build', category: 'Build', provider: 'CodeBuild', configuration: {} }],
    },
    {
      name: 'Approval',
      actions: [{ name: 'Approve', category: 'Approval', provider: 'Manual', configuration: {} }],
    },
    { name: 'Deploy', actions: [{ name: 'Deploy', category: 'Deploy', provider: 'ECS', configuration: {} }] },
  ],
};

const at = (s: number) => new Date(1_700_000_000_000 + s * 1000);

function run(stage: string, status: string, start: number, end?: number): ActionRun {
  return {
    executionId: 'e-1',
    stage,
    action: stage,
    status,
    category: '',
    provider: '',
    configuration: {},
    startTime: at(start),
    lastUpdateTime: end === undefined ? undefined : at(end),
    externalExecutionId: undefined,
    summary: undefined,
    errorMessage: undefined,
  };
}

const execution: ExecutionSummary = {
  id: 'e-1',
  status: 'InProgress',
  startTime: at(0),
  lastUpdateTime: at(0),
  trigger: 'CloudWatchEvent',
  revisionId: 'a'.repeat(40),
  revisionSummary: 'Ship apps/flask-app from 1234567',
};

describe('stage timings', () => {
  it('times a running execution: finished stages, the running one so far, the rest not run; not live yet', () => {
    const timings = executionTimings(
      execution,
      [run('Source', 'Succeeded', 0, 4), run('Build', 'InProgress', 4, 30), run('Other', 'Succeeded', 0, 1)],
      definition,
      at(64),
    );
    expect(timings.stages.map((s) => [s.stage, s.status, s.seconds])).toEqual([
      ['Source', 'Succeeded', 4],
      ['Build', 'InProgress', 60],
      ['Approval', 'not run', undefined],
      ['Deploy', 'not run', undefined],
    ]);
    expect(timings.pushToLiveSeconds).toBeUndefined();
  });

  it('push to live runs to the end of the deploy stage; approval time is counted apart', () => {
    const timings = executionTimings(
      { ...execution, status: 'Succeeded' },
      [
        run('Source', 'Succeeded', 0, 4),
        run('Build', 'Succeeded', 4, 120),
        run('Approval', 'Succeeded', 120, 420),
        run('Deploy', 'Succeeded', 420, 500),
      ],
      definition,
    );
    expect(timings.pushToLiveSeconds).toBe(500);
    expect(timings.approvalSeconds).toBe(300);
  });
});

describe('executions and source commits', () => {
  it('never takes the run at pipeline creation (no source revision) for a shipped one', () => {
    expect(isShippedExecution(execution)).toBe(true);
    expect(isShippedExecution({ ...execution, revisionId: undefined })).toBe(false);
    expect(isShippedExecution({ ...execution, trigger: 'CreatePipeline' })).toBe(false);
  });

  it('reads image tags (registry ports and digests included) and maps them to commits', () => {
    expect(imageTagOf('localhost:5000/app:0123456789ab')).toBe('0123456789ab');
    expect(imageTagOf('123.dkr.ecr.eu-west-1.amazonaws.com/app')).toBeUndefined();
    expect(imageTagOf('repo/app@sha256:abc')).toBeUndefined();
    expect(monorepoCommitOf('Ship apps/flask-app from 1a2b3c4d with uncommitted changes')).toBe('1a2b3c4d');
    expect(sourceOfImageTag('aaaaaaaaaaaa', [execution])).toEqual({
      codeCommitCommit: 'a'.repeat(40),
      monorepoCommit: '1234567',
      summary: 'Ship apps/flask-app from 1234567',
    });
    expect(sourceOfImageTag('latest', [execution])).toBeUndefined();
  });
});
