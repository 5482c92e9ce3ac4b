import { checkDrift, openEnvironment, validateEnvTfvars, validateLockTimeout } from '@challenge/infra';
import { BaseCommand } from '../base-command.js';
import { envFlags, lockTimeoutFlag } from '../flags.js';
import { renderDrift } from '../render/drift.js';
import { terraformProgress } from '../render/progress.js';

export default class Drift extends BaseCommand {
  static override summary = 'Show what changed outside Terraform in an environment.';
  static override description =
    'Runs `terraform plan -refresh-only` for the env (same data dir, workspace and var file as `challenge plan`; nothing is written to the state) and lists each resource whose real object differs from the recorded state, attribute by attribute (`attr: old -> new`; sensitive values shown as "(sensitive)"). Exit 0 when nothing drifted, 2 when something did, 1 on error. `challenge status` shows the result of the last check until the next apply.';
  static override examples = [
    '<%= config.bin %> drift --env mock',
    '<%= config.bin %> drift --env mock --json   # exit 2 when something drifted',
  ];
  static override flags = { ...envFlags, ...lockTimeoutFlag };

  async run(): Promise<unknown> {
    const { flags, raw } = await this.parse(Drift);
    validateLockTimeout(flags['lock-timeout']);
    const env = await openEnvironment(this.envOptions(flags, raw));
    await validateEnvTfvars(env.rootDir, env.tfvarsPath);
    const progress = terraformProgress({ verbose: false, json: this.jsonEnabled() });
    progress.step(`terraform plan -refresh-only (env ${env.name})`);
    const report = await checkDrift(env, {
      lockTimeout: flags['lock-timeout'],
      onInit: progress.onInit,
      rerun: `challenge drift --env ${env.name}`,
    });
    const result = {
      env: report.env,
      drifted: report.drifted,
      resources: report.resources,
      checkedAt: report.checkedAt,
    };
    if (this.jsonEnabled()) {
      if (report.drifted.length === 0) return result;
      this.logJson(result);
    } else this.log(renderDrift(report));
    if (report.drifted.length > 0) this.exit(2);
    return result;
  }
}
