import { failedChecks, runDoctor } from '@challenge/infra';
import { BaseCommand } from '../base-command.js';
import { envFlags } from '../flags.js';
import { renderCheck } from '../render/checks.js';
import { terminalWidth } from '../render/wrap.js';

export default class Doctor extends BaseCommand {
  static override summary = 'Check tools, AWS access and an environment’s settings, each with a fix.';
  static override description =
    'Runs every check at once: node, git and terraform versions; the env’s backend settings and AWS profile (and which one is used: --profile, the saved profile, AWS_PROFILE or the default chain); AWS credentials and account; the region Terraform deploys to and where it comes from; key pair; state and artifact buckets; CodeCommit (for stacks with a repository); tfvars against variables.tf; workspace. Lines wrap to the terminal width. Exits 1 when any check fails.';
  static override examples = [
    '<%= config.bin %> doctor --env mock',
    '<%= config.bin %> doctor --env mock --profile ops',
    '<%= config.bin %> doctor --env mock --json',
  ];
  static override flags = { ...envFlags };

  async run(): Promise<unknown> {
    const { flags, raw } = await this.parse(Doctor);
    const checks = await runDoctor(this.envOptions(flags, raw));
    const failed = failedChecks(checks);
    const ok = failed.length === 0;
    if (this.jsonEnabled()) {
      if (!ok) {
        // The checks, plus the error shape every --json failure has.
        this.logJson({
          ok,
          checks,
          error: {
            code: 'CHECKS_FAILED',
            message: `${failed.length} ${failed.length === 1 ? 'check' : 'checks'} failed: ${failed.map((c) => c.name).join(', ')}.`,
            hint: failed[0]?.hint ?? null,
          },
        });
        this.exit(1);
      }
    } else {
      const width = terminalWidth(process.stdout);
      for (const check of checks) this.log(renderCheck(check, width, { withFix: true }));
      if (!ok) {
        process.stderr.write(
          `Error: ${failed.length} ${failed.length === 1 ? 'check' : 'checks'} failed: ${failed.map((c) => c.name).join(', ')}.\n`,
        );
        this.exit(1);
      }
    }
    return { ok, checks };
  }
}
