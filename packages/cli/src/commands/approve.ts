import {
  type AwsClients,
  answerApproval,
  codeDeployProbe,
  compareRevisions,
  continueBlueGreen,
  deployStageOf,
  findLiveRevision,
  findPendingApproval,
  findWaitingForReroute,
  followStage,
  latestShippedExecution,
  listExecutions,
  nextStageName,
  type PendingApproval,
  type RevisionChanges,
  readPipelineDefinition,
  readTestStageReports,
  runSmokeChecks,
  type SmokeCheckResult,
  waitForPendingApproval,
  watchDeployment,
} from '@challenge/delivery';
import { ChallengeError, canPrompt, InterruptedError } from '@challenge/infra';
import { confirm } from '@inquirer/prompts';
import { Flags } from '@oclif/core';
import { DeliveryCommand } from '../delivery-command.js';
import { parseDuration, pollIntervalMs, stuckAfterFlag, timeoutFlag } from '../delivery-flags.js';
import { requireBlueGreenGroup } from '../deployment-strategy.js';
import { type DeliveryEnv, deliveryEnv } from '../env-outputs.js';
import { envFlags, yesFlag } from '../flags.js';
import { refuseWithoutPrompt } from '../prompt-required.js';
import { changesLines } from '../render/changes.js';
import { testReportLines } from '../render/test-stage.js';

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

type Changes = {
  live: { commit: string; how: string } | null;
  changes: RevisionChanges | null;
  changesError: string | null;
};

export default class Approve extends DeliveryCommand {
  static override summary = "Approve (or reject) the pipeline's pending manual approval.";
  static override description =
    "Finds the manual approval waiting in the env's pipeline and shows what is being approved: the contract checks its Test stage ran on the new image (when the pipeline has one), and, against what runs now, the commits and the files of the app folder that changed between the live revision and the waiting one (from CodeCommit). Asks to confirm, and answers it. Someone else answering first, or an expired token, is reported once, without retries. --follow then follows the Deploy stage and its ECS deployment: a failed or stuck deployment (no new healthy task for --stuck-after) is reported at once with its evidence; a successful one is smoke-tested against app_url. A blue/green (CodeDeploy) deployment is followed through its phases (installing green, test traffic, waiting for traffic reroute, rerouting, terminating blue); when it waits before the reroute, --follow stops there and `--continue` runs the contract checks against the new tasks through the test listener (app_test_url; --skip-test-listener skips them), then (ContinueDeployment) moves production traffic to the new tasks, following the rest with --follow.";
  static override examples = [
    '<%= config.bin %> approve --env mock',
    '<%= config.bin %> approve --env mock --yes --wait --timeout 15m --follow',
    '<%= config.bin %> approve --env mock --reject --reason "smoke tests failed" --yes',
    '<%= config.bin %> approve --env <blue-green-env> --continue --yes --follow',
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
    continue: Flags.boolean({
      description:
        'Blue/green: move production traffic to the new tasks of the deployment waiting for it (instead of answering an approval).',
      exclusive: ['reject', 'reason', 'wait'],
    }),
    'skip-test-listener': Flags.boolean({
      description:
        'With --continue: do not run the contract checks against the new tasks through the test listener (app_test_url) first, e.g. when it is not reachable from this machine (it admits blue_green_test_listener_cidrs only).',
      dependsOn: ['continue'],
    }),
    timeout: timeoutFlag('With --wait / --follow: how long to wait for each.', '10m'),
    ...stuckAfterFlag,
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
    const stuckAfterMs = parseDuration('stuck-after', flags['stuck-after']);
    const target = await deliveryEnv(this.envOptions(flags, raw));
    // An env never applied has no pipeline: say so before asking for --yes.
    const pipelineName = target.requireOutput('pipeline_name', 'names the pipeline to approve in');
    if (!flags.yes && !canPrompt()) refuseWithoutPrompt('--yes');
    if (flags.continue) {
      return this.continueDeployment(target, {
        yes: flags.yes,
        follow: flags.follow,
        skipTestListener: flags['skip-test-listener'],
        intervalMs: pollIntervalMs(10_000),
        timeoutMs: flags.timeout,
        stuckAfterMs,
      });
    }
    const { clients } = target;
    const intervalMs = pollIntervalMs(10_000);
    const pending = flags.wait
      ? await waitForPendingApproval(clients, pipelineName, { timeoutMs: flags.timeout, intervalMs })
      : await findPendingApproval(clients, pipelineName);
    if (!pending) throw await this.nothingPending(clients, pipelineName, target.env.name);
    this.say(describePending(pending));
    const tests = pending.executionId
      ? await readTestStageReports(clients, pipelineName, pending.executionId)
      : [];
    for (const report of tests) for (const line of testReportLines(report, '')) this.say(line);
    const changes = await this.changes(target, pipelineName, pending);
    for (const line of changesLines(changes)) this.say(line);
    const status = flags.reject ? 'Rejected' : 'Approved';
    if (!flags.yes) await this.confirmAnswer(flags.reject ? 'Reject' : 'Approve');
    await answerApproval(clients, pending, {
      status,
      summary: flags.reason ?? `Approved with challenge approve (env ${target.env.name})`,
    });
    this.say(`${status} ${pending.stageName}/${pending.actionName} of ${pipelineName}.`);
    const answered = {
      pipelineName,
      stageName: pending.stageName,
      actionName: pending.actionName,
      executionId: pending.executionId ?? null,
      revisionId: pending.revisionId ?? null,
      status,
      tests,
      ...changes,
    };
    if (!flags.follow) return answered;
    return {
      ...answered,
      ...(await this.follow(clients, pending, {
        intervalMs,
        timeoutMs: flags.timeout,
        stuckAfterMs,
        appUrl: target.output('app_url'),
        answered,
        envName: target.env.name,
      })),
    };
  }

