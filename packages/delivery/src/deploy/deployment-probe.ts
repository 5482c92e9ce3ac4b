import type { Diagnosis, StuckReport } from '../diagnosis/types.js';

/** Where a deployment is at one moment. */
export interface DeploymentProgress {
  /** waiting: nothing to progress until someone (or a timer) moves it on; never "stuck". */
  phase: 'starting' | 'in-progress' | 'waiting' | 'completed' | 'failed';
  /** What a waiting deployment waits for: ContinueDeployment, or the old tasks' termination wait. */
  waitingFor?: 'continue' | 'termination' | undefined;
  /** The deployment followed (ECS deployment or CodeDeploy deployment id), once known. */
  deploymentId?: string | undefined;
  /** Tasks of the new deployment that serve traffic (healthy in the target group). */
  healthyNew: number;
  desired: number;
  /** One line for the user: "1/2 new tasks healthy (rollout IN_PROGRESS)". */
  detail: string;
}

/** Reads one deployment's progress and, when it goes wrong, its evidence. One implementation per deployment kind. */
export interface DeploymentProbe {
  /** "ECS service challenge-mock/challenge-mock-app" */
  readonly subject: string;
  poll(): Promise<DeploymentProgress>;
  diagnose(stuck?: StuckReport): Promise<Diagnosis>;
}
