import type { AwsClients } from '../aws/clients.js';
import { describeAwsError } from '../aws/errors.js';
import { describeBuild } from '../logs/build-logs.js';
import { readWholeLog } from '../logs/whole-log.js';
import { type ActionRun, listActionRuns } from '../pipeline/action-runs.js';
import type { SmokeCheckResult } from '../smoke/checks.js';
import { contractResultsFromLog } from '../smoke/contract-log.js';

/** What the pipeline's Test stage found: the contract checks its build ran (from the build's log). */
export interface TestStageReport {
  stage: string;
  action: string;
  status: string;
  buildId: string | undefined;
  /** In the order the stage ran them; empty when the build never got to them. */
  checks: SmokeCheckResult[];
  /** Why the checks could not be read, when they could not. */
  error: string | undefined;
}

/** The contract check results a CodeBuild build logged (`python -m contract`'s lines). */
export async function contractChecksOfBuild(
  clients: AwsClients,
  buildId: string,
): Promise<SmokeCheckResult[]> {
  const build = await describeBuild(clients, buildId);
  if (!build.log) throw new Error(`build ${buildId} has no CloudWatch log`);
  return contractResultsFromLog(await readWholeLog(clients, build.log));
}

/** Whether an action run is a Test stage action that ran in CodeBuild. */
export function isTestRun(run: ActionRun): boolean {
  return run.category === 'Test' && run.provider === 'CodeBuild';
}

export async function testReportOfRun(clients: AwsClients, run: ActionRun): Promise<TestStageReport> {
  const report: TestStageReport = {
    stage: run.stage,
    action: run.action,
    status: run.status,
    buildId: run.externalExecutionId,
    checks: [],
    error: undefined,
  };
  if (!run.externalExecutionId) {
    report.error = 'the action names no CodeBuild build';
    return report;
  }
  try {
    report.checks = await contractChecksOfBuild(clients, run.externalExecutionId);
  } catch (error) {
    report.error = describeAwsError(error);
  }
  return report;
}

/** The Test stage runs of one execution, each with its contract checks; none when the pipeline has no Test stage. */
export async function readTestStageReports(
  clients: AwsClients,
  pipelineName: string,
  executionId: string,
  runs?: ActionRun[],
): Promise<TestStageReport[]> {
  const all = runs ?? (await listActionRuns(clients, pipelineName, executionId));
  return Promise.all(
    all
      .filter((run) => run.executionId === executionId && isTestRun(run))
      .map((run) => testReportOfRun(clients, run)),
  );
}
