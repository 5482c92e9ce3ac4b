import { environmentCredentialSource, noCredentialsAnywhere } from '../aws/credential-sources.js';
import { listProfiles } from '../aws/profiles.js';
import { listEnvironments, resolveEnvironment } from '../environment/resolve.js';
import { findTerraformRoot } from '../environment/root.js';
import { ChallengeError, InterruptedError } from '../errors.js';
import { ensureInitialized, selectWorkspace } from '../terraform/init.js';
import { closestName } from '../tfvars/closest-name.js';
import { readVariables } from '../tfvars/read-variables.js';
import type { InitAnswers } from './answers.js';
import type { Asker } from './asker.js';
import { runAwsActions } from './aws-actions.js';
import { stateKey } from './backend-file.js';
import type { InitContext } from './context.js';
import { type MigratedState, migrateState } from './migrate-state.js';
import { envsWithPendingAnswers } from './pending-answers.js';
import { allProblems, missingAnswersError } from './problems.js';
import { keepAnswersOnInterrupt } from './resume.js';
import {
  decideStateMove,
  findStateMove,
  isHarmless,
  leftBehind,
  type StateChoice,
  type StateMove,
  stateUrl,
} from './state-move.js';
import type { StepRun } from './step.js';
import { initSteps } from './steps/index.js';
import { assertEnvFilesWritable, keepEnvFiles, type WrittenFile, writeEnvFiles } from './write-env-files.js';

export interface RunInitOptions {
  answers: InitAnswers;
  /** Undefined when prompting is not possible: nothing is asked. */
  asker?: Asker | undefined;
  advanced?: boolean | undefined;
  terraformInit?: boolean | undefined;
  dir?: string | undefined;
  cwd?: string | undefined;
  /** Home folder searched for ~/.ssh/*.pub. */
  home?: string | undefined;
  log?: ((line: string) => void) | undefined;
}

export interface InitResult {
  env: string;
  rootDir: string;
  profile: string | null;
  region: string;
  account: string;
  arn: string;
  keyPair: string | undefined;
  stateBucket: string;
  artifactBucket: string | undefined;
  /** Paths of the files written. */
  files: string[];
  /** The same files, each with what it is for. */
  written: WrittenFile[];
  /** What was done in AWS (key imported, buckets created or hardened), in words. */
  actions: string[];
  terraformInitialized: boolean;
  /** Where the env's state lives now, and what happened to it when the answers moved it. */
  state: StateOutcome;
  nextCommand: string;
}

export interface StateOutcome {
  /** The env's workspace state object. */
  url: string;
  change: 'unchanged' | 'migrated' | 'abandoned';
  /** The old place, when the answers moved it. */
  from?: string;
  /** Migrated: the serial and lineage read back in the new place; the old object, now removable. */
  migrated?: MigratedState;
  /** Abandoned: what stays behind in AWS. */
  leftBehind?: string;
}

const HANDLED = { keyPair: 'ec2_key_pair_name', artifactStore: 'artifact_store' };
const REGION_VARIABLES = ['region', 'aws_region'];

async function createContext(rootDir: string, options: RunInitOptions): Promise<InitContext> {
  const variables = await readVariables(rootDir);
  return {
    rootDir,
    flags: options.answers,
    interactive: options.asker !== undefined,
    advanced: options.advanced ?? false,
    home: options.home,
    variables,
    handled: {
      keyPair: variables.find((v) => v.name === HANDLED.keyPair),
      artifactStore: variables.find((v) => v.name === HANDLED.artifactStore),
      region: variables.find((v) => REGION_VARIABLES.includes(v.name)),
    },
    pendingEnvs: await envsWithPendingAnswers(rootDir),
    envs: await listEnvironments(rootDir),
    values: {},
    texts: {},
    cache: { keyPairs: new Map() },
  };
}

function unknownVarHint(name: string, ctx: InitContext): string {
  const names = ctx.variables.map((v) => v.name);
  const closest = closestName(name, names);
  if (closest) return `Did you mean ${closest}? (--var ${closest}=${ctx.flags.vars?.[name] ?? '<value>'})`;
  return names.length > 8
    ? `Run \`challenge init --help\` or see ${ctx.rootDir}/variables.tf for the ${names.length} variables it declares.`
    : `Use one of: ${names.join(', ')}.`;
}

function unknownVarProblems(ctx: InitContext): ChallengeError[] {
  return Object.keys(ctx.flags.vars ?? {})
    .filter((name) => !ctx.variables.some((v) => v.name === name))
    .map(
      (name) =>
        new ChallengeError(`--var ${name}: ${ctx.rootDir} declares no variable "${name}".`, {
          hint: unknownVarHint(name, ctx),
          code: 'INIT_UNKNOWN_VAR',
        }),
    );
}

