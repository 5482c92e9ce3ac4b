export { diagnoseBuild, LOG_TAIL_LINES } from './build.js';
export { readEcsEvidence, revisionOf } from './ecs-service.js';
export { diagnoseActionRun, diagnoseExecution } from './execution.js';
export type {
  ActionDiagnosis,
  BuildDiagnosis,
  CircuitBreakerReport,
  CodeDeployDiagnosis,
  Diagnosis,
  EcsDeploymentDiagnosis,
  StoppedTask,
  StuckReport,
  TargetProblem,
} from './types.js';
