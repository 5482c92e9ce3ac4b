import { rmSync } from 'node:fs';
import { relative } from 'node:path';
import type { Environment } from '../environment/index.js';
import { colorArgs } from './color.js';
import { classifyPlan, type PlanConsequence } from './consequences.js';
import { validateLockTimeout } from './duration.js';
import { ensureInitialized, type InitOptions } from './init.js';
import { newPlanFile, preparePlansDir } from './plan-files.js';
import { runTerraform } from './run.js';
import { EMPTY_SUMMARY, type PlanSummary, summarizePlan } from './summary.js';

export interface PlanOptions extends InitOptions {
  destroy?: boolean;
  lockTimeout?: string;
  /** `-var` values that override the env's tfvars for this plan only (e.g. a protection lifted). */
  vars?: Record<string, string>;
  /** `-target` addresses: plan only these (and what they depend on). */
  targets?: string[];
}

export interface PlanResult {
  env: string;
  /** Saved plan file; apply exactly this one. */
  planFile: string;
  /** False when Terraform found nothing to do (then nothing should be applied). */
  hasChanges: boolean;
  /** A destroy plan (`plan -destroy`). */
  destroy: boolean;
  summary: PlanSummary;
  /** The changes that destroy data, interrupt the app or widen access (see consequences.ts). */
  consequences: PlanConsequence[];
  initRan: boolean;
}

/**
 * `terraform plan` for the env into a saved plan file (in a 0700 folder, written 0600), with
 * -detailed-exitcode, then the summary from `terraform show -json` (skipped when there are no changes:
 * nothing to show).
 */
export async function createPlan(env: Environment, options: PlanOptions = {}): Promise<PlanResult> {
  const lockTimeout = options.lockTimeout ?? '60s';
  validateLockTimeout(lockTimeout);
  const { ran } = await ensureInitialized(env, options);
  const planFile = newPlanFile(await preparePlansDir(env));
  const args = [
    'plan',
    '-input=false',
    `-lock-timeout=${lockTimeout}`,
    `-var-file=${relative(env.rootDir, env.tfvarsPath)}`,
    `-out=${planFile}`,
    '-detailed-exitcode',
    ...colorArgs(),
  ];
  if (options.destroy) args.push('-destroy');
  for (const [name, value] of Object.entries(options.vars ?? {})) args.push(`-var=${name}=${value}`);
  for (const address of options.targets ?? []) args.push(`-target=${address}`);
  try {
    const { exitCode } = await runTerraform(env, args, {
      what: options.destroy ? `plan -destroy (env ${env.name})` : `plan (env ${env.name})`,
      onOutput: options.onOutput,
      okExitCodes: [2],
      rerun: options.rerun,
      lockTimeoutFlag: true,
      verboseFlag: true,
    });
    if (exitCode === 0)
      return {
        env: env.name,
        planFile,
        hasChanges: false,
        destroy: options.destroy ?? false,
        summary: EMPTY_SUMMARY,
        consequences: [],
        initRan: ran,
      };
    const shown = await runTerraform(env, ['show', '-json', planFile], { what: 'show -json' });
    const json = JSON.parse(shown.stdout) as Parameters<typeof summarizePlan>[0] &
      Parameters<typeof classifyPlan>[0];
    const summary = summarizePlan(json);
    return {
      env: env.name,
      planFile,
      hasChanges: true,
      destroy: options.destroy ?? false,
      summary,
      consequences: classifyPlan(json),
      initRan: ran,
    };
  } catch (error) {
    await discardPlan(planFile);
    throw error;
  }
}

export async function discardPlan(planFile: string): Promise<void> {
  rmSync(planFile, { force: true });
}
