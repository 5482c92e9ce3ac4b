import type { Environment } from '../environment/index.js';
import { colorArgs } from './color.js';
import type { InitOptions } from './init.js';
import { discardPlan, type PlanResult } from './plan.js';
import { runTerraform } from './run.js';

/** Applies exactly the saved plan the user saw, then removes it (a plan file is single-use). */
export async function applyPlan(
  env: Environment,
  plan: PlanResult,
  options: Pick<InitOptions, 'onOutput'> & { lockTimeout?: string } = {},
): Promise<void> {
  try {
    await runTerraform(
      env,
      [
        'apply',
        '-input=false',
        `-lock-timeout=${options.lockTimeout ?? '60s'}`,
        ...colorArgs(),
        plan.planFile,
      ],
      { what: `apply (env ${env.name})`, onOutput: options.onOutput },
    );
  } finally {
    await discardPlan(plan.planFile);
  }
}
