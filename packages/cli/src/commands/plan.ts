import { discardPlan } from '@challenge/infra';
import { Flags } from '@oclif/core';
import { skipPreflightFlag } from '../preflight.js';
import { TerraformCommand, terraformFlags } from '../terraform-command.js';

export default class Plan extends TerraformCommand {
  static override summary = 'Show what Terraform would change in an environment.';
  static override description =
    'Validates the env tfvars against variables.tf, initialises the env only when needed, selects its workspace and runs `terraform plan` into a saved plan file, then summarises it (every delete and replace listed).';
  static override examples = [
    '<%= config.bin %> plan --env mock',
    '<%= config.bin %> plan --env mock --detailed-exitcode   # exit 2 when there are changes',
    '<%= config.bin %> plan --env mock --json',
  ];
  static override flags = {
    ...terraformFlags,
    ...skipPreflightFlag,
    'detailed-exitcode': Flags.boolean({ description: 'Exit 2 when the plan has changes (0 when none).' }),
  };

  async run(): Promise<unknown> {
    const { flags, raw } = await this.parse(Plan);
    const { env, plan } = await this.planEnvironment(flags, raw, {
      command: 'plan',
      destroy: false,
      needsConfirmation: false,
      preflight: true,
    });
    await discardPlan(plan.planFile);
    const result = { env: env.name, hasChanges: plan.hasChanges, summary: plan.summary };
    if (flags['detailed-exitcode'] && plan.hasChanges) {
      if (this.jsonEnabled()) this.logJson(result);
      this.exit(2);
    }
    return result;
  }
}