/**
 * When the answers move an existing env's state (bucket, key, region or account), the user's word on
 * it; without a terminal and without --migrate-state / --abandon-state, a problem (nothing is changed).
 */
async function stateMoveOf(
  ctx: InitContext,
  run: StepRun,
  problems: ChallengeError[],
): Promise<{ move: StateMove; choice: StateChoice } | undefined> {
  const move = await findStateMove(ctx);
  if (!move) return undefined;
  try {
    return { move, choice: await decideStateMove(move, ctx.flags, run.asker, run.log) };
  } catch (error) {
    if (!(error instanceof ChallengeError) || error.code !== 'INIT_STATE_MOVE') throw error;
    problems.push(error);
    return undefined;
  }
}

/** A newcomer with no profile and no credential variables is told how to get credentials, and asked nothing. */
async function requireSomeCredentials(answers: InitAnswers): Promise<void> {
  if (answers.profile !== undefined || environmentCredentialSource()) return;
  if ((await listProfiles()).length === 0) throw noCredentialsAnywhere();
}

/**
 * `challenge init` as a library: a list of steps, each one question with its own check (a flag answer is
 * refused with the same message a prompt answer is asked again with). Without a terminal every problem
 * is reported at once. Then the AWS actions (import key, create or harden buckets) run, with the answers
 * saved as pending until the env's files are written at the end.
 */
export async function runInit(options: RunInitOptions): Promise<InitResult> {
  const log = options.log ?? (() => {});
  const rootDir = await findTerraformRoot({ dir: options.dir, cwd: options.cwd });
  await requireSomeCredentials(options.answers);
  const ctx = await createContext(rootDir, options);
  const run: StepRun = { asker: options.asker, log, missing: [], problems: unknownVarProblems(ctx) };
  if (options.asker && run.problems[0]) throw run.problems[0];
  try {
    for (const step of initSteps(ctx.variables)) await step.run(ctx, run);
  } catch (error) {
    if (error instanceof InterruptedError) await keepAnswersOnInterrupt(ctx, error);
    throw error;
  }
  const problems = [
    ...(run.missing.length > 0 ? [missingAnswersError(ctx.env?.name, run.missing)] : []),
    ...run.problems,
  ];
  const moving = problems.length === 0 ? await stateMoveOf(ctx, run, problems) : undefined;
  const refusal = allProblems(problems);
  if (refusal) throw refusal;
  const { env, credentials, region, stateBucket } = ctx;
  if (!env || !credentials || !region || !stateBucket) throw new Error('init settled no answer for a step');

  await assertEnvFilesWritable(ctx);
  const actions = await runAwsActions(ctx, log);
  const to = stateUrl({ bucket: stateBucket.name, key: stateKey(env.name), region }, env.name);
  let state: StateOutcome = { url: to, change: 'unchanged' };
  let written: WrittenFile[] = [];
  let terraformInitialized = false;
  if (moving?.choice === 'migrate') {
    const restore = await keepEnvFiles(ctx);
    const write = async () => {
      written = await writeEnvFiles(ctx);
    };
    const migrated = await migrateState(rootDir, moving.move, write, restore, log);
    state = { url: to, change: 'migrated', from: stateUrl(moving.move.from, env.name), migrated };
    terraformInitialized = true;
  } else {
    written = await writeEnvFiles(ctx);
    if (moving) {
      const behind = isHarmless(moving.move) ? undefined : `${leftBehind(moving.move)}.`;
      if (behind) log(behind);
      state = {
        url: to,
        change: 'abandoned',
        from: stateUrl(moving.move.from, env.name),
        ...(behind ? { leftBehind: behind } : {}),
      };
    }
  }
  if (options.terraformInit !== false && !terraformInitialized) {
    const environment = await resolveEnvironment({ dir: rootDir, env: env.name });
    await ensureInitialized(environment);
    await selectWorkspace(environment);
    terraformInitialized = true;
  }
  return {
    env: env.name,
    rootDir,
    profile: credentials.profile ?? null,
    region,
    account: credentials.identity.account,
    arn: credentials.identity.arn,
    keyPair: ctx.keyPair?.name,
    stateBucket: stateBucket.name,
    artifactBucket: ctx.artifactBucket?.name,
    files: written.map((file) => file.path),
    written,
    actions,
    terraformInitialized,
    state,
    nextCommand: `challenge apply --env ${env.name}`,
  };
}
