import { ChallengeError } from '@challenge/infra';
import type { AwsClients } from '../aws/clients.js';
import { findLiveRevision } from '../changes/live-revision.js';
import type { AwsCredentials } from '../codecommit/credentials.js';
import { type GitSession, withGitSession } from '../codecommit/git-session.js';
import {
  type CodeCommitRemote,
  codeCommitRemote,
  commitAndPush,
  fetchBranch,
  redactorFor,
  scrubbed,
} from '../codecommit/remote.js';
import type { DeploymentGroupRef } from '../codedeploy/deployment.js';
import { deployStageOf, readPipelineDefinition } from '../pipeline/definition.js';
import { lastDeployedExecution } from '../pipeline/executions.js';
import { readEnvStatus } from '../status/status.js';
import { healthProblems } from './health.js';
import {
  appFolderCommits,
  type ChangedFile,
  changedFiles,
  commitsOutsideLineage,
  commitsToPromote,
  type GitRead,
  history,
  type LineageCommit,
  promotionMessage,
} from './lineage.js';

/** One env of a promotion, from its Terraform outputs and per-user settings. */
export interface PromoteEnv {
  name: string;
  clients: AwsClients;
  region: string;
  profile: string | undefined;
  /** For git (CodeCommit credentials derived from them); never stored. */
  credentials: AwsCredentials;
  cloneUrl: string;
  pipelineName: string;
  cluster?: string | undefined;
  service?: string | undefined;
  targetGroupArn?: string | undefined;
  appUrl?: string | undefined;
  /** Blue/green envs: the CodeDeploy group (a deployment still running keeps the source from being healthy). */
  codeDeploy?: DeploymentGroupRef | undefined;
}

export interface PromoteOptions {
  /** The monorepo clone: both envs' histories are fetched into its objects (no ref changes). */
  repoDir: string;
  /** The app folder, the root of each env's CodeCommit repository. */
  appPath: string;
  from: PromoteEnv;
  to: PromoteEnv;
  branch?: string;
  /** Accept a git server on this machine (tests). Default: CHALLENGE_ALLOW_LOOPBACK_GIT=1. */
  allowLoopback?: boolean;
}

export interface PromotionPlan {
  appPath: string;
  from: {
    env: string;
    /** The execution whose Deploy stage last succeeded, and the CodeCommit commit it ran. */
    executionId: string;
    revision: string;
    tree: string;
    sourceCommit: string | undefined;
  };
  to: {
    env: string;
    /** Its branch head now (null: an empty repository). */
    head: string | null;
    headTree: string | null;
    /** What it runs now, and how that was found (its service's image tag, or its last successful deploy). */
    running: { commit: string; tree: string | null; how: string } | null;
  };
  /** The target already runs exactly this tree: nothing to do. */
  upToDate: boolean;
  /** The target's branch holds this tree already (its pipeline builds it, or waits for its approval). */
  alreadyShipped: boolean;
  /** The source's commits the target does not run yet, newest first. */
  commits: LineageCommit[];
  /** The monorepo commits that touched the app folder between what the target runs and what it would get. */
  appCommits: Array<{ commit: string; subject: string }> | undefined;
  files: ChangedFile[];
  /** The target's commits the promoted lineage lacks (a promotion would drop their changes). */
  outsideLineage: LineageCommit[];
  /** Why the source does not count as healthy right now (empty: healthy). */
  sourceProblems: string[];
}

export interface PromotionResult {
  pushed: boolean;
  commit: string;
  parent: string | null;
  message: string | undefined;
}

const retryCommand = (options: PromoteOptions) =>
  `challenge promote --from ${options.from.name} --to ${options.to.name}`;

function remotesOf(options: PromoteOptions): { from: CodeCommitRemote; to: CodeCommitRemote } {
  const remote = (env: PromoteEnv) =>
    codeCommitRemote(env.cloneUrl, env.region, env.credentials, { allowLoopback: options.allowLoopback });
  return { from: remote(options.from), to: remote(options.to) };
}

