import { execFile } from 'node:child_process';
import { relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { awsClients, resolveAwsCredentials, shipAppFolder } from '@challenge/delivery';
import { ChallengeError, openEnvironment, readOutputs } from '@challenge/infra';
import { Args, Flags } from '@oclif/core';
import { DeliveryCommand } from '../../delivery-command.js';
import { timeoutFlag } from '../../delivery-flags.js';
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
        'Follow the pipeline execution the push started, stage by stage, until it waits for approval (or a blue/green deployment for its traffic reroute) or fails.',
    }),
    timeout: timeoutFlag(
      'How long to wait for the pipeline execution to appear (and, with --watch, to reach approval).',
      '10m',
    ),
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
    const pipeline = await this.followPush(
      awsClients({ region, profile: env.profile.name }),
      pipelineName,
      result.commit,
      {
        watch: flags.watch,
        timeoutSeconds: flags.timeout / 1000,
        fixHint:
          'Fix what the diagnosis above shows, commit, and run `challenge ship app --watch` again; `challenge logs --build` shows the whole build log.',
        approveCommand: 'challenge approve',
        envName: env.name,
      },
    );
    return { env: env.name, appPath, cloneUrl, ...result, pipeline };
  }
}
