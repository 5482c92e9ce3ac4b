import {
  ecsServiceProbe,
  planRollback,
  startRollback,
  type TaskRevision,
  watchDeployment,
} from '@challenge/delivery';
import { ChallengeError, canPrompt, InterruptedError } from '@challenge/infra';
import { confirm } from '@inquirer/prompts';
import { Flags } from '@oclif/core';
import { DeliveryCommand } from '../delivery-command.js';
import { parseDuration, pollIntervalMs, stuckAfterFlag } from '../delivery-flags.js';
import { deliveryEnv } from '../env-outputs.js';
import { envFlags, yesFlag } from '../flags.js';

function revisionLine(label: string, revision: TaskRevision): string {
  const source = revision.source;
  const commit = source
    ? `commit ${source.codeCommitCommit.slice(0, 12)}${source.monorepoCommit ? ` (monorepo ${source.monorepoCommit.slice(0, 12)})` : ''}`
    : 'commit unknown';
  const registered = revision.registeredAt
    ? `, registered ${revision.registeredAt.toISOString().slice(0, 16).replace('T', ' ')}`
    : '';
  return `${label}${revision.family}:${revision.revision}  image ${revision.imageTag ?? revision.image ?? 'unknown'}  ${commit}${registered}`;
}

export default class Rollback extends DeliveryCommand {
  static override summary = "Roll the app's ECS service back to an earlier task definition revision.";
  static override description =
    "Rolling deployments: shows the service's current task definition revision and the previous one (image tag = the CodeCommit commit the image was built from, and the monorepo commit it shipped), asks to confirm (--yes without a terminal), points the service at the chosen revision (the previous ACTIVE one, or --to) and follows the deployment to steady state. Exits 1 with the deployment's evidence (events, stopped tasks, unhealthy targets) when it fails or makes no progress for --stuck-after.";
  static override examples = [
    '<%= config.bin %> rollback --env mock',
    '<%= config.bin %> rollback --env mock --to 7 --yes',
    '<%= config.bin %> rollback --env mock --yes --json',
  ];
  static override flags = {
    ...envFlags,
    ...yesFlag,
    to: Flags.string({
      description:
        'Revision to roll back to: a number of the same family, family:revision or an ARN (default: the previous one).',
    }),
    timeout: Flags.integer({ description: 'Seconds to wait for steady state.', default: 600, min: 1 }),
    ...stuckAfterFlag,
  };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Rollback);
    const stuckAfterMs = parseDuration('stuck-after', flags['stuck-after']);
    if (!flags.yes && !canPrompt()) this.requireFlagWhenNonInteractive('--yes', false);
    const target = await deliveryEnv(flags.env, flags.dir);
    const cluster = target.requireOutput('ecs_cluster_name', 'names the cluster of the service to roll back');
    const service = target.requireOutput('ecs_service_name', 'names the service to roll back');
    const plan = await planRollback(target.clients, {
      cluster,
      service,
      pipelineName: target.output('pipeline_name'),
      to: flags.to,
    });
    this.say(`ECS service ${cluster}/${service}`);
    this.say(revisionLine('  runs now      ', plan.current));
    this.say(revisionLine('  roll back to  ', plan.target));
    const others = plan.recent.filter((r) => r.revision !== plan.target.revision);
    if (others.length > 0) {
      this.say('  other revisions (--to N):');
      for (const revision of others) this.say(revisionLine('    ', revision));
    }
    if (!flags.yes) await this.confirmRollback(`${plan.target.family}:${plan.target.revision}`);
    const deploymentId = await startRollback(target.clients, plan);
    this.say(
      `Rolling back: deployment ${deploymentId ?? '(unknown)'} of ${plan.target.family}:${plan.target.revision}`,
    );
    const result = await watchDeployment(
      ecsServiceProbe(target.clients, { cluster, service, deploymentId }),
      {
        intervalMs: pollIntervalMs(10_000),
        timeoutMs: flags.timeout * 1000,
        stuckAfterMs,
        onProgress: (progress) => this.say(`  ${progress.detail}`),
      },
    );
    const summary = {
      cluster,
      service,
      from: plan.current,
      to: plan.target,
      deploymentId: deploymentId ?? null,
      outcome: result.outcome,
    };
    if (result.outcome !== 'completed') {
      const what = { failed: 'failed', stuck: 'is stuck', 'timed-out': 'did not reach steady state in time' }[
        result.outcome
      ];
      this.failWithDiagnosis(
        new ChallengeError(`The rollback to ${plan.target.family}:${plan.target.revision} ${what}.`, {
          code: 'ROLLBACK_FAILED',
          hint: `See the evidence above; \`challenge logs --env ${target.env.name}\` shows the app log, \`challenge rollback --env ${target.env.name} --to <revision>\` picks another revision.`,
        }),
        result.diagnosis ? [result.diagnosis] : [],
        summary,
      );
    }
    this.say(`Rolled back: ${service} runs ${plan.target.family}:${plan.target.revision} in steady state.`);
    return summary;
  }

  private async confirmRollback(revision: string): Promise<void> {
    let answer = false;
    try {
      answer = await confirm({ message: `Roll the service back to ${revision}?`, default: false });
    } catch (error) {
      if (error instanceof Error && error.name === 'ExitPromptError') {
        throw new InterruptedError('Interrupted: nothing was changed.');
      }
      throw error;
    }
    if (!answer)
      throw new ChallengeError('Not confirmed: nothing was changed.', { hint: 'Answer yes, or pass --yes.' });
  }
}
