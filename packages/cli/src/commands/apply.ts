import {
  applyPlan,
  canPrompt,
  createPlan,
  discardPlan,
  displayOutputs,
  readOutputs,
  resolveEnvironment,
  useColor,
  validateEnvTfvars,
} from '@challenge/infra';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { envFlags, verboseFlag, yesFlag } from '../flags.js';
import { preflight, skipPreflightFlag } from '../preflight.js';
import { confirmOrAbort } from '../render/confirm.js';
import { renderOutputs, renderPlanSummary } from '../render/plan-summary.js';
import { terraformProgress } from '../render/progress.js';

export default class Apply extends BaseCommand {
  static override summary = 'Plan, confirm and apply changes to an environment.';
  static override description =
    'Runs a plan, shows its summary, asks for confirmation (skipped with --yes; required when not a TTY or CI=true), applies exactly that saved plan and prints the outputs. When there are no changes nothing is applied.';
  static override examples = [
    '<%= config.bin %> apply --env mock',
    '<%= config.bin %> apply --env mock --yes',
    'CI=true <%= config.bin %> apply --env mock --yes --json',
  ];
  static override flags = {
    ...envFlags,
    ...skipPreflightFlag,
    ...yesFlag,
    ...verboseFlag,
    'lock-timeout': Flags.string({ description: 'How long to wait for the state lock.', default: '60s' }),
  };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Apply);
    const env = await resolveEnvironment({ env: flags.env, dir: flags.dir });
    await validateEnvTfvars(env.rootDir, env.tfvarsPath);
    await preflight(env, {
      skip: flags['skip-preflight'],
      log: (line) => {
        if (!this.jsonEnabled()) process.stderr.write(`${line}\n`);
      },
    });
    if (!flags.yes && !canPrompt()) this.requireFlagWhenNonInteractive('--yes', false);
    const progress = terraformProgress({ verbose: flags.verbose, json: this.jsonEnabled() });
    const color = useColor(process.env, process.stdout);
    progress.step(`terraform plan (env ${env.name})`);
    const plan = await createPlan(env, { ...progress, lockTimeout: flags['lock-timeout'] });
    if (!this.jsonEnabled()) this.log(renderPlanSummary(plan, color));
    if (!plan.hasChanges) {
      await discardPlan(plan.planFile);
      return { env: env.name, applied: false, summary: plan.summary };
    }
    if (!flags.yes) {
      await confirmOrAbort(plan.planFile, `Apply these changes to env ${env.name}?`);
    }
    progress.step(`terraform apply (env ${env.name})`);
    await applyPlan(env, plan, { ...progress, lockTimeout: flags['lock-timeout'] });
    const outputs = displayOutputs(await readOutputs(env));
    if (!this.jsonEnabled()) this.log(`Applied to env ${env.name}.\n${renderOutputs(outputs)}`);
    return { env: env.name, applied: true, summary: plan.summary, outputs };
  }
}
