import { BaseCommand } from '../base-command.js';
import { allowDataLossFlag, skipPreflightFlag, terraformFlags, yesFlag } from '../flags.js';
import { runApply } from '../terraform-runs.js';

export default class Apply extends BaseCommand {
  static override summary = 'Plan, confirm and apply changes to an environment.';
  static override description =
    'Runs a plan, shows its summary, asks for confirmation (skipped with --yes; required when not a TTY or CI=true), applies exactly that saved plan and prints the outputs. When there are no changes nothing is applied.';
  static override examples = [
    '<%= config.bin %> apply --env mock',
    '<%= config.bin %> apply --env mock --yes',
    '<%= config.bin %> apply --env mock --yes --allow-data-loss  # data may be lost',
    'CI=true <%= config.bin %> apply --env mock --yes --json',
  ];
  static override flags = { ...terraformFlags, ...skipPreflightFlag, ...yesFlag, ...allowDataLossFlag };

  async run(): Promise<unknown> {
    const { flags, raw } = await this.parse(Apply);
    const { result } = await runApply(flags, this.envOptions(flags, raw), this.io());
    return result;
  }
}
