import {
  canPrompt,
  createPlan,
  type Environment,
  type PlanResult,
  resolveEnvironment,
  useColor,
  validateEnvTfvars,
} from '@challenge/infra';
import { Flags } from '@oclif/core';
import { BaseCommand } from './base-command.js';
import { envFlags, verboseFlag } from './flags.js';
import { preflight } from './preflight.js';
import { renderPlanSummary } from './render/plan-summary.js';
import { terraformProgress } from './render/progress.js';

export const terraformFlags = {
  ...envFlags,
  ...verboseFlag,
  'lock-timeout': Flags.string({ description: 'How long to wait for the state lock.', default: '60s' }),
};

interface PlanFlags {
  env?: string | undefined;
  dir?: string | undefined;
  verbose: boolean;
  'lock-timeout': string;
  yes?: boolean;
  'skip-preflight'?: boolean;
}

/**
 * plan / apply / destroy: resolve the env, check its tfvars, refuse a prompt-less confirmation, run the AWS
 * preflight (plan/apply), plan, summarise.
 */
export abstract class TerraformCommand extends BaseCommand {
  protected async planEnvironment(
    flags: PlanFlags,
    options: { destroy: boolean; needsConfirmation: boolean; preflight: boolean },
  ): Promise<{ env: Environment; plan: PlanResult; progress: ReturnType<typeof terraformProgress> }> {
    const env = await resolveEnvironment({ env: flags.env, dir: flags.dir });
    await validateEnvTfvars(env.rootDir, env.tfvarsPath);
    if (options.needsConfirmation && !flags.yes && !canPrompt())
      this.requireFlagWhenNonInteractive('--yes', false);
    if (options.preflight) {
      await preflight(env, {
        skip: flags['skip-preflight'] ?? false,
        log: (line) => {
          if (!this.jsonEnabled()) process.stderr.write(`${line}\n`);
        },
      });
    }
    const progress = terraformProgress({ verbose: flags.verbose, json: this.jsonEnabled() });
    progress.step(`terraform plan${options.destroy ? ' -destroy' : ''} (env ${env.name})`);
    const plan = await createPlan(env, {
      ...progress,
      destroy: options.destroy,
      lockTimeout: flags['lock-timeout'],
    });
    if (!this.jsonEnabled()) this.log(renderPlanSummary(plan, useColor(process.env, process.stdout)));
    return { env, plan, progress };
  }
}
