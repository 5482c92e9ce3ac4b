export { applyPlan } from './apply.js';
export { findTerraform, MIN_TERRAFORM_VERSION, type TerraformBinary } from './binary.js';
export { ensureInitialized, type InitOptions, selectWorkspace } from './init.js';
export { displayOutputs, readOutputs, type TerraformOutput, type TerraformOutputs } from './outputs.js';
export { createPlan, discardPlan, type PlanOptions, type PlanResult } from './plan.js';
export { terraformProcessEnv } from './process-env.js';
export { type OutputListener, type RunResult, runTerraform } from './run.js';
export { hasResourceChanges, type PlanSummary, type ResourceChange, summarizePlan } from './summary.js';
