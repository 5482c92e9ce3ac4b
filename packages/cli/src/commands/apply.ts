import { discardPlan, displayOutputs, readOutputs } from '@challenge/infra';
import { yesFlag } from '../flags.js';
import { skipPreflightFlag } from '../preflight.js';
import { confirmOrAbort } from '../render/confirm.js';
import { renderOutputs } from '../render/plan-summary.js';
import { TerraformCommand, terraformFlags } from '../terraform-command.js';

export default class Apply extends TerraformCommand {
  static override summary = 'Plan, confirm and apply changes to an environment.';
  static override description =
    'Runs a plan, shows its summary, asks for confirmation (skipped with --yes; required when not a TTY or CI=true), applies exactly that saved plan and prints the outputs. When there are no changes nothing is applied.';
  static override examples = [
    '<%= config.bin %> apply --env mock',
    '<%= config.bin %> apply --env mock --yes',
    'CI=true <%= config.bin %> apply --env mock --yes --json',
  ];
  static override flags = { ...terraformFlags, ...skipPreflightFlag, ...yesFlag };

  async run(): Promise<unknown> {
    const { flags, raw } = await this.parse(Apply);
    const { env, plan, progress, rerun } = await this.planEnvironment(flags, raw, {
      command: 'apply',
      destroy: false,
      needsConfirmation: true,
      preflight: true,
    });
    if (!plan.hasChanges) {
      await discardPlan(plan.planFile);
      return { env: env.name, applied: false, summary: plan.summary };
    }
    if (!flags.yes) await confirmOrAbort(plan.planFile, `Apply these changes to env ${env.name}?`);
    const done = await this.applyWithProgress(env, plan, flags, { rerun, progress });
    const outputs = displayOutputs(await readOutputs(env));
    if (!this.jsonEnabled()) this.log(`Applied to env ${env.name}.\n${renderOutputs(outputs)}`);
    return { env: env.name, applied: true, summary: plan.summary, resources: done?.completed ?? [], outputs };
  }
}
