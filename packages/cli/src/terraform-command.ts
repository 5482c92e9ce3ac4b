import {
  type ApplyProgress,
  applyPlan,
  canPrompt,
  createPlan,
  type Environment,
  openEnvironment,
  type PlanResult,
  useColor,
  validateEnvTfvars,
  validateLockTimeout,
} from '@challenge/infra';
import { BaseCommand } from './base-command.js';
import { envFlags, lockTimeoutFlag, verboseFlag } from './flags.js';
import { preflight } from './preflight.js';
import { applyDisplay } from './render/apply-display.js';
import { renderPlanSummary } from './render/plan-summary.js';
import { terraformProgress } from './render/progress.js';

export const terraformFlags = {
  ...envFlags,
  ...verboseFlag,
  ...lockTimeoutFlag,
};

interface PlanFlags {
  env?: string | undefined;
  dir?: string | undefined;
  profile?: string | undefined;
  verbose: boolean;
  'lock-timeout': string;
  yes?: boolean;
  'skip-preflight'?: boolean;
}

type RawToken = { type: string; flag?: string };

/**
 * plan / apply / destroy: check the flags, open the env (ready: initialised, profile known), check its
 * tfvars, refuse a prompt-less confirmation, run the AWS preflight (plan/apply), plan, summarise. Every
 * check that can fail does so before Terraform runs.
 */
export abstract class TerraformCommand extends BaseCommand {
  protected async planEnvironment(
    flags: PlanFlags,
    raw: readonly RawToken[],
    options: { destroy: boolean; needsConfirmation: boolean; preflight: boolean; command: string },
  ): Promise<{
    env: Environment;
    plan: PlanResult;
    progress: ReturnType<typeof terraformProgress>;
    rerun: string;
  }> {
    validateLockTimeout(flags['lock-timeout']);
    const env = await openEnvironment(this.envOptions(flags, raw));
    await validateEnvTfvars(env.rootDir, env.tfvarsPath);
    if (options.needsConfirmation && !flags.yes && !canPrompt())
      this.requireFlagWhenNonInteractive('--yes', false);
    if (options.preflight) {
      await preflight(env, { skip: flags['skip-preflight'] ?? false, json: this.jsonEnabled() });
    }
    const rerun = `challenge ${options.command} --env ${env.name}`;
    const progress = terraformProgress({ verbose: flags.verbose, json: this.jsonEnabled() });
    progress.step(`terraform plan${options.destroy ? ' -destroy' : ''} (env ${env.name})`);
    const plan = await createPlan(env, {
      ...progress,
      destroy: options.destroy,
      lockTimeout: flags['lock-timeout'],
      rerun,
      verboseFlag: true,
    });
    if (!this.jsonEnabled()) this.log(renderPlanSummary(plan, useColor(process.env, process.stdout)));
    return { env, plan, progress, rerun };
  }

  /**
   * Applies the saved plan with the progress display the flags and terminal call for (see
   * render/apply-display.ts); returns what was done, resource by resource.
   */
  protected async applyWithProgress(
    env: Environment,
    plan: PlanResult,
    flags: Pick<PlanFlags, 'verbose' | 'lock-timeout'>,
    context: { rerun: string; progress: ReturnType<typeof terraformProgress> },
  ): Promise<ApplyProgress | undefined> {
    const title = `terraform apply${plan.destroy ? ' -destroy' : ''} (env ${env.name})`;
    const display = await applyDisplay({ json: this.jsonEnabled(), verbose: flags.verbose, title });
    if (!display.live) context.progress.step(title);
    let seen: ApplyProgress | undefined;
    const onEvent = display.onEvent;
    try {
      await applyPlan(env, plan, {
        lockTimeout: flags['lock-timeout'],
        rerun: context.rerun,
        onOutput: display.onOutput,
        onEvent:
          onEvent &&
          ((event, progress) => {
            seen = progress;
            onEvent(event, progress);
          }),
      });
    } catch (error) {
      await display.finish(false, seen);
      throw error;
    }
    await display.finish(true, seen);
    return seen;
  }
}
