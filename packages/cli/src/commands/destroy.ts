import {
  applyPlan,
  canPrompt,
  createPlan,
  discardPlan,
  resolveEnvironment,
  useColor,
  validateEnvTfvars,
} from '@challenge/infra';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { envFlags, verboseFlag, yesFlag } from '../flags.js';
import { confirmByTyping } from '../render/confirm.js';
import { renderPlanSummary } from '../render/plan-summary.js';
import { terraformProgress } from '../render/progress.js';

export default class Destroy extends BaseCommand {
  static override summary = 'Destroy every resource of an environment.';
  static override description =
    'Runs `terraform plan -destroy`, shows the summary, asks you to type the environment name (or --yes), then applies exactly that destroy plan.';
  static override examples = [
    '<%= config.bin %> destroy --env mock',
    '<%= config.bin %> destroy --env mock --yes',
  ];
  static override flags = {
    ...envFlags,
    ...yesFlag,
    ...verboseFlag,
    'lock-timeout': Flags.string({ description: 'How long to wait for the state lock.', default: '60s' }),
  };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Destroy);
    const env = await resolveEnvironment({ env: flags.env, dir: flags.dir });
    await validateEnvTfvars(env.rootDir, env.tfvarsPath);
    if (!flags.yes && !canPrompt()) this.requireFlagWhenNonInteractive('--yes', false);
    const progress = terraformProgress({ verbose: flags.verbose, json: this.jsonEnabled() });
    progress.step(`terraform plan -destroy (env ${env.name})`);
    const plan = await createPlan(env, { ...progress, destroy: true, lockTimeout: flags['lock-timeout'] });
    if (!this.jsonEnabled()) this.log(renderPlanSummary(plan, useColor(process.env, process.stdout)));
    if (!plan.hasChanges) {
      await discardPlan(plan.planFile);
      return { env: env.name, destroyed: false, summary: plan.summary };
    }
    if (!flags.yes) await confirmByTyping(plan.planFile, env.name);
    progress.step(`terraform apply -destroy (env ${env.name})`);
    await applyPlan(env, plan, { ...progress, lockTimeout: flags['lock-timeout'] });
    if (!this.jsonEnabled()) this.log(`Destroyed env ${env.name}.`);
    return { env: env.name, destroyed: true, summary: plan.summary };
  }
}
