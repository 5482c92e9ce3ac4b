import {
  answerApproval,
  codePipelineClient,
  findPendingApproval,
  type PendingApproval,
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
    "Finds the manual approval waiting in the env's pipeline, shows what is being approved (execution, source commit, how long it has waited), asks to confirm, and answers it. Someone else answering first, or an expired token, is reported once, without retries.";
  static override examples = [
    '<%= config.bin %> approve --env mock',
    '<%= config.bin %> approve --env mock --yes --wait --timeout 900',
    '<%= config.bin %> approve --env mock --reject --reason "smoke tests failed in staging" --yes',
  ];
  static override flags = {
    ...envFlags,
    ...yesFlag,
    reject: Flags.boolean({ description: 'Reject instead of approve (needs --reason).' }),
    reason: Flags.string({ description: 'Summary sent with the answer (required with --reject).' }),
    wait: Flags.boolean({ description: 'Wait for an approval to become pending.' }),
    timeout: Flags.integer({ description: 'With --wait: seconds to wait.', default: 600, min: 1 }),
  };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Approve);
    if (flags.reject && !flags.reason) {
      throw new ChallengeError('--reject needs a reason.', {
        hint: 'Add --reason "<why>" so the pipeline history says why.',
      });
    }
    if (!flags.yes && !canPrompt()) this.requireFlagWhenNonInteractive('--yes', false);
    const { pipelineName, region, env } = await pipelineTarget(flags.env, flags.dir);
    const client = codePipelineClient(region, env.settings.awsProfile);
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
    if (!flags.yes) {
      let answer = false;
      try {
        answer = await confirm({
          message: `${flags.reject ? 'Reject' : 'Approve'} this change?`,
          default: false,
        });
      } catch (error) {
        if (error instanceof Error && error.name === 'ExitPromptError')
          throw new InterruptedError('Interrupted: nothing was sent.');
        throw error;
      }
      if (!answer)
        throw new ChallengeError('Not confirmed: nothing was sent.', { hint: 'Answer yes, or pass --yes.' });
    }
    await answerApproval(client, pending, {
      status,
      summary: flags.reason ?? `Approved with challenge approve (env ${env.name})`,
    });
    if (!this.jsonEnabled())
      this.log(`${status} ${pending.stageName}/${pending.actionName} of ${pipelineName}.`);
    return {
      pipelineName,
      stageName: pending.stageName,
      actionName: pending.actionName,
      executionId: pending.executionId ?? null,
      revisionId: pending.revisionId ?? null,
      status,
    };
  }
}
