import {
  type ApplyProgress,
  applyPlan,
  canPrompt,
  createPlan,
  discardPlan,
  type Environment,
  holdEnvApplyLock,
  openEnvironment,
  type PlanResult,
  type ResolveOptions,
  useColor,
  validateEnvTfvars,
  validateLockTimeout,
} from '@challenge/infra/plan-and-apply';
import type { CommandIo } from './command-io.js';
import { preflight } from './preflight.js';
import { refuseWithoutPrompt } from './prompt-required.js';
import { renderPlanSummary } from './render/plan-summary.js';
import { terraformProgress } from './render/progress.js';

/** The flag values plan, apply and destroy read (see TERRAFORM_COMMAND_FLAGS). */
export interface TerraformRunFlags {
  verbose: boolean;
  /** Only the result and errors: no preflight or progress lines. */
  quiet?: boolean;
  'lock-timeout': string;
  yes?: boolean;
  'skip-preflight'?: boolean;
  'allow-data-loss'?: boolean;
  'skip-backup'?: boolean;
  check?: boolean;
  strict?: boolean;
  'codecommit-unverified'?: boolean;
}

export interface PlannedEnvironment {
  env: Environment;
  plan: PlanResult;
  progress: ReturnType<typeof terraformProgress>;
  rerun: string;
  /** Ends this apply's hold on the env (see holdEnvApplyLock); a no-op for plan. */
  release: () => void;
}

/**
 * plan / apply / destroy up to the saved plan: check the flags, open the env (ready: initialised, profile
 * known), check its tfvars, refuse a prompt-less confirmation, run the AWS preflight (plan/apply), plan,
 * summarise. Every check that can fail does so before Terraform runs.
 */
export async function planEnvironment(
  flags: TerraformRunFlags,
  envOptions: ResolveOptions,
  io: CommandIo,
  options: { destroy: boolean; needsConfirmation: boolean; preflight: boolean; command: string },
): Promise<PlannedEnvironment> {
  validateLockTimeout(flags['lock-timeout']);
  const env = await openEnvironment(envOptions);
  await validateEnvTfvars(env.rootDir, env.tfvarsPath);
  const mustRefuse = options.needsConfirmation && !flags.yes && !canPrompt();
  // destroy plans first: an env with nothing deployed has nothing to confirm (and says so).
  if (mustRefuse && !options.destroy) refuseWithoutPrompt('--yes');
  if (options.preflight) {
    await preflight(env, {
      skip: flags['skip-preflight'] ?? false,
      json: io.json,
      quiet: flags.quiet ?? false,
      codeCommitUnverified: flags['codecommit-unverified'] ?? false,
    });
  }
  const { refuseDuringBlueGreenDeployment } = await import('./deployment-guard.js');
  await refuseDuringBlueGreenDeployment(env, options.command);
  const rerun = `challenge ${options.command} --env ${env.name}`;
  const progress = terraformProgress({ verbose: flags.verbose, json: io.json, quiet: flags.quiet ?? false });
  // apply/destroy hold the env from their plan to the end of their apply: a concurrent one waits here.
  const release = options.needsConfirmation
    ? await holdEnvApplyLock(env, flags['lock-timeout'], (pid) =>
        progress.step(`waiting for another apply of env ${env.name} (pid ${pid}) to finish`),
      )
    : () => {};
  try {
    progress.step(`terraform plan${options.destroy ? ' -destroy' : ''} (env ${env.name})`);
    const plan = await createPlan(env, {
      ...progress,
      destroy: options.destroy,
      lockTimeout: flags['lock-timeout'],
      rerun,
      verboseFlag: true,
    });
    if (!io.json) io.log(renderPlanSummary(plan, useColor(), { verbose: flags.verbose }));
    if (mustRefuse && plan.hasChanges) {
      await discardPlan(plan.planFile);
      refuseWithoutPrompt('--yes');
    }
    return { env, plan, progress, rerun, release };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * Applies the saved plan with the progress display the flags and terminal call for (see
 * render/apply-display.ts); returns what was done, resource by resource.
 */
export async function applyWithProgress(
  planned: PlannedEnvironment,
  flags: Pick<TerraformRunFlags, 'verbose' | 'quiet' | 'lock-timeout'>,
  io: CommandIo,
): Promise<ApplyProgress | undefined> {
  const { env, plan, progress, rerun } = planned;
  const title = `terraform apply${plan.destroy ? ' -destroy' : ''} (env ${env.name})`;
  const { applyDisplay } = await import('./render/apply-display.js');
  const display = await applyDisplay({
    json: io.json,
    quiet: flags.quiet ?? false,
    verbose: flags.verbose,
    title,
  });
  if (!display.live) progress.step(title);
  let seen: ApplyProgress | undefined;
  const onEvent = display.onEvent;
  try {
    await applyPlan(env, plan, {
      lockTimeout: flags['lock-timeout'],
      rerun,
      onOutput: display.onOutput,
      onEvent:
        onEvent &&
        ((event, state) => {
          seen = state;
          onEvent(event, state);
        }),
    });
  } catch (error) {
    await display.finish(false, seen);
    throw error;
  }
  await display.finish(true, seen);
  return seen;
}