  /** Why nothing is pending; "nothing shipped yet" when only the run at pipeline creation exists. */
  private async nothingPending(
    clients: AwsClients,
    pipelineName: string,
    envName: string,
  ): Promise<ChallengeError> {
    const shipped = await latestShippedExecution(clients, pipelineName);
    if (!shipped) {
      const creation = (await listExecutions(clients, pipelineName, { max: 1 }))[0];
      return new ChallengeError(
        `No approval is pending in pipeline ${pipelineName}: nothing has been shipped yet${
          creation
            ? ` (the only run, ${creation.id}, is the one at pipeline creation, which fails at Source because main does not exist yet)`
            : ''
        }.`,
        {
          code: 'NOTHING_SHIPPED',
          hint: `Run \`challenge ship app --env ${envName} --watch\` first; it stops when the approval is pending.`,
        },
      );
    }
    return new ChallengeError(
      `No approval is pending in pipeline ${pipelineName} (its last shipped execution ${shipped.id} is ${shipped.status}).`,
      {
        code: 'NO_PENDING_APPROVAL',
        hint: 'Run `challenge status` to see where the pipeline is, or pass --wait to wait for one.',
      },
    );
  }

  /** What is being approved against what runs now; a part that cannot be read is shown as such, not fatal. */
  private async changes(
    target: DeliveryEnv,
    pipelineName: string,
    pending: PendingApproval,
  ): Promise<Changes> {
    const repository = target.output('codecommit_repository_name');
    if (!pending.revisionId)
      return { live: null, changes: null, changesError: 'the waiting execution names no commit' };
    try {
      const definition = await readPipelineDefinition(target.clients, pipelineName);
      const live = await findLiveRevision(target.clients, {
        pipelineName,
        deployStage: deployStageOf(definition)?.name,
        cluster: target.output('ecs_cluster_name'),
        service: target.output('ecs_service_name'),
      });
      if (!repository) {
        return {
          live: live ?? null,
          changes: null,
          changesError: `env ${target.env.name} has no codecommit_repository_name output (run \`challenge apply\`)`,
        };
      }
      const changes = await compareRevisions(target.clients, {
        repository,
        from: live?.commit,
        to: pending.revisionId,
      });
      return { live: live ?? null, changes, changesError: null };
    } catch (error) {
      return {
        live: null,
        changes: null,
        changesError: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      };
    }
  }

  private async confirmAnswer(verb: string): Promise<void> {
    await this.confirmOrStop(`${verb} this change?`);
  }

  private async confirmOrStop(message: string): Promise<void> {
    let answer = false;
    try {
      answer = await confirm({ message, default: false });
    } catch (error) {
      if (error instanceof Error && error.name === 'ExitPromptError') {
        throw new InterruptedError('Interrupted: nothing was sent.');
      }
      throw error;
    }
    if (!answer) throw new ChallengeError('Not sent: the approval is still waiting.', { code: 'DECLINED' });
  }

  private async follow(
    clients: AwsClients,
    pending: PendingApproval,
    options: {
      intervalMs: number;
      timeoutMs: number;
      stuckAfterMs: number;
      appUrl: string | undefined;
      answered: Record<string, unknown>;
      envName: string;
    },
  ) {
    const stage = await nextStageName(clients, pending.pipelineName, pending.stageName);
    if (!stage) throw new ChallengeError(`No stage follows ${pending.stageName} in ${pending.pipelineName}.`);
    const result = await followStage(clients, pending.pipelineName, stage, pending.executionId, {
      timeoutMs: options.timeoutMs,
      intervalMs: options.intervalMs,
      stuckAfterMs: options.stuckAfterMs,
      onStatus: (status) => this.say(`${stage}: ${status}`),
      onProgress: (progress) => this.say(`  ${progress.detail}`),
    });
    if (result.status === 'WaitingForContinue') {
      const next = `challenge approve --env ${options.envName} --continue --follow`;
      this.say(
        `Deployment ${result.deploymentId ?? ''} waits for its traffic reroute: the new tasks run behind the test listener, production still reaches the old ones. Run \`${next}\` to move production traffic (or \`challenge rollback --env ${options.envName}\` to drop them).`,
      );
      return { deploy: result.status, deploymentId: result.deploymentId ?? null, next, smoke: null };
    }
    if (result.status !== 'Succeeded') {
      const stuck = result.status === 'Stuck';
      this.failWithDiagnosis(
        new ChallengeError(
          stuck
            ? `Stage ${stage} is stuck: no new task became healthy for ${Math.round(options.stuckAfterMs / 1000)} s.`
            : `Stage ${stage} ended ${result.status}.`,
          {
            code: stuck ? 'DEPLOY_STUCK' : 'DEPLOY_FAILED',
            hint: stuck
              ? 'Fix what the evidence above shows and ship again, or go back with `challenge rollback`; `challenge logs` shows the app log.'
              : 'Fix what the diagnosis above shows and ship again; `challenge logs` shows the app log, `challenge rollback` goes back a revision.',
          },
        ),
        result.diagnoses,
        { ...options.answered, deploy: result.status },
      );
    }
    return { deploy: result.status, smoke: await this.smoke(options.appUrl) };
  }

