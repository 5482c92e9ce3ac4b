import { type CheckResult, runDoctor } from '@challenge/infra';
import { BaseCommand } from '../base-command.js';
import { envFlags } from '../flags.js';

function renderCheck(check: CheckResult): string {
  const line = `${check.ok ? '✓' : '✗'} ${check.name.padEnd(16)} ${check.detail}`;
  return check.ok || !check.hint ? line : `${line}\n  Fix: ${check.hint}`;
}

export default class Doctor extends BaseCommand {
  static override summary = 'Check tools, AWS access and an environment’s settings, each with a fix.';
  static override description =
    'Runs every check at once: node, git and terraform versions; AWS credentials and account; region; key pair; state and artifact buckets; tfvars against variables.tf; backend settings; workspace. Exits 1 when any check fails.';
  static override examples = [
    '<%= config.bin %> doctor --env mock',
    '<%= config.bin %> doctor --env mock --json',
  ];
  static override flags = { ...envFlags };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Doctor);
    const checks = await runDoctor({ env: flags.env, dir: flags.dir });
    const ok = checks.every((check) => check.ok);
    if (this.jsonEnabled()) {
      if (!ok) {
        this.logJson({ ok, checks });
        this.exit(1);
      }
    } else {
      for (const check of checks) this.log(renderCheck(check));
      if (!ok) {
        process.stderr.write(`Error: ${checks.filter((c) => !c.ok).length} check(s) failed.\n`);
        this.exit(1);
      }
    }
    return { ok, checks };
  }
}
