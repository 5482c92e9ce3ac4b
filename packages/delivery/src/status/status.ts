import type { Service } from '@aws-sdk/client-ecs';
import { ChallengeError } from '@challenge/infra';
import { type AwsClients, awsClients } from '../aws/clients.js';
import { awsErrorName, describeAwsError } from '../aws/errors.js';
import {
  type BlueGreenDeployment,
  type DeploymentGroupRef,
  findNewestDeployment,
} from '../codedeploy/deployment.js';
import { describeService } from '../diagnosis/ecs-service.js';
import { diagnoseExecution } from '../diagnosis/execution.js';
import type { Diagnosis } from '../diagnosis/types.js';
import { listActionRuns } from '../pipeline/action-runs.js';
import { readPipelineDefinition } from '../pipeline/definition.js';
import { isShippedExecution, listExecutions } from '../pipeline/executions.js';
import { type ExecutionTimings, executionTimings } from '../pipeline/timings.js';
import { readTestStageReports, type TestStageReport } from '../test-stage/report.js';

export interface StatusTarget {
  region: string;
  profile?: string | undefined;
  pipelineName?: string | undefined;
  cluster?: string | undefined;
  service?: string | undefined;
  targetGroupArn?: string | undefined;
  appUrl?: string | undefined;
  /** Blue/green envs: the CodeDeploy group, and both target groups (blue, green). */
  codeDeploy?: DeploymentGroupRef | undefined;
  targetGroupArns?: string[] | undefined;
}

export interface TargetHealth {
  id: string;
  port: number | null;
  state: string;
  reason: string | null;
}

export interface BlueGreenStatus {
  /** The group's newest deployment (the running one, if one runs), or null when there was none. */
  deployment: BlueGreenDeployment | null;
  /** Target health of each of the two groups, by name. */
  targetGroups: Array<{ arn: string; name: string; targets: TargetHealth[] }>;
}

/**
 * A part of the status: its value, or why it could not be read. Each part is read on its own; one that
 * cannot be read carries `error` instead of failing the rest. missingOutput: the env's outputs lack its
 * name; notCreated: AWS says the resource does not exist (e.g. after a first apply that failed).
 */
export type Part<T> =
  | { ok: true; value: T }
  | { ok: false; error: string; missingOutput?: boolean; notCreated?: boolean };

/** AWS's "no such resource" errors of the reads status makes (and the CLI's own PIPELINE_NOT_FOUND). */
const NOT_FOUND =
  /^(PipelineNotFoundException|ClusterNotFoundException|ServiceNotFoundException|TargetGroupNotFound(Exception)?|DeploymentGroupDoesNotExistException|ApplicationDoesNotExistException)$/;

function isNotCreated(error: unknown): boolean {
  if (error instanceof ChallengeError) return error.code === 'PIPELINE_NOT_FOUND';
  return NOT_FOUND.test(awsErrorName(error));
}

export interface LastExecution {
  /** Undefined when nothing was shipped yet. */
  timings: ExecutionTimings | undefined;
  revisionId: string | undefined;
  revisionSummary: string | undefined;
  /** Why it failed, when it did. */
  diagnoses: Diagnosis[];
  /** Only the run at pipeline creation exists: it failed at Source because `main` did not exist yet. */
  creationRunOnly: { id: string; status: string } | undefined;
  /** Its Test stage runs (contract checks against temporary resources), when the pipeline has one. */
  tests: TestStageReport[];
}

export interface EnvStatus {
  pipeline: Part<Array<{ stage: string; status: string; executionId: string | null; creationRun: boolean }>>;
  lastExecution: Part<LastExecution>;
  service: Part<{ desired: number; running: number; pending: number; rollout: string }>;
  targets: Part<TargetHealth[]>;
  gtg: Part<{ status: number; ms: number }>;
  /** Only for blue/green envs (deployment_strategy = blue_green). */
  blueGreen?: Part<BlueGreenStatus>;
}

async function part<T>(label: string, present: unknown, read: () => Promise<T>): Promise<Part<T>> {
  if (!present) return { ok: false, error: `no ${label} in the env's outputs`, missingOutput: true };
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (isNotCreated(error)) return { ok: false, error: 'not created yet', notCreated: true };
    return { ok: false, error: describeAwsError(error) };
  }
}

const FAILED = new Set(['Failed', 'Stopped', 'Cancelled']);

/**
 * The newest shipped execution (never the creation-time run): per-stage durations, push to live, and
 * why it failed when it did.
 */
async function readLastExecution(clients: AwsClients, pipelineName: string): Promise<LastExecution> {
  const executions = await listExecutions(clients, pipelineName, { max: 20 });
  const execution = executions.find(isShippedExecution);
  if (!execution) {
    const creation = executions[0];
    return {
      timings: undefined,
      revisionId: undefined,
      revisionSummary: undefined,
      diagnoses: [],
      creationRunOnly: creation ? { id: creation.id, status: creation.status } : undefined,
      tests: [],
    };
  }
  const [definition, runs] = await Promise.all([
    readPipelineDefinition(clients, pipelineName),
    listActionRuns(clients, pipelineName, execution.id),
  ]);
  const timings = executionTimings(execution, runs, definition);
  const failed = FAILED.has(execution.status) || timings.stages.some((stage) => stage.status === 'Failed');
  const [diagnoses, tests] = await Promise.all([
    failed ? diagnoseExecution(clients, pipelineName, execution.id) : Promise.resolve([]),
    readTestStageReports(clients, pipelineName, execution.id, runs),
  ]);
  return {
    timings,
    revisionId: execution.revisionId,
    revisionSummary: execution.revisionSummary,
    diagnoses,
    creationRunOnly: undefined,
    tests,
  };
}

