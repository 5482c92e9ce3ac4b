import { execFile } from 'node:child_process';
import { relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  checkPromotionEnvs,
  type PromoteEnv,
  planPromotion,
  promote,
  promotionRefusal,
  resolveAwsCredentials,
} from '@challenge/delivery';
import {
  ChallengeError,
  canPrompt,
  type Environment,
  InterruptedError,
  openEnvironment,
  type ResolveOptions,
  validateEnvName,
} from '@challenge/infra';
import { confirm } from '@inquirer/prompts';
import { Flags } from '@oclif/core';
import { DeliveryCommand } from '../delivery-command.js';
import { timeoutFlag } from '../delivery-flags.js';
import { blueGreenGroupOf } from '../deployment-strategy.js';
import { deliveryEnvOf } from '../env-outputs.js';
import { envFlags, yesFlag } from '../flags.js';
import { refuseWithoutPrompt } from '../prompt-required.js';
import { errorJson } from '../render/errors.js';
import { promotionLines } from '../render/promotion.js';

const APP_PATH = 'apps/flask-app';

async function gitTopLevel(dir: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('git', ['rev-parse', '--show-toplevel'], { cwd: dir });
    return stdout.trim();
  } catch {
    throw new ChallengeError(`${dir} is not inside a git repository.`, {
      code: 'NOT_A_CLONE',
      hint: 'Run challenge promote from a clone of the monorepo.',
    });
  }
}

/**
 * Both envs opened as every env command opens one (initialised, AWS profile known), both checked before
 * Terraform reads either's outputs; the source's problem is reported first when both have one.
 */
async function openBoth(from: ResolveOptions, to: ResolveOptions): Promise<[Environment, Environment]> {
  const [source, target] = await Promise.allSettled([openEnvironment(from), openEnvironment(to)]);
  if (source.status === 'rejected') throw source.reason;
  if (target.status === 'rejected') throw target.reason;
  return [source.value, target.value];
}

/** An env of the promotion from its outputs (clone URL and pipeline required) and its AWS profile. */
async function promoteEnv(env: Environment): Promise<PromoteEnv & { rootDir: string }> {
  const target = await deliveryEnvOf(env);
  return {
    rootDir: env.rootDir,
    name: env.name,
    clients: target.clients,
    region: target.region,
    profile: env.profile.name,
    credentials: await resolveAwsCredentials(env.profile.name),
    cloneUrl: target.requireOutput('codecommit_clone_url_http', 'is where promote reads and pushes its tree'),
    pipelineName: target.requireOutput('pipeline_name', 'holds its deploy history'),
    cluster: target.output('ecs_cluster_name'),
    service: target.output('ecs_service_name'),
    targetGroupArn: target.output('target_group_arn'),
    appUrl: target.output('app_url'),
    codeDeploy: blueGreenGroupOf(target),
  };
}

export default class Promote extends DeliveryCommand {
  static override summary = 'Promote the app tree one env runs to the next env (dev -> qa -> prod).';
  static override description =
    "Finds the CodeCommit commit of the source env's last successful Deploy (its pipeline's execution history), checks that the source env is healthy right now (ECS service steady, targets healthy, /gtg 200; blue/green: the task set serving production steady, the targets of its group, no CodeDeploy deployment running), and shows what the target env runs today against what it would get: the commits and the files of the app folder between them. After confirmation (or --yes) it pushes exactly that tree to the target env's CodeCommit main (one commit on top of its head, naming the source env and execution), which starts the target's own pipeline: it builds, tests and waits for its own approval. --watch follows it there. Refuses: the same env twice, a source with no successful deploy, an unhealthy source (--force overrides), a target whose main has commits the promoted history lacks (shown; --force replaces them). A target that already runs that tree is nothing to do (exit 0).";
  static override examples = [
    '<%= config.bin %> promote --from dev --to qa',
    '<%= config.bin %> promote --from qa --to prod --yes --watch',
    '<%= config.bin %> promote --from dev --to qa --json --yes',
  ];
  static override flags = {
    from: Flags.string({ description: 'Env whose deployed tree is promoted.', required: true }),
    to: Flags.string({
      description: 'Env that receives it (its pipeline builds and approves it).',
      required: true,
    }),
    dir: envFlags.dir,
    profile: Flags.string({
      description:
        "AWS profile for both envs in this run. Defaults to each env's own: the profile `challenge init` saved for it, else AWS_PROFILE, else the default credential chain.",
    }),
    ...yesFlag,
    force: Flags.boolean({
      description:
        'Promote although the source env is unhealthy, or the target has commits the promoted history lacks.',
    }),
    watch: Flags.boolean({
      description:
        "Follow the target's pipeline execution, stage by stage, until it waits for approval (or a blue/green deployment for its traffic reroute) or fails.",
    }),
    timeout: timeoutFlag(
      "How long to wait for the target's execution to appear (and, with --watch, to reach approval).",
      '10m',
    ),
  };

