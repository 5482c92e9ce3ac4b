import {
  type BlueGreenDeployment,
  codeDeployProbe,
  type DeploymentGroupRef,
  type DeploymentOutcome,
  type DeploymentProbe,
  ecsServiceProbe,
  findActiveDeployment,
  PHASE_LABELS,
  planRollback,
  type RollbackPlan,
  startBlueGreenRollback,
  startRollback,
  stopBlueGreen,
  type TaskRevision,
  watchDeployment,
} from '@challenge/delivery';
import { ChallengeError, canPrompt, InterruptedError } from '@challenge/infra';
import { confirm } from '@inquirer/prompts';
import { Flags } from '@oclif/core';
import { DeliveryCommand } from '../delivery-command.js';
import { parseDuration, pollIntervalMs, stuckAfterFlag, timeoutFlag } from '../delivery-flags.js';
import { blueGreenGroupOf } from '../deployment-strategy.js';
import { type DeliveryEnv, deliveryEnv } from '../env-outputs.js';
import { envFlags, yesFlag } from '../flags.js';
import { refuseWithoutPrompt } from '../prompt-required.js';

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
    "Blue/green envs (deployment_strategy = blue_green): a CodeDeploy deployment still running is stopped with rollback (StopDeployment, production traffic back to the blue tasks) and the rollback is followed; with none running, the previous revision (or --to) is deployed through CodeDeploy. Rolling deployments: shows the service's current task definition revision and the previous one (image tag = the CodeCommit commit the image was built from, and the monorepo commit it shipped), asks to confirm (--yes without a terminal), points the service at the chosen revision (the previous ACTIVE one, or --to) and follows the deployment to steady state. Exits 1 with the deployment's evidence (events, stopped tasks, unhealthy targets) when it fails or makes no progress for --stuck-after.";
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
    timeout: timeoutFlag('How long to wait for steady state.', '10m'),
    ...stuckAfterFlag,
  };

  async run(): Promise<unknown> {
    const { flags, raw } = await this.parse(Rollback);
    const stuckAfterMs = parseDuration('stuck-after', flags['stuck-after']);
    const target = await deliveryEnv(this.envOptions(flags, raw));
    // Asked for --yes only once there is something to roll back (an env never applied says so first).
    const refuseWithoutTerminal = () => !flags.yes && !canPrompt() && refuseWithoutPrompt('--yes');
    const watch = {
      intervalMs: pollIntervalMs(10_000),
      timeoutMs: flags.timeout,
      stuckAfterMs,
      onProgress: (progress: { detail: string }) => this.say(`  ${progress.detail}`),
    };
    const blueGreen = blueGreenGroupOf(target);
    if (blueGreen) {
      const running = await findActiveDeployment(target.clients, blueGreen);
      if (running) refuseWithoutTerminal();
      if (running)
        return this.stopRunning(target, blueGreen, running, { yes: flags.yes, to: flags.to, watch });
    }
    const cluster = target.requireOutput('ecs_cluster_name', 'names the cluster of the service to roll back');
    const service = target.requireOutput('ecs_service_name', 'names the service to roll back');
    refuseWithoutTerminal();
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
    const { deploymentId, probe } = await this.startRevision(target, plan, blueGreen);
    this.say(
      `Rolling back: ${blueGreen ? 'CodeDeploy ' : ''}deployment ${deploymentId ?? '(unknown)'} of ${plan.target.family}:${plan.target.revision}`,
    );
    const result = await watchDeployment(probe, watch);
    const summary = {
      strategy: blueGreen ? 'blue_green' : 'rolling',
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

  /** Points the service at the plan's revision: UpdateService (rolling) or a CodeDeploy deployment (blue/green). */
  private async startRevision(
    target: DeliveryEnv,
    plan: RollbackPlan,
    blueGreen: DeploymentGroupRef | undefined,
  ): Promise<{ deploymentId: string | undefined; probe: DeploymentProbe }> {
    if (blueGreen) {
      const deploymentId = await startBlueGreenRollback(target.clients, plan, blueGreen);
      return { deploymentId, probe: codeDeployProbe(target.clients, { ...blueGreen, deploymentId }) };
    }
    const deploymentId = await startRollback(target.clients, plan);
    return {
      deploymentId,
      probe: ecsServiceProbe(target.clients, { cluster: plan.cluster, service: plan.service, deploymentId }),
    };
  }

  /** Blue/green with a deployment running: stop it with rollback (traffic back to blue) and follow the rollback. */
  private async stopRunning(
    target: DeliveryEnv,
    ref: DeploymentGroupRef,
    running: BlueGreenDeployment,
    options: {
      yes: boolean;
      to: string | undefined;
      watch: Parameters<typeof watchDeployment>[1];
    },
  ) {
    if (options.to) {
      throw new ChallengeError(
        `Deployment ${running.id} is still running: rollback stops it, --to does not apply.`,
        {
          code: 'DEPLOYMENT_RUNNING',
          hint: `Run \`challenge rollback --env ${target.env.name}\` without --to to stop it with a rollback, then --to for an older revision.`,
        },
      );
    }
    this.say(
      `CodeDeploy deployment ${running.id} of ${ref.application}/${ref.group} is running: ${running.detail}`,
    );
    if (!options.yes)
      await this.confirmMessage(`Stop ${running.id} and roll production traffic back to the blue tasks?`);
    const stop = await stopBlueGreen(target.clients, running.id);
    this.say(
      `Stopped ${running.id} (${stop.stopStatus}${stop.statusMessage ? `: ${stop.statusMessage}` : ''}); ${
        stop.rollbackDeploymentId
          ? `CodeDeploy rolls it back in deployment ${stop.rollbackDeploymentId}`
          : 'no rollback deployment was started'
      }.`,
    );
    const summary = {
      strategy: 'blue_green',
      stopped: running.id,
      phaseWhenStopped: running.phase,
      rollbackDeploymentId: stop.rollbackDeploymentId ?? null,
    };
    if (!stop.rollbackDeploymentId) return { ...summary, outcome: 'stopped' };
    const result: DeploymentOutcome = await watchDeployment(
      codeDeployProbe(target.clients, { ...ref, deploymentId: stop.rollbackDeploymentId }),
      options.watch,
    );
    if (result.outcome !== 'completed') {
      this.failWithDiagnosis(
        new ChallengeError(
          `The rollback of ${running.id} (deployment ${stop.rollbackDeploymentId}) ${result.outcome}.`,
          {
            code: 'ROLLBACK_FAILED',
            hint: `See the evidence above; \`challenge status --env ${target.env.name}\` shows both target groups.`,
          },
        ),
        result.diagnosis ? [result.diagnosis] : [],
        { ...summary, outcome: result.outcome },
      );
    }
    this.say(`Rolled back: production traffic is on the blue tasks again (${PHASE_LABELS.succeeded}).`);
    return { ...summary, outcome: result.outcome };
  }

  private async confirmRollback(revision: string): Promise<void> {
    await this.confirmMessage(`Roll the service back to ${revision}?`);
  }

  private async confirmMessage(message: string): Promise<void> {
    let answer = false;
    try {
      answer = await confirm({ message, default: false });
    } catch (error) {
      if (error instanceof Error && error.name === 'ExitPromptError') {
        throw new InterruptedError('Interrupted: nothing was changed.');
      }
      throw error;
    }
    if (!answer) throw new ChallengeError('Not rolled back.', { code: 'DECLINED' });
  }
}