async function readTargetHealth(clients: AwsClients, targetGroupArn: string): Promise<TargetHealth[]> {
  const { DescribeTargetHealthCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  const result = await (await clients.elbv2()).send(
    new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }),
  );
  return (result.TargetHealthDescriptions ?? []).map((d) => ({
    id: d.Target?.Id ?? '?',
    port: d.Target?.Port ?? null,
    state: d.TargetHealth?.State ?? 'unknown',
    reason: d.TargetHealth?.Reason ?? null,
  }));
}

/** "…:targetgroup/challenge-mock-tg/0123" -> "challenge-mock-tg". */
const targetGroupName = (arn: string) => arn.split(':targetgroup/').pop()?.split('/')[0] ?? arn;

async function readBlueGreen(
  clients: AwsClients,
  ref: DeploymentGroupRef,
  targetGroupArns: string[],
): Promise<BlueGreenStatus> {
  const [deployment, targetGroups] = await Promise.all([
    findNewestDeployment(clients, ref),
    Promise.all(
      targetGroupArns.map(async (arn) => ({
        arn,
        name: targetGroupName(arn),
        targets: await readTargetHealth(clients, arn),
      })),
    ),
  ]);
  return { deployment: deployment ?? null, targetGroups };
}

/**
 * The rollout of the service's deployment (deployment controller ECS), or for a CODE_DEPLOY service, which
 * has task sets and no deployments, the stability of the task set serving production (STEADY_STATE,
 * STABILIZING).
 */
function rolloutOf(service: Service): string {
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
  if (primary?.rolloutState) return primary.rolloutState;
  const serving = service.taskSets?.find((set) => set.status === 'PRIMARY');
  return serving?.stabilityStatus ?? 'unknown';
}

/** Blue/green: the target group the task set serving production registers in (CodeDeploy swaps them). */
async function productionTargetGroup(service: Promise<Service> | undefined): Promise<string | undefined> {
  const found = await service?.catch(() => undefined);
  return found?.taskSets?.find((set) => set.status === 'PRIMARY')?.loadBalancers?.[0]?.targetGroupArn;
}

/** Pipeline stages and the last execution, ECS service counts and rollout, target health and a /gtg probe, read concurrently. */
export async function readEnvStatus(target: StatusTarget, timeoutMs = 5000): Promise<EnvStatus> {
  const clients = awsClients({ region: target.region, profile: target.profile });
  const pipelineName = target.pipelineName as string;
  const ref = target.codeDeploy;
  const blueGreenRead = ref
    ? part('codedeploy_deployment_group_name', ref.group, () =>
        readBlueGreen(clients, ref, target.targetGroupArns ?? []),
      )
    : Promise.resolve(undefined);
  // One DescribeServices: the counts and rollout, and on a blue/green env the group serving production.
  const described =
    target.cluster && target.service ? describeService(clients, target.cluster, target.service) : undefined;
  described?.catch(() => undefined);
  const [pipeline, lastExecution, service, targets, gtg, blueGreen] = await Promise.all([
    part('pipeline_name', target.pipelineName, async () => {
      const { GetPipelineStateCommand } = await import('@aws-sdk/client-codepipeline');
      const [state, executions] = await Promise.all([
        (await clients.codePipeline()).send(new GetPipelineStateCommand({ name: pipelineName })),
        listExecutions(clients, pipelineName, { max: 20 }).catch(() => []),
      ]);
      const creationRuns = new Set(executions.filter((e) => !isShippedExecution(e)).map((e) => e.id));
      return (state.stageStates ?? []).map((stage) => ({
        stage: stage.stageName ?? '?',
        status: stage.latestExecution?.status ?? 'never run',
        executionId: stage.latestExecution?.pipelineExecutionId ?? null,
        creationRun: creationRuns.has(stage.latestExecution?.pipelineExecutionId ?? ''),
      }));
    }),
    part('pipeline_name', target.pipelineName, () => readLastExecution(clients, pipelineName)),
    part('ecs_cluster_name/ecs_service_name', described, async () => {
      const found = await (described as Promise<Service>);
      return {
        desired: found.desiredCount ?? 0,
        running: found.runningCount ?? 0,
        pending: found.pendingCount ?? 0,
        rollout: rolloutOf(found),
      };
    }),
    // target_group_arn names the group production used at the last apply; after a blue/green deploy it
    // is the task set serving production that says where the live targets are.
    part('target_group_arn', target.targetGroupArn, async () =>
      readTargetHealth(
        clients,
        (ref ? await productionTargetGroup(described) : undefined) ?? (target.targetGroupArn as string),
      ),
    ),
    part('app_url', target.appUrl, async () => {
      const started = performance.now();
      const response = await fetch(
        new URL('gtg', target.appUrl?.endsWith('/') ? target.appUrl : `${target.appUrl}/`),
        { signal: AbortSignal.timeout(timeoutMs) },
      );
      await response.arrayBuffer();
      return { status: response.status, ms: Math.round(performance.now() - started) };
    }),
    blueGreenRead,
  ]);
  return { pipeline, lastExecution, service, targets, gtg, ...(blueGreen ? { blueGreen } : {}) };
}
