/** Why a stage failed or is stuck, with the evidence a user needs to fix it without the console. */

import type { SmokeCheckResult } from '../smoke/checks.js';

export interface BuildDiagnosis {
  kind: 'build';
  stage: string;
  action: string;
  buildId: string;
  buildStatus: string;
  /** The first phase that did not succeed, with CodeBuild's own messages for it. */
  failedPhase: { phase: string; status: string; messages: string[] } | undefined;
  /** The last lines of the build's log (newest last). */
  logTail: string[];
  log: { group: string; stream: string } | undefined;
  /** Why the log could not be read, when it could not. */
  logError: string | undefined;
  /** A Test stage's build: the contract checks it ran (from its whole log), failed ones first to read. */
  contractChecks?: SmokeCheckResult[];
}

export interface StoppedTask {
  taskId: string;
  /** family:revision */
  taskDefinition: string;
  stoppedAt: Date | undefined;
  stopCode: string | undefined;
  stoppedReason: string | undefined;
  containers: Array<{ name: string; exitCode: number | undefined; reason: string | undefined }>;
}

export interface TargetProblem {
  id: string;
  port: number | undefined;
  state: string;
  reason: string | undefined;
  description: string | undefined;
}

export interface CircuitBreakerReport {
  enabled: boolean;
  /** A deployment failed because the circuit breaker stopped it. */
  tripped: boolean;
  /** ...and ECS rolled the service back to the last deployment that completed. */
  rolledBack: boolean;
  failedDeployment: string | undefined;
  reason: string | undefined;
  /** family:revision the service runs again after the rollback. */
  rolledBackTo: string | undefined;
}

export interface StuckReport {
  /** How long no new task of the deployment became healthy. */
  seconds: number;
  healthyNew: number;
  desired: number;
}

export interface EcsDeploymentDiagnosis {
  kind: 'ecs-deployment';
  stage: string | undefined;
  action: string | undefined;
  cluster: string;
  service: string;
  /** What the pipeline action reported, if it failed. */
  message: string | undefined;
  deployment:
    | {
        id: string;
        taskDefinition: string;
        rolloutState: string;
        running: number;
        desired: number;
        failedTasks: number;
      }
    | undefined;
  /** Service events, newest last. */
  events: Array<{ at: Date | undefined; message: string }>;
  stoppedTasks: StoppedTask[];
  unhealthyTargets: TargetProblem[];
  circuitBreaker: CircuitBreakerReport;
  stuck: StuckReport | undefined;
  /** Parts of the evidence that could not be read. */
  errors: string[];
}

/** A CodeDeploy blue/green deployment that failed, was stopped, or is stuck. */
export interface CodeDeployDiagnosis {
  kind: 'codedeploy-deployment';
  stage: string | undefined;
  action: string | undefined;
  application: string;
  group: string;
  /** What the pipeline action reported, if it failed. */
  message: string | undefined;
  deployment:
    | {
        id: string;
        status: string;
        phase: string;
        detail: string;
        error: { code: string; message: string } | undefined;
        /** The lifecycle event that failed, if one did. */
        failedEvent: string | undefined;
        taskSets: Array<{
          label: string;
          targetGroup: string | undefined;
          running: number;
          desired: number;
          trafficWeight: number;
        }>;
      }
    | undefined;
  /** CodeDeploy's automatic (or requested) rollback of it, with the rollback deployment's status. */
  rollback:
    | { deploymentId: string | undefined; status: string | undefined; message: string | undefined }
    | undefined;
  stuck: StuckReport | undefined;
  /** Parts of the evidence that could not be read. */
  errors: string[];
}

/** Any other action: what CodePipeline itself says about it. */
export interface ActionDiagnosis {
  kind: 'action';
  stage: string;
  action: string;
  provider: string;
  message: string;
}

export type Diagnosis = BuildDiagnosis | EcsDeploymentDiagnosis | CodeDeployDiagnosis | ActionDiagnosis;