async function inSession<T>(
  options: PromoteOptions,
  use: (session: GitSession, remotes: { from: CodeCommitRemote; to: CodeCommitRemote }) => Promise<T>,
): Promise<T> {
  const remotes = remotesOf(options);
  const redact = redactorFor([remotes.from, remotes.to]);
  try {
    return await withGitSession(redact, (session) => use(session, remotes));
  } catch (error) {
    throw scrubbed(error, redact, 'promote', retryCommand(options));
  }
}

const reader =
  (session: GitSession, repoDir: string): GitRead =>
  async (args) => {
    const run = await session.local(repoDir, args, { allowFailure: true });
    return run.exitCode === 0 ? run.stdout : null;
  };

/** The one refusal that needs nothing but the two names: an env promoted to itself. */
export function checkPromotionEnvs(from: string, to: string): void {
  if (from === to) {
    throw new ChallengeError(`Cannot promote env ${from} to itself.`, {
      code: 'SAME_ENV',
      hint: 'Name two different envs, e.g. `challenge promote --from dev --to qa`.',
    });
  }
}

/** The source's last successful deploy; a clear refusal when it has none. */
async function sourceDeploy(options: PromoteOptions) {
  const { from, to } = options;
  checkPromotionEnvs(from.name, to.name);
  const definition = await readPipelineDefinition(from.clients, from.pipelineName);
  const deployStage = deployStageOf(definition)?.name;
  const deployed = deployStage
    ? await lastDeployedExecution(from.clients, from.pipelineName, deployStage)
    : undefined;
  if (!deployed?.revisionId) {
    throw new ChallengeError(
      `Env ${from.name} has no successful deploy to promote: no execution of ${from.pipelineName} got through its ${deployStage ?? 'deploy'} stage.`,
      {
        code: 'NOTHING_DEPLOYED',
        hint: `Deploy to ${from.name} first: \`challenge ship app --env ${from.name} --watch\`, then \`challenge approve --env ${from.name} --follow\`.`,
      },
    );
  }
  return { executionId: deployed.id, revision: deployed.revisionId };
}

async function targetLive(to: PromoteEnv) {
  const definition = await readPipelineDefinition(to.clients, to.pipelineName);
  return findLiveRevision(to.clients, {
    pipelineName: to.pipelineName,
    deployStage: deployStageOf(definition)?.name,
    cluster: to.cluster,
    service: to.service,
  });
}

/**
 * What promoting `from` to `to` would do: the tree `from`'s last successful deploy ran, what `to` runs and
 * holds now, the commits and files between them, the target's commits outside the promoted lineage, and
 * whether the source is healthy. Fetches both branches into the monorepo's objects; changes no ref.
 */
export async function planPromotion(options: PromoteOptions): Promise<PromotionPlan> {
  const { from, to, repoDir, appPath } = options;
  const branch = options.branch ?? 'main';
  const deployed = await sourceDeploy(options);
  const [status, live] = await Promise.all([
    readEnvStatus({
      region: from.region,
      profile: from.profile,
      pipelineName: from.pipelineName,
      cluster: from.cluster,
      service: from.service,
      targetGroupArn: from.targetGroupArn,
      appUrl: from.appUrl,
      codeDeploy: from.codeDeploy,
    }),
    targetLive(to),
  ]);
  return inSession(options, async (session, remotes) => {
    const git = reader(session, repoDir);
    await fetchBranch(session, repoDir, remotes.from, branch);
    const head = await fetchBranch(session, repoDir, remotes.to, branch);
    const tree = await git(['rev-parse', '--verify', '--quiet', `${deployed.revision}^{tree}`]);
    if (!tree) {
      throw new ChallengeError(
        `Env ${from.name}'s deployed commit ${deployed.revision} (execution ${deployed.executionId}) is not in the history of its ${branch} branch.`,
        {
          code: 'DEPLOYED_COMMIT_MISSING',
          hint: `Ship to ${from.name} again (\`challenge ship app --env ${from.name} --watch\`) and approve it, then promote.`,
        },
      );
    }
    const source = await history(git, deployed.revision);
    const target = head ? await history(git, head) : [];
    const runningTree = live
      ? await git(['rev-parse', '--verify', '--quiet', `${live.commit}^{tree}`])
      : null;
    const runningSource = target.find((commit) => commit.commit === live?.commit)?.sourceCommit;
    const headTree = target[0]?.tree ?? null;
    const sourceCommit = source[0]?.sourceCommit;
    return {
      appPath,
      from: { env: from.name, ...deployed, tree, sourceCommit },
      to: {
        env: to.name,
        head,
        headTree,
        running: live ? { commit: live.commit, tree: runningTree, how: live.how } : null,
      },
      upToDate: runningTree === tree,
      alreadyShipped: headTree === tree,
      commits: commitsToPromote(source, runningTree ?? undefined),
      appCommits: await appFolderCommits(git, appPath, runningSource, sourceCommit),
      files: await changedFiles(git, runningTree ?? undefined, tree),
      outsideLineage: commitsOutsideLineage(target, source),
      sourceProblems: healthProblems(status),
    };
  });
}

