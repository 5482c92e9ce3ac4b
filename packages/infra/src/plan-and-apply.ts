// The entry `challenge plan|apply|destroy` load (`@challenge/infra/plan-and-apply`): only the modules a
// Terraform run of one env needs, so these commands do not pay for the rest of the library at startup.
// Also built as one CommonJS file (dist/plan-and-apply.cjs) for the CLI's oclif-free path. On that path
// the library reads its small local files (root, tfvars, settings, caches) synchronously: a CLI has
// nothing to overlap them with, and a read that skips the thread pool costs ~0.01 ms instead of ~0.2 ms.

export { findActiveCodeDeployDeployment } from './aws/codedeploy-active.js';
export { openEnvironment } from './environment/ready.js';
export type { Environment, ResolveOptions } from './environment/resolve.js';
export { ChallengeError, fileSystemError, InterruptedError, isChallengeError } from './errors.js';
export { canPrompt, isCi, isTerminal, useColor } from './interactive.js';
export { assertPreflight, runAwsPreflight } from './preflight/aws-preflight.js';
export type { CheckResult } from './preflight/check-result.js';
export * from './safety/index.js';
export { type ApplyOptions, applyPlan } from './terraform/apply.js';
export type { ApplyEvent } from './terraform/apply-events.js';
export { ApplyProgress, condense } from './terraform/apply-progress.js';
export { destroysData, type PlanConsequence } from './terraform/consequences.js';
export { validateLockTimeout } from './terraform/duration.js';
export { holdEnvApplyLock } from './terraform/env-apply-lock.js';
export type { InitOptions } from './terraform/init.js';
export { displayOutputs, readOutputs } from './terraform/outputs.js';
export { createPlan, discardPlan, type PlanResult } from './terraform/plan.js';
export {
  type PlanAction,
  planAction,
  planJsonSummary,
  type ResourceChange,
  resourceType,
} from './terraform/summary.js';
export { validateEnvTfvars } from './tfvars/validate-env-tfvars.js';
