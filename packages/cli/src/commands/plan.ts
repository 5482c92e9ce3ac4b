import { createPlan, discardPlan, resolveEnvironment, useColor, validateEnvTfvars } from '@challenge/infra';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { envFlags, verboseFlag } from '../flags.js';
import { preflight, skipPreflightFlag } from '../preflight.js';
import { renderPlanSummary } from '../render/plan-summary.js';
import { terraformProgress } from '../render/progress.js';

export default class Plan extends BaseCommand {
  static override summary = 'Show what Terraform would change in an environment.';
  static override description =
    'Validates the env tfvars against variables.tf, initialises the env only when needed, selects its workspace and runs `terraform plan` into a saved plan file, then summarises it (every delete and replace listed).';
  static override examples = [
    '<%= config.bin %> plan --env mock',
    '<%= config.bin %> plan --env mock --detailed-exitcode   # exit 2 when there are changes',
    '<%= config.bin %> plan --env mock --json',
  ];
  static override flags = {
    ...envFlags,
    ...skipPreflightFlag,
    ...verboseFlag,
    'detailed-exitcode': Flags.boolean({ description: 'Exit 2 when the plan has changes (0 when none).' }),
    'lock-timeout': Flags.string({ description: 'How long to wait for the state lock.', default: '60s' }),
  };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Plan);
    const env = await resolveEnvironment({ env: flags.env, dir: flags.dir });
    await validateEnvTfvars(env.rootDir, env.tfvarsPath);
    await preflight(env, {
      skip: flags['skip-preflight'],
      log: (line) => {
        if (!this.jsonEnabled()) process.stderr.write(`${line}\n`);
      },
    });
    const progress = terraformProgress({ verbose: flags.verbose, json: this.jsonEnabled() });
    progress.step(`terraform plan (env ${env.name})`);
    const plan = await createPlan(env, { ...progress, lockTimeout: flags['lock-timeout'] });
    await discardPlan(plan.planFile);
    if (!this.jsonEnabled()) this.log(renderPlanSummary(plan, useColor(process.env, process.stdout)));
    const result = { env: env.name, hasChanges: plan.hasChanges, summary: plan.summary };
    if (flags['detailed-exitcode'] && plan.hasChanges) {
      if (this.jsonEnabled()) this.logJson(result);
      this.exit(2);
    }
    return result;
  }
}
