import {
  answerApproval,
  codePipelineClient,
  findPendingApproval,
  followStage,
  nextStageName,
  type PendingApproval,
  runSmokeChecks,
  waitForPendingApproval,
} from '@challenge/delivery';
import { ChallengeError, canPrompt, InterruptedError } from '@challenge/infra';
import { confirm } from '@inquirer/prompts';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { envFlags, yesFlag } from '../flags.js';
import { pipelineTarget } from '../pipeline-target.js';

function describePending(pending: PendingApproval): string {
  const waited = pending.waitingSince
    ? Math.round((Date.now() - pending.waitingSince.getTime()) / 60_000)
    : undefined;
  return [
    `Pending approval in ${pending.pipelineName}: ${pending.stageName} / ${pending.actionName}`,
    `  execution  ${pending.executionId ?? 'unknown'}`,
    `  commit     ${pending.revisionId ?? 'unknown'}  ${pending.revisionSummary?.split('\n')[0] ?? ''}`.trimEnd(),
    `  waiting    ${waited === undefined ? 'unknown' : `${waited} min`}`,
  ].join('\n');
}

export default class Approve extends BaseCommand {
  static override summary = "Approve (or reject) the pipeline's pending manual approval.";
  static override description =
    "Finds the manual approval waiting in the env's pipeline, shows what is being approved (execution, source commit, how long it has waited), asks to confirm, and answers it. Someone else answering first, or an expired token, is reported once, without retries. --follow then follows the Deploy stage and smoke-tests app_url when it succeeds.";
  static override examples = [
    '<%= config.bin %> approve --env mock',
    '<%= config.bin %> approve --env mock --yes --wait --timeout 900 --follow',
    '<%= config.bin %> approve --env mock --reject --reason "smoke tests failed in staging" --yes',
  ];
  static override flags = {
    ...envFlags,
    ...yesFlag,
    reject: Flags.boolean({ description: 'Reject instead of approve (needs --reason).' }),
    reason: Flags.string({ description: 'Summary sent with the answer (required with --reject).' }),
    wait: Flags.boolean({ description: 'Wait for an approval to become pending.' }),
    follow: Flags.boolean({
      description: 'After approving, follow the next (Deploy) stage; when it succeeds, run the smoke checks.',
    }),
    timeout: Flags.integer({
      description: 'With --wait / --follow: seconds to wait for each.',
      default: 600,
      min: 1,
    }),
  };

  async run(): Promise<unknown> {
    const { flags, raw } = await this.parse(Approve);
    if (flags.reject && !flags.reason) {
      throw new ChallengeError('--reject needs a reason.', {
        hint: 'Add --reason "<why>" so the pipeline history says why.',
      });
    }
    if (flags.reject && flags.follow) {
      throw new ChallengeError('--follow follows a deployment, and a rejection starts none.', {
        hint: 'Drop --follow when rejecting.',
      });
    }
    if (!flags.yes && !canPrompt()) this.requireFlagWhenNonInteractive('--yes', false);
    const { pipelineName, region, env, appUrl } = await pipelineTarget(this.envOptions(flags, raw));
    const client = codePipelineClient(region, env.profile.name);
    const intervalMs = Number(process.env['CHALLENGE_POLL_INTERVAL_MS'] ?? 10_000);
    const pending = flags.wait
      ? await waitForPendingApproval(client, pipelineName, { timeoutMs: flags.timeout * 1000, intervalMs })
      : await findPendingApproval(client, pipelineName);
    if (!pending) {
      throw new ChallengeError(`No approval is pending in pipeline ${pipelineName}.`, {
        code: 'NO_PENDING_APPROVAL',
        hint: 'Run `challenge status` to see where the pipeline is, or pass --wait to wait for one.',
      });
    }
    if (!this.jsonEnabled()) this.log(describePending(pending));
    const status = flags.reject ? 'Rejected' : 'Approved';
    if (!flags.yes) await this.confirmAnswer(flags.reject ? 'Reject' : 'Approve');
    await answerApproval(client, pending, {
      status,
      summary: flags.reason ?? `Approved with challenge approve (env ${env.name})`,
    });
    if (!this.jsonEnabled())
      this.log(`${status} ${pending.stageName}/${pending.actionName} of ${pipelineName}.`);
    const answered = {
      pipelineName,
      stageName: pending.stageName,
      actionName: pending.actionName,
      executionId: pending.executionId ?? null,
      revisionId: pending.revisionId ?? null,
      status,
    };
    if (!flags.follow) return answered;
    return { ...answered, ...(await this.follow(client, pending, intervalMs, flags.timeout, appUrl)) };
  }

  private async confirmAnswer(verb: string): Promise<void> {
    let answer = false;
    try {
      answer = await confirm({ message: `${verb} this change?`, default: false });
    } catch (error) {
      if (error instanceof Error && error.name === 'ExitPromptError') {
        throw new InterruptedError('Interrupted: nothing was sent.');
      }
      throw error;
    }
    if (!answer)
      throw new ChallengeError('Not confirmed: nothing was sent.', { hint: 'Answer yes, or pass --yes.' });
  }

  private async follow(
    client: ReturnType<typeof codePipelineClient>,
    pending: PendingApproval,
    intervalMs: number,
    timeoutSeconds: number,
    appUrl: string | undefined,
  ) {
    const stage = await nextStageName(client, pending.pipelineName, pending.stageName);
    if (!stage) throw new ChallengeError(`No stage follows ${pending.stageName} in ${pending.pipelineName}.`);
    const deploy = await followStage(client, pending.pipelineName, stage, pending.executionId, {
      timeoutMs: timeoutSeconds * 1000,
      intervalMs,
      onStatus: (status) => {
        if (!this.jsonEnabled()) this.log(`${stage}: ${status}`);
      },
    });
    if (deploy !== 'Succeeded') {
      throw new ChallengeError(`Stage ${stage} ended ${deploy}.`, {
        code: 'DEPLOY_FAILED',
        hint: 'See `challenge status`; the ECS deployment circuit breaker rolls a failed deployment back.',
      });
    }
    if (!appUrl) return { deploy, smoke: null };
    const smoke = await runSmokeChecks(appUrl);
    if (!this.jsonEnabled()) {
      for (const check of smoke) this.log(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}  ${check.detail}`);
    }
    const failed = smoke.filter((check) => !check.ok).map((check) => check.name);
    if (failed.length > 0) {
      throw new ChallengeError(`Deployed, but smoke checks against ${appUrl} failed: ${failed.join(', ')}.`, {
        code: 'SMOKE_FAILED',
        hint: `Re-check with \`challenge smoke --url ${appUrl}\`; see target health with \`challenge status\`.`,
      });
    }
    return { deploy, smoke };
  }
}
