import { BaseCommand } from '../base-command.js';
import { destroyFlags, terraformFlags, yesFlag } from '../flags.js';
import { runDestroy } from '../terraform-runs.js';

export default class Destroy extends BaseCommand {
  static override summary = 'Destroy every resource of an environment.';
  static override description =
    'Runs `terraform plan -destroy`, shows the summary, asks you to type the environment name (or --yes), then applies exactly that destroy plan.';
  static override examples = [
    '<%= config.bin %> destroy --env mock',
    '<%= config.bin %> destroy --env mock --yes',
    '<%= config.bin %> destroy --env mock --yes --skip-backup',
    '<%= config.bin %> destroy --env mock --check --strict  # exit 1 on leftovers',
  ];
  static override flags = { ...terraformFlags, ...yesFlag, ...destroyFlags };

  async run(): Promise<unknown> {
    const { flags, raw } = await this.parse(Destroy);
    const { result } = await runDestroy(flags, this.envOptions(flags, raw), this.io());
    return result;
  }
}
