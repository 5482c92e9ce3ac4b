import { execFile } from 'node:child_process';
import { relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  awsClients,
  diagnoseExecution,
  findExecutionByRevision,
  resolveAwsCredentials,
  shipAppFolder,
  watchExecution,
} from '@challenge/delivery';
import { ChallengeError, openEnvironment, readOutputs } from '@challenge/infra';
import { Args, Flags } from '@oclif/core';
import { DeliveryCommand } from '../../delivery-command.js';
import { pollIntervalMs } from '../../delivery-flags.js';
import { envFlags } from '../../flags.js';

const APPS: Record<string, string> = { app: 'apps/flask-app' };

async function gitTopLevel(dir: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('git', ['rev-parse', '--show-toplevel'], { cwd: dir });
    return stdout.trim();
  } catch {
    throw new ChallengeError(`${dir} is not inside a git repository.`, {
      hint: 'Run challenge ship from a clone of the monorepo.',
    });
  }
}

export default class ShipApp extends DeliveryCommand {
  static override summary = "Push the app folder to the env's CodeCommit main branch.";
  static override description =
    "Builds one commit whose tree is exactly the app folder (committed HEAD, or the working copy with --include-uncommitted) on top of the CodeCommit branch head, and pushes it over HTTPS to CodeCommit's own host for the env's region, with git credentials derived from your AWS credentials (no git-remote-codecommit, no AWS CLI helper). The credentials reach git only through the environment of its own processes (never argv, a URL, a file or a hook), and nothing is stored. The push starts the pipeline.";
  static override examples = [
    '<%= config.bin %> ship app --env mock',
    '<%= config.bin %> ship app --env mock --include-uncommitted',
    '<%= config.bin %> ship app --env mock --json',
  ];
  static override args = {
    app: Args.string({
      description: 'What to ship: app = apps/flask-app.',
      default: 'app',
      options: Object.keys(APPS),
    }),
  };
  static override flags = {
    ...envFlags,
    watch: Flags.boolean({
      description:
        'Follow the pipeline execution the push started, stage by stage, until it waits for approval or fails.',
    }),
    timeout: Flags.integer({
      description:
        'Seconds to wait for the pipeline execution to appear (and, with --watch, to reach approval).',
      default: 600,
      min: 1,
    }),
    'include-uncommitted': Flags.boolean({
      description: 'Ship the working copy of the folder, uncommitted changes included.',
    }),
  };

  async run(): Promise<unknown> {
    const { args, flags, raw } = await this.parse(ShipApp);
    const env = await openEnvironment(this.envOptions(flags, raw));
    const outputs = await readOutputs(env);
    const cloneUrl = outputs['codecommit_clone_url_http']?.value;
    const region = outputs['region']?.value ?? env.settings.region;
    if (typeof cloneUrl !== 'string' || typeof region !== 'string') {
      throw new ChallengeError(
        `Env ${env.name} has no codecommit_clone_url_http/region outputs (has it been applied?).`,
        {
          code: 'NO_REPOSITORY',
          hint: `Run \`challenge apply --env ${env.name}\` first.`,
        },
      );
    }
    const repoDir = await gitTopLevel(env.rootDir);
    const appPath = relative(repoDir, resolve(repoDir, APPS[args.app] as string));
    const result = await shipAppFolder({
      repoDir,
      appPath,
      cloneUrl,
      region,
      credentials: await resolveAwsCredentials(env.profile.name),
      includeUncommitted: flags['include-uncommitted'],
    });
    if (!this.jsonEnabled()) {
      this.log(
        result.pushed
          ? `Pushed ${result.commit} (${appPath} from ${result.sourceCommit.slice(0, 12)}${result.withUncommitted ? ' + uncommitted changes' : ''}) to ${cloneUrl} main.`
          : `Unchanged: main already holds this tree (${result.commit}); nothing pushed.`,
      );
    }
    const pipelineName = outputs['pipeline_name']?.value;
    if (!result.pushed || typeof pipelineName !== 'string')
      return { env: env.name, appPath, cloneUrl, ...result };
    const pipeline = await this.findExecution(pipelineName, region, env.profile.name, result.commit, flags);
    return { env: env.name, appPath, cloneUrl, ...result, pipeline };
  }

  private async findExecution(
    pipelineName: string,
    region: string,
    profile: string | undefined,
    commit: string,
    flags: { watch: boolean; timeout: number },
  ): Promise<{ name: string; executionId: string | null; outcome: string | null }> {
    const clients = awsClients({ region, profile });
    const intervalMs = pollIntervalMs(5000);
    // Without --watch, look briefly: EventBridge starts the execution within seconds of the push.
    const lookMs = flags.watch ? flags.timeout * 1000 : Math.min(flags.timeout * 1000, 30_000);
    // Matched by the pushed commit: the run at pipeline creation (failed at Source, no commit) never matches.
    const executionId = await findExecutionByRevision(clients, pipelineName, commit, {
      timeoutMs: lookMs,
      intervalMs,
    });
    if (!executionId) {
      this.say(`No execution of ${pipelineName} for ${commit.slice(0, 12)} yet; see \`challenge status\`.`);
      if (flags.watch) {
        throw new ChallengeError(
          `Pipeline ${pipelineName} started no execution for ${commit} within ${flags.timeout} s.`,
          {
            code: 'NO_EXECUTION',
            hint: 'Check the EventBridge rule and the pipeline in `challenge status`.',
          },
        );
      }
      return { name: pipelineName, executionId: null, outcome: null };
    }
    this.say(`Pipeline ${pipelineName}: execution ${executionId}`);
    if (!flags.watch) return { name: pipelineName, executionId, outcome: null };
    const { outcome, failedStage } = await watchExecution(clients, pipelineName, executionId, {
      timeoutMs: flags.timeout * 1000,
      intervalMs,
      onStage: (stage, status) => this.say(`  ${stage}: ${status}`),
    });
    if (outcome === 'failed') {
      const diagnoses = await diagnoseExecution(clients, pipelineName, executionId, failedStage);
      this.failWithDiagnosis(
        new ChallengeError(`Execution ${executionId} failed${failedStage ? ` at ${failedStage}` : ''}.`, {
          code: 'PIPELINE_FAILED',
          hint: 'Fix what the diagnosis above shows, commit, and run `challenge ship app --watch` again; `challenge logs --build` shows the whole build log.',
        }),
        diagnoses,
        { pipeline: { name: pipelineName, executionId, outcome } },
      );
    }
    if (outcome === 'timed-out') {
      throw new ChallengeError(`Execution ${executionId} is still running after ${flags.timeout} s.`, {
        code: 'PIPELINE_TIMEOUT',
        hint: 'Follow it in `challenge status`, or watch longer with a larger --timeout.',
      });
    }
    this.say(
      outcome === 'awaiting-approval'
        ? `Waiting for approval: run \`challenge approve\`.`
        : 'Execution succeeded.',
    );
    return { name: pipelineName, executionId, outcome };
  }
}
