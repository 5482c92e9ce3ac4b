import { existsSync } from 'node:fs';
import type { Environment } from '../environment/index.js';
import { ChallengeError } from '../errors.js';
import { type ApplyEvent, lineSplitter, parseApplyLine } from './apply-events.js';
import { ApplyProgress } from './apply-progress.js';
import { colorArgs } from './color.js';
import { forgetDriftCheck } from './drift-record.js';
import { validateLockTimeout } from './duration.js';
import type { InitOptions } from './init.js';
import { discardPlan, type PlanResult } from './plan.js';
import { runTerraform } from './run.js';

export interface ApplyOptions extends Pick<InitOptions, 'onOutput' | 'rerun'> {
  lockTimeout?: string;
  /**
   * Receives each event of the apply as it happens (Terraform then runs with -json; `onOutput` gets
   * nothing). Without it Terraform prints its own human output to `onOutput`.
   */
  onEvent?: ((event: ApplyEvent, progress: ApplyProgress) => void) | undefined;
}

/**
 * Applies exactly the saved plan the user saw, then removes it (a plan file is single-use) and the env's
 * last drift check (it described the state before this apply).
 */
export async function applyPlan(
  env: Environment,
  plan: PlanResult,
  options: ApplyOptions = {},
): Promise<void> {
  const lockTimeout = options.lockTimeout ?? '60s';
  const what = `apply${plan.destroy ? ' -destroy' : ''} (env ${env.name})`;
  const { summary } = plan;
  const progress = new ApplyProgress(summary ? summary.add + summary.change + summary.destroy : 0);
  const onEvent = options.onEvent;
  try {
    validateLockTimeout(lockTimeout);
    if (!existsSync(plan.planFile)) {
      throw new ChallengeError(
        `The saved plan of env ${env.name} is gone (plans older than an hour are swept), so nothing was applied.`,
        {
          code: 'PLAN_EXPIRED',
          hint: `Run ${options.rerun ? `\`${options.rerun}\`` : 'the command'} again to plan from the current state.`,
        },
      );
    }
    // Terraform repeats a diagnostic for each operation it stops ("execution halted" twice): say it once.
    const diagnosticsSeen = new Set<string>();
    const readLines = lineSplitter((line) => {
      const event = parseApplyLine(line);
      if (!event) return;
      if (event.type === 'diagnostic') {
        const key = JSON.stringify([event.severity, event.summary, event.detail, event.address]);
        if (diagnosticsSeen.has(key)) return;
        diagnosticsSeen.add(key);
      }
      progress.record(event);
      onEvent?.(event, progress);
    });
    await runTerraform(
      env,
      [
        'apply',
        '-input=false',
        `-lock-timeout=${lockTimeout}`,
        ...(onEvent ? ['-json'] : colorArgs()),
        plan.planFile,
      ],
      {
        what,
        onOutput: onEvent ? (text, stream) => stream === 'stdout' && readLines(text) : options.onOutput,
        rerun: options.rerun,
        lockTimeoutFlag: true,
        verboseFlag: true,
        machineReadable: Boolean(onEvent),
      },
    ).catch((error: unknown) => {
      // A failure Terraform is known for keeps its own cause and fix; any other is told resource by resource.
      if (
        !onEvent ||
        (error as { code?: string }).code !== 'TERRAFORM_FAILED' ||
        progress.failed.length === 0
      )
        throw error;
      // What a failed destroy left is what the next destroy plans; what an apply left, `plan --verbose` lists.
      const rerunPlan =
        options.rerun && !plan.destroy ? `challenge plan --env ${env.name} --verbose` : undefined;
      throw new ChallengeError(`terraform ${what} failed:\n${progress.failureReport({ rerunPlan })}`, {
        code: 'TERRAFORM_FAILED',
        hint: progress.failureHint(options.rerun),
        cause: error,
      });
    });
  } finally {
    await discardPlan(plan.planFile);
    // Whatever of the plan was applied, the state the last drift check compared against is gone.
    await forgetDriftCheck(env);
  }
}