/** Why the plan must not go ahead without --force (an unhealthy source, target history it would drop). */
export function promotionRefusal(plan: PromotionPlan, force: boolean): ChallengeError | undefined {
  if (force) return undefined;
  const retry = `challenge promote --from ${plan.from.env} --to ${plan.to.env}`;
  if (plan.sourceProblems.length > 0) {
    return new ChallengeError(
      `Env ${plan.from.env} is not healthy right now, so what it runs is not proven good:\n  ${plan.sourceProblems.join('\n  ')}`,
      {
        code: 'SOURCE_UNHEALTHY',
        hint: `Fix ${plan.from.env} first (\`challenge status --env ${plan.from.env}\`), or pass --force to promote anyway: \`${retry} --force\`.`,
      },
    );
  }
  if (plan.outsideLineage.length > 0 && !plan.alreadyShipped) {
    const shown = plan.outsideLineage
      .slice(0, 10)
      .map((commit) => `${commit.commit.slice(0, 12)}  ${commit.subject}`)
      .join('\n  ');
    return new ChallengeError(
      `Env ${plan.to.env}'s branch has ${plan.outsideLineage.length} commit${plan.outsideLineage.length === 1 ? '' : 's'} that ${plan.from.env}'s promoted history lacks; promoting would drop their changes:\n  ${shown}`,
      {
        code: 'TARGET_HAS_OTHER_HISTORY',
        hint: `Get those changes into ${plan.from.env} first (ship them there, deploy, then promote), or pass --force to replace them: \`${retry} --force\`.`,
      },
    );
  }
  return undefined;
}

/**
 * Ships exactly the planned tree to the target's branch: one commit on top of the head the plan saw, its
 * message naming the source env and execution. Nothing is pushed when the branch holds that tree already.
 * If the branch moved since the plan, nothing changes and a clear error says to plan again.
 */
export async function promote(options: PromoteOptions, plan: PromotionPlan): Promise<PromotionResult> {
  const { repoDir } = options;
  const branch = options.branch ?? 'main';
  return inSession(options, async (session, remotes) => {
    const head = await fetchBranch(session, repoDir, remotes.to, branch);
    if (head !== plan.to.head) {
      throw new ChallengeError(
        `Env ${plan.to.env}'s ${branch} moved while this promotion was prepared (${plan.to.head?.slice(0, 12) ?? 'empty'} -> ${head?.slice(0, 12) ?? 'empty'}); nothing was pushed.`,
        { code: 'TARGET_MOVED', hint: `Run \`${retryCommand(options)}\` again to see what it would do now.` },
      );
    }
    if (plan.alreadyShipped && head) return { pushed: false, commit: head, parent: head, message: undefined };
    const message = promotionMessage({
      appPath: plan.appPath,
      fromEnv: plan.from.env,
      executionId: plan.from.executionId,
      revision: plan.from.revision,
      sourceCommit: plan.from.sourceCommit,
    });
    const commit = await commitAndPush(session, repoDir, remotes.to, {
      tree: plan.from.tree,
      parent: head,
      message,
      branch,
    });
    return { pushed: true, commit, parent: head, message };
  });
}
