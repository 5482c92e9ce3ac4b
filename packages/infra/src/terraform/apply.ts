import { access } from 'node:fs/promises';
import type { Environment } from '../environment/index.js';
import { ChallengeError } from '../errors.js';
import { colorArgs } from './color.js';
import { validateLockTimeout } from './duration.js';
import type { InitOptions } from './init.js';
import { discardPlan, type PlanResult } from './plan.js';
import { runTerraform } from './run.js';

/** Applies exactly the saved plan the user saw, then removes it (a plan file is single-use). */
export async function applyPlan(
  env: Environment,
  plan: PlanResult,
  options: Pick<InitOptions, 'onOutput' | 'rerun'> & { lockTimeout?: string } = {},
): Promise<void> {
  const lockTimeout = options.lockTimeout ?? '60s';
  try {
    validateLockTimeout(lockTimeout);
    await access(plan.planFile).catch(() => {
      throw new ChallengeError(
        `The saved plan of env ${env.name} is gone (plans older than an hour are swept), so nothing was applied.`,
        {
          code: 'PLAN_EXPIRED',
          hint: `Run ${options.rerun ? `\`${options.rerun}\`` : 'the command'} again to plan from the current state.`,
        },
      );
    });
    await runTerraform(
      env,
      ['apply', '-input=false', `-lock-timeout=${lockTimeout}`, ...colorArgs(), plan.planFile],
      {
        what: `apply (env ${env.name})`,
        onOutput: options.onOutput,
        rerun: options.rerun,
        lockTimeoutFlag: true,
        verboseFlag: true,
      },
    );
  } finally {
    await discardPlan(plan.planFile);
  }
}
