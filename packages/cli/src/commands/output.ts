import { displayOutputs, openEnvironment, readOutputs } from '@challenge/infra';
import { BaseCommand } from '../base-command.js';
import { envFlags } from '../flags.js';
import { renderOutputs } from '../render/plan-summary.js';

export default class Output extends BaseCommand {
  static override summary = "Print an environment's Terraform outputs.";
  static override description =
    'With --json, prints the raw map of `terraform output -json` (value, type, sensitive).';
  static override examples = [
    '<%= config.bin %> output --env mock',
    '<%= config.bin %> output --env mock --json',
  ];
  static override flags = { ...envFlags };

  async run(): Promise<unknown> {
    const { flags, raw } = await this.parse(Output);
    const env = await openEnvironment(this.envOptions(flags, raw));
    const outputs = await readOutputs(env, { rerun: `challenge output --env ${env.name}` });
    if (!this.jsonEnabled()) this.log(renderOutputs(displayOutputs(outputs)));
    return outputs;
  }
}
