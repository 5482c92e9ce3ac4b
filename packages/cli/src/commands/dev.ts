import { devStatePath, findAppRepo, startDevApp } from '@challenge/delivery';
import { ChallengeError } from '@challenge/infra';
import { Flags } from '@oclif/core';
import { DeliveryCommand } from '../delivery-command.js';

export default class Dev extends DeliveryCommand {
  static override summary = 'Run the app locally on an in-memory DynamoDB and print its URL.';
  static override description =
    'What `pnpm --filter flask-app dev` does, in one command: dynalite (a local DynamoDB) with the candidates table and the app under gunicorn on 127.0.0.1:<port>, no AWS involved. Prints the URL once /gtg answers and records it in <repo>/.challenge/dev_app.json, so `challenge smoke` without --env/--url checks it. Runs until Ctrl-C (exit 130), which stops the app and removes the record.';
  static override examples = [
    '<%= config.bin %> dev',
    '<%= config.bin %> dev --port 8080',
    '<%= config.bin %> smoke   # in another terminal: checks the local app',
  ];
  static override flags = {
    port: Flags.integer({ description: 'Local port of the app.', default: 8000, min: 1, max: 65_535 }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Dev);
    const repoDir = findAppRepo(process.cwd());
    if (!repoDir) {
      throw new ChallengeError(
        `${process.cwd()} is not inside the challenge monorepo (no apps/flask-app/scripts/dev.sh above it).`,
        {
          code: 'NOT_IN_REPO',
          hint: 'Run `challenge dev` from a clone of the monorepo.',
        },
      );
    }
    if (!this.jsonEnabled())
      process.stderr.write('Starting the app (the first start builds its virtualenv)…\n');
    const app = await startDevApp({
      repoDir,
      port: flags.port,
      // The app's own output (dynalite, gunicorn access log) goes to stderr; stdout carries the URL (or JSON).
      onOutput: (chunk) => process.stderr.write(chunk),
    });
    const stop = new Promise<'interrupted'>((resolve) => {
      process.once('SIGINT', () => resolve('interrupted'));
      process.once('SIGTERM', () => resolve('interrupted'));
    });
    if (this.jsonEnabled()) {
      process.stdout.write(
        `${JSON.stringify({ url: app.url, pid: app.pid, stateFile: devStatePath(repoDir) })}\n`,
      );
    } else {
      this.log(`Local app: ${app.url}  (in-memory DynamoDB; Ctrl-C stops it)`);
      this.log('Check it with `challenge smoke` (no --env/--url) from this repository.');
    }
    const outcome = await Promise.race([stop, app.exited]);
    await app.stop();
    if (outcome === 'interrupted') this.exit(130);
    throw new ChallengeError(`The app exited by itself (code ${outcome}); see its output above.`, {
      code: 'DEV_APP_EXITED',
      hint: 'Fix what its output says, then run `challenge dev` again.',
    });
  }
}