  async run(): Promise<unknown> {
    const { flags, raw } = await this.parse(Promote);
    validateEnvName(flags.from, 'flag', '--from');
    validateEnvName(flags.to, 'flag', '--to');
    checkPromotionEnvs(flags.from, flags.to);
    if (!flags.yes && !canPrompt()) refuseWithoutPrompt('--yes');
    const shared = this.envOptions({ dir: flags.dir, profile: flags.profile }, raw);
    const [source, target] = await openBoth({ ...shared, env: flags.from }, { ...shared, env: flags.to });
    const [from, to] = await Promise.all([promoteEnv(source), promoteEnv(target)]);
    const repoDir = await gitTopLevel(from.rootDir);
    const options = { repoDir, appPath: relative(repoDir, resolve(repoDir, APP_PATH)), from, to };
    const plan = await planPromotion(options);
    if (plan.upToDate) {
      this.say(
        `Nothing to do: env ${to.name} already runs this tree (${plan.to.running?.commit.slice(0, 12)}), the one ${from.name}'s execution ${plan.from.executionId} deployed.`,
      );
      return { from: from.name, to: to.name, promoted: false, upToDate: true, plan };
    }
    for (const line of promotionLines(plan)) this.say(line);
    const refusal = promotionRefusal(plan, flags.force);
    if (refusal) {
      if (this.jsonEnabled()) {
        this.logJson({ error: errorJson(refusal), plan });
        this.exit(refusal.exitCode);
      }
      throw refusal;
    }
    if (flags.force && (plan.sourceProblems.length > 0 || plan.outsideLineage.length > 0))
      this.say('Going ahead anyway (--force).');
    if (!flags.yes) await this.confirmPromotion(to.name);
    const result = await promote(options, plan);
    this.say(
      result.pushed
        ? `Pushed ${result.commit} to ${to.name}'s main: the tree of ${from.name}'s execution ${plan.from.executionId}.`
        : `Unchanged: ${to.name}'s main already holds this tree (${result.commit}); nothing pushed.`,
    );
    const pipeline = await this.followPush(to.clients, to.pipelineName, result.commit, {
      watch: flags.watch,
      timeoutSeconds: flags.timeout / 1000,
      fixHint: `Fix what the diagnosis above shows in ${from.name} first (ship, deploy there), then promote again; \`challenge logs --env ${to.name} --build\` shows the whole build log.`,
      approveCommand: `challenge approve --env ${to.name}`,
      envName: to.name,
    });
    return { from: from.name, to: to.name, promoted: true, upToDate: false, plan, result, pipeline };
  }

  private async confirmPromotion(target: string): Promise<void> {
    let answer = false;
    try {
      answer = await confirm({ message: `Promote this tree to ${target}?`, default: false });
    } catch (error) {
      if (error instanceof Error && error.name === 'ExitPromptError') {
        throw new InterruptedError('Interrupted: nothing was pushed.');
      }
      throw error;
    }
    if (!answer) {
      throw new ChallengeError('Not promoted.', { code: 'DECLINED' });
    }
  }
}
