import { attachRun, resolveEnvironment } from '@challenge/infra';
import { BaseCommand } from '../base-command.js';
import { envFlags } from '../flags.js';
import { runLogPrinter } from '../render/run-log.js';

export default class Attach extends BaseCommand {
  static override summary = "Follow an env's Terraform run started elsewhere, to its end.";
  static override description =
    "plan, apply and destroy run Terraform detached, with its output in a log under the env's data dir, so a run goes on when its terminal closes or its CLI is killed. attach prints that run's progress from its start (another terminal's, or one whose CLI is gone) and, when it ends, its result; for a run that already ended, its output and result. Stopping attach (Ctrl-C) leaves the run alone. Exits 0 when the run succeeded, 1 when it failed or its status was lost.";
  static override examples = [
    '<%= config.bin %> attach --env mock',
    '<%= config.bin %> attach --env mock --json',
  ];
  static override flags = { ...envFlags };

  async run(): Promise<unknown> {
    const { flags, raw } = await this.parse(Attach);
    const env = await resolveEnvironment(this.envOptions(flags, raw));
    const json = this.jsonEnabled();
    const printers = {
      stdout: runLogPrinter((line) => this.log(line)),
      stderr: runLogPrinter((line) => process.stderr.write(`${line}\n`)),
    };
    const { record, wasRunning, end } = await attachRun(env, {
      onText: json ? undefined : (text, stream) => printers[stream](text),
    });
    const exitCode = end.state === 'finished' ? end.exitCode : undefined;
    // plan -detailed-exitcode exits 2 for "changes": a success.
    const succeeded =
      exitCode === 0 ||
      (exitCode === 2 && record.args[0] === 'plan' && record.args.includes('-detailed-exitcode'));
    if (!json) {
      const how =
        exitCode === undefined
          ? 'ended without recording its exit status (its wrapper process was killed)'
          : `${succeeded ? 'succeeded' : 'failed'} (exit ${exitCode})`;
      this.log(
        `terraform ${record.what} ${how}; started ${record.startedAt}, pid ${record.pid}. Log: ${record.log}`,
      );
    }
    const result = {
      env: env.name,
      run: {
        id: record.id,
        pid: record.pid,
        what: record.what,
        startedAt: record.startedAt,
        log: record.log,
      },
      wasRunning,
      state: end.state,
      exitCode: exitCode ?? null,
      succeeded,
    };
    if (!succeeded) {
      if (json) this.logJson(result);
      this.exit(1);
    }
    return result;
  }
}