  /** Smoke checks against app_url once traffic reached the new tasks; exits 1 naming the failed checks. */
  private async smoke(appUrl: string | undefined): Promise<SmokeCheckResult[] | null> {
    if (!appUrl) return null;
    const smoke = await runSmokeChecks(appUrl);
    for (const check of smoke) this.say(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}  ${check.detail}`);
    const failed = smoke.filter((check) => !check.ok).map((check) => check.name);
    if (failed.length > 0) {
      throw new ChallengeError(`Deployed, but smoke checks against ${appUrl} failed: ${failed.join(', ')}.`, {
        code: 'SMOKE_FAILED',
        hint: `Re-check with \`challenge smoke --url ${appUrl}\`; see target health with \`challenge status\`.`,
      });
    }
    return smoke;
  }

  /**
   * Before the reroute, the contract checks run against the new (green) tasks through the test listener,
   * where CodeDeploy sends test traffic while it waits: production traffic moves only to tasks that pass.
   */
  private async checkTestListener(target: DeliveryEnv, deploymentId: string): Promise<void> {
    const testUrl = target.output('app_test_url');
    if (!testUrl) return;
    this.say(`Contract checks against the new tasks through the test listener (${testUrl}):`);
    const checks = await runSmokeChecks(testUrl, { timeoutMs: 3000 });
    for (const check of checks) this.say(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}  ${check.detail}`);
    const failed = checks.filter((check) => !check.ok).map((check) => check.name);
    if (failed.length === 0) return;
    const env = target.env.name;
    throw new ChallengeError(
      `The new tasks of ${deploymentId} fail contract checks through the test listener ${testUrl}: ${failed.join(', ')}. Production traffic was not moved.`,
      {
        code: 'TEST_LISTENER_CHECKS_FAILED',
        hint: `\`challenge rollback --env ${env}\` stops the deployment. If the test listener is not reachable from here (it admits blue_green_test_listener_cidrs only, the VPC by default), add your network there and run \`challenge apply --env ${env}\`, or pass --skip-test-listener.`,
      },
    );
  }

  /** --continue: the blue/green deployment waiting for its reroute moves production traffic to green. */
  private async continueDeployment(
    target: DeliveryEnv,
    options: {
      yes: boolean;
      follow: boolean;
      skipTestListener: boolean;
      intervalMs: number;
      timeoutMs: number;
      stuckAfterMs: number;
    },
  ) {
    const ref = requireBlueGreenGroup(target, '--continue');
    const waiting = await findWaitingForReroute(target.clients, ref);
    this.say(`Deployment ${waiting.id} of ${ref.application}/${ref.group}: ${waiting.detail}`);
    if (!options.skipTestListener) await this.checkTestListener(target, waiting.id);
    if (!options.yes) await this.confirmOrStop(`Move production traffic to the new tasks of ${waiting.id}?`);
    const continued = await continueBlueGreen(target.clients, waiting.id);
    this.say(`Continued ${waiting.id}: ${continued.detail}`);
    const summary = { deploymentId: waiting.id, continued: true, phase: continued.phase };
    if (!options.follow) return summary;
    const result = await watchDeployment(
      codeDeployProbe(target.clients, { ...ref, deploymentId: waiting.id }),
      {
        intervalMs: options.intervalMs,
        timeoutMs: options.timeoutMs,
        stuckAfterMs: options.stuckAfterMs,
        onProgress: (progress) => this.say(`  ${progress.detail}`),
      },
    );
    if (result.outcome !== 'completed') {
      const what = { failed: 'failed', stuck: 'is stuck', 'timed-out': 'did not finish in time' }[
        result.outcome
      ];
      this.failWithDiagnosis(
        new ChallengeError(`Deployment ${waiting.id} ${what} after the reroute.`, {
          code:
            result.outcome === 'failed'
              ? 'DEPLOY_FAILED'
              : result.outcome === 'stuck'
                ? 'DEPLOY_STUCK'
                : 'FOLLOW_TIMEOUT',
          hint: `See the evidence above; \`challenge status --env ${target.env.name}\` shows both target groups, \`challenge rollback --env ${target.env.name}\` goes back.`,
        }),
        result.diagnosis ? [result.diagnosis] : [],
        { ...summary, deploy: result.outcome },
      );
    }
    return { ...summary, deploy: 'Succeeded', smoke: await this.smoke(target.output('app_url')) };
  }
}
