import { devStatePath, findAppRepo, readDevState, runSmokeChecks } from '@challenge/delivery';
import { ChallengeError, openEnvironment, type ResolveOptions, readOutputs } from '@challenge/infra';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { timeoutFlag } from '../delivery-flags.js';
import { envFlags } from '../flags.js';

export default class Smoke extends BaseCommand {
  static override summary = "Check the app's HTTP contract end to end.";
  static override description =
    "Runs the candidates contract against the env's app_url (--env/--dir), a --url, or, with neither, the local app `challenge dev` runs: /gtg, /gtg?details, insert of a unique candidate, read back, list, and the 400 of /. The checks are apps/flask-app/contract/checks.json, the same ones the pipeline's Test stage runs on every new image. One line per check; exit 1 if any fails.";
  static override examples = [
    '<%= config.bin %> smoke --env mock',
    '<%= config.bin %> smoke   # the local app of `challenge dev`',
    '<%= config.bin %> smoke --url http://127.0.0.1:8000',
    '<%= config.bin %> smoke --env mock --json',
  ];
  static override flags = {
    ...envFlags,
    url: Flags.string({ description: "Base URL to check instead of the env's app_url output." }),
    timeout: timeoutFlag('Per-request timeout.', '5s'),
  };

  async run(): Promise<unknown> {
    const { flags, raw } = await this.parse(Smoke);
    const url =
      flags.url ??
      (flags.env || flags.dir ? await appUrlOf(this.envOptions(flags, raw)) : await localAppUrl());
    if (!/^https?:\/\//.test(url)) {
      throw new ChallengeError(`"${url}" is not an http(s) URL.`, { hint: 'Pass --url http://host[:port]' });
    }
    const results = await runSmokeChecks(url, { timeoutMs: flags.timeout });
    const failed = results.filter((result) => !result.ok);
    // No HTTP answer to any check: one message, not the same network error once per check.
    if (
      results.length > 0 &&
      results.every((result) => !result.ok && result.detail.startsWith('request failed:'))
    ) {
      throw new ChallengeError(
        `Nothing answers at ${url} (${results[0]?.detail.replace('request failed: ', '')}).`,
        {
          code: 'NOTHING_ANSWERS',
          hint: flags.url
            ? 'Check the URL and that the app runs there (`challenge dev` runs it locally).'
            : 'Check that the app runs: `challenge status` shows the service, its targets and /gtg.',
        },
      );
    }
    if (!this.jsonEnabled()) {
      for (const result of results) {
        this.log(`${result.ok ? 'ok  ' : 'FAIL'}  ${result.name}  ${result.detail}  (${result.ms} ms)`);
      }
      this.log(
        failed.length === 0
          ? `All ${results.length} checks passed against ${url}.`
          : `${failed.length} of ${results.length} checks failed against ${url}.`,
      );
    }
    if (failed.length > 0) {
      if (this.jsonEnabled()) this.logJson({ url, ok: false, checks: results });
      this.exit(1);
    }
    return { url, ok: true, checks: results };
  }
}

/** The app `challenge dev` runs in this repository (its <repo>/.challenge/dev_app.json). */
async function localAppUrl(): Promise<string> {
  const repoDir = findAppRepo(process.cwd());
  const state = repoDir ? await readDevState(repoDir) : undefined;
  if (!repoDir || !state) {
    throw new ChallengeError(
      'No target: no --env, no --url, and no local app from `challenge dev` is running here.',
      {
        code: 'NO_SMOKE_TARGET',
        hint: 'Start the local app with `challenge dev` (in another terminal), or pass --env <env> or --url <url>.',
      },
    );
  }
  if (!state.alive) {
    throw new ChallengeError(
      `The local app recorded in ${devStatePath(repoDir)} (${state.url}, pid ${state.pid}) no longer runs.`,
      {
        code: 'DEV_APP_GONE',
        hint: 'Start it again with `challenge dev`, or pass --env <env> or --url <url>.',
      },
    );
  }
  return state.url;
}

async function appUrlOf(options: ResolveOptions): Promise<string> {
  const env = await openEnvironment(options);
  const outputs = await readOutputs(env);
  const appUrl = outputs['app_url']?.value;
  if (typeof appUrl !== 'string' || appUrl === '') {
    throw new ChallengeError(`Env ${env.name} has no app_url output (has it been applied?).`, {
      code: 'NO_APP_URL',
      hint: `Run \`challenge apply --env ${env.name}\` first, or pass --url.`,
    });
  }
  return appUrl;
}
