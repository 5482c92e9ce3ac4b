import { discardPlan } from '@challenge/infra';
import { yesFlag } from '../flags.js';
import { confirmByTyping } from '../render/confirm.js';
import { TerraformCommand, terraformFlags } from '../terraform-command.js';

export default class Destroy extends TerraformCommand {
  static override summary = 'Destroy every resource of an environment.';
  static override description =
    'Runs `terraform plan -destroy`, shows the summary, asks you to type the environment name (or --yes), then applies exactly that destroy plan.';
  static override examples = [
    '<%= config.bin %> destroy --env mock',
    '<%= config.bin %> destroy --env mock --yes',
  ];
  static override flags = { ...terraformFlags, ...yesFlag };

  async run(): Promise<unknown> {
    const { flags, raw } = await this.parse(Destroy);
    const { env, plan, progress, rerun } = await this.planEnvironment(flags, raw, {
      command: 'destroy',
      destroy: true,
      needsConfirmation: true,
      preflight: false,
    });
    if (!plan.hasChanges) {
      await discardPlan(plan.planFile);
      return { env: env.name, destroyed: false, summary: plan.summary };
    }
    if (!flags.yes) await confirmByTyping(plan.planFile, env.name);
    const done = await this.applyWithProgress(env, plan, flags, { rerun, progress });
    if (!this.jsonEnabled()) this.log(`Destroyed env ${env.name}.`);
    return { env: env.name, destroyed: true, summary: plan.summary, resources: done?.completed ?? [] };
  }
}
