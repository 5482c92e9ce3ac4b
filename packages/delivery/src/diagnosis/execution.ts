import type { AwsClients } from '../aws/clients.js';
import { describeAwsError } from '../aws/errors.js';
import { findNewestDeployment, readBlueGreenDeployment } from '../codedeploy/deployment.js';
import { diagnoseBlueGreen } from '../codedeploy/probe.js';
import { type ActionRun, listActionRuns } from '../pipeline/action-runs.js';
import { contractChecksOfBuild, isTestRun } from '../test-stage/report.js';
import { diagnoseBuild } from './build.js';
import { readEcsEvidence } from './ecs-service.js';
import type { ActionDiagnosis, Diagnosis } from './types.js';

type Diagnoser = (clients: AwsClients, run: ActionRun) => Promise<Diagnosis>;

function actionDiagnosis(run: ActionRun, extra?: string): ActionDiagnosis {
  return {
    kind: 'action',
    stage: run.stage,
    action: run.action,
    provider: run.provider,
    message:
      [run.errorMessage, run.summary, extra].filter(Boolean).join(' — ') ||
      `${run.provider} action ${run.status}`,
  };
}

/**
 * How a failed action of each provider is diagnosed. A Test stage on CodeBuild is a build whose contract
 * checks are read too; a new deployment kind (CodeDeployToECS) is one entry here.
 */
const DIAGNOSERS: Record<string, Diagnoser> = {
  CodeBuild: async (clients, run) => {
    if (!run.externalExecutionId) return actionDiagnosis(run);
    const diagnosis = await diagnoseBuild(clients, run.externalExecutionId, {
      stage: run.stage,
      action: run.action,
    });
    // A Test stage: which contract checks failed, from the whole log (the tail holds the app's log).
    if (isTestRun(run) && diagnosis.log) {
      try {
        diagnosis.contractChecks = await contractChecksOfBuild(clients, run.externalExecutionId);
      } catch (error) {
        diagnosis.logError ??= describeAwsError(error);
      }
    }
    return diagnosis;
  },
  ECS: (clients, run) => {
    const cluster = run.configuration['ClusterName'];
    const service = run.configuration['ServiceName'];
    if (!cluster || !service) return Promise.resolve(actionDiagnosis(run));
    return readEcsEvidence(
      clients,
      { cluster, service },
      { stage: run.stage, action: run.action, message: run.errorMessage ?? run.summary },
    );
  },
  CodeDeployToECS: async (clients, run) => {
    const application = run.configuration['ApplicationName'];
    const group = run.configuration['DeploymentGroupName'];
    if (!application || !group) return actionDiagnosis(run);
    const deployment = run.externalExecutionId
      ? await readBlueGreenDeployment(clients, run.externalExecutionId)
      : await findNewestDeployment(clients, { application, group });
    if (!deployment) return actionDiagnosis(run, `no deployment in CodeDeploy group ${application}/${group}`);
    return diagnoseBlueGreen(clients, deployment, {
      stage: run.stage,
      action: run.action,
      message: run.errorMessage ?? run.summary,
    });
  },
};

/** The diagnosis of one action run, by what it runs; never throws (a diagnosis that fails says why). */
export async function diagnoseActionRun(clients: AwsClients, run: ActionRun): Promise<Diagnosis> {
  const diagnoser = DIAGNOSERS[run.provider];
  if (!diagnoser) return actionDiagnosis(run);
  try {
    return await diagnoser(clients, run);
  } catch (error) {
    return actionDiagnosis(run, `diagnosis unavailable: ${describeAwsError(error)}`);
  }
}

/** Why an execution failed: a diagnosis for each of its failed actions (optionally of one stage). */
export async function diagnoseExecution(
  clients: AwsClients,
  pipelineName: string,
  executionId: string,
  stage?: string,
): Promise<Diagnosis[]> {
  const runs = await listActionRuns(clients, pipelineName, executionId);
  const failed = runs.filter(
    (run) => run.status === 'Failed' && (stage === undefined || run.stage === stage),
  );
  return Promise.all(failed.map((run) => diagnoseActionRun(clients, run)));
}
