import { BaseCommand } from '../base-command.js';
import { detailedExitcodeFlag, skipPreflightFlag, terraformFlags } from '../flags.js';
import { runPlan } from '../terraform-runs.js';

export default class Plan extends BaseCommand {
  static override summary = 'Show what Terraform would change in an environment.';
  static override description =
    'Validates the env tfvars against variables.tf, initialises the env only when needed, selects its workspace and runs `terraform plan` into a saved plan file, then summarises it (every delete and replace listed).';
  static override examples = [
    '<%= config.bin %> plan --env mock',
    '<%= config.bin %> plan --env mock --detailed-exitcode   # exit 2 on changes',
    '<%= config.bin %> plan --env mock --json',
  ];
  static override flags = { ...terraformFlags, ...skipPreflightFlag, ...detailedExitcodeFlag };

  async run(): Promise<unknown> {
    const { flags, raw } = await this.parse(Plan);
    const { result, exitCode } = await runPlan(flags, this.envOptions(flags, raw), this.io());
    if (exitCode !== undefined) {
      if (this.jsonEnabled()) this.logJson(result);
      this.exit(exitCode);
    }
    return result;
  }
}
