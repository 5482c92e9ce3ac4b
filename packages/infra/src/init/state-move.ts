import { readS3Object } from '../aws/s3-object.js';
import { readRootConfig } from '../environment/root-config.js';
import { ChallengeError } from '../errors.js';
import type { Asker } from './asker.js';
import { stateKey } from './backend-file.js';
import { type InitContext, stringValue } from './context.js';

/** Where an env's Terraform state lives: the settings of its backends/<env>.s3.tfbackend. */
export interface StateLocation {
  bucket: string;
  key: string;
  region: string;
}

/** What the old place holds: read from S3 with the run's credentials. */
interface OldState {
  /** The object read: the env's workspace state (`env:/<env>/<key>`). */
  url: string;
  serial: number;
  lineage: string;
  resources: number;
}

interface Change {
  what: 'bucket' | 'key' | 'region' | 'account';
  from: string;
  to: string;
}

/** An answer of this run moves where an existing env's state lives. */
export interface StateMove {
  env: string;
  from: StateLocation;
  to: StateLocation;
  changes: Change[];
  /** 'absent': nothing there; undefined: it could not be read (e.g. another account's bucket). */
  old: OldState | 'absent' | undefined;
  /** The stack's region or account changes: its resources cannot follow the state. */
  resourcesStay: boolean;
}

export type StateChoice = 'migrate' | 'abandon';

/** The S3 backend keeps a non-default workspace's state under `env:/<workspace>/` (workspace_key_prefix). */
export function workspaceStateKey(env: string, key: string): string {
  return `env:/${env}/${key}`;
}

export function stateUrl(location: StateLocation, env: string): string {
  return `s3://${location.bucket}/${workspaceStateKey(env, location.key)}`;
}

async function readOldState(ctx: InitContext, env: string, from: StateLocation) {
  const url = stateUrl(from, env);
  try {
    const text = await readS3Object(
      { profile: ctx.credentials?.profile, region: from.region, account: ctx.credentials?.identity.account },
      from.bucket,
      workspaceStateKey(env, from.key),
    );
    if (text === undefined) return 'absent' as const;
    const state = JSON.parse(text) as { serial?: number; lineage?: string; resources?: unknown[] };
    return {
      url,
      serial: state.serial ?? 0,
      lineage: state.lineage ?? '',
      resources: state.resources?.length ?? 0,
    };
  } catch {
    return undefined;
  }
}

/**
 * The move this run's answers make, or undefined: the env is new (no backend file yet), the root keeps
 * no state in S3, or the answers keep the state where it is.
 */
export async function findStateMove(ctx: InitContext): Promise<StateMove | undefined> {
  const { env, stateBucket, region, credentials } = ctx;
  const oldBucket = env?.backend['bucket'];
  if (!env || !stateBucket || !region || !oldBucket) return undefined;
  if ((await readRootConfig(ctx.rootDir)).backend?.type !== 's3') return undefined;
  const from = {
    bucket: oldBucket,
    key: env.backend['key'] ?? stateKey(env.name),
    region: env.backend['region'] ?? region,
  };
  const to = { bucket: stateBucket.name, key: stateKey(env.name), region };
  const changes: Change[] = [];
  for (const what of ['bucket', 'key', 'region'] as const) {
    if (from[what] !== to[what]) changes.push({ what, from: from[what], to: to[what] });
  }
  const oldAccount = env.settings.awsAccountId;
  const account = credentials?.identity.account;
  if (oldAccount && account && oldAccount !== account) {
    changes.push({ what: 'account', from: oldAccount, to: account });
  }
  if (changes.length === 0) return undefined;
  const regionVariable = ctx.handled.region?.name;
  const oldStackRegion = regionVariable ? stringValue(env.tfvars[regionVariable]) : undefined;
  const resourcesStay =
    changes.some((change) => change.what === 'account') ||
    (oldStackRegion !== undefined && oldStackRegion !== region) ||
    from.region !== region;
  return { env: env.name, from, to, changes, old: await readOldState(ctx, env.name, from), resourcesStay };
}

/** Nothing is lost by the move: the old place holds no state, or a state that manages nothing. */
export function isHarmless(move: StateMove): boolean {
  return move.old === 'absent' || (move.old !== undefined && move.old.resources === 0);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** "bucket "a" -> "b", region eu-west-1 -> us-east-1" */
function describeChanges(move: StateMove): string {
  return move.changes.map((change) => `${change.what} "${change.from}" -> "${change.to}"`).join(', ');
}

/** What the old place holds, in words. */
function describeOldState(move: StateMove): string {
  const old = move.old;
  if (old === 'absent') return `${stateUrl(move.from, move.env)} holds no state`;
  if (old === undefined) return `${stateUrl(move.from, move.env)} could not be read with these credentials`;
  return `${old.url} holds serial ${old.serial} (lineage ${old.lineage}) managing ${plural(old.resources, 'resource')}`;
}

/** What --abandon-state leaves in AWS, in words. */
export function leftBehind(move: StateMove): string {
  const old = move.old;
  const what =
    old && old !== 'absent'
      ? `the ${plural(old.resources, 'resource')} it manages`
      : 'every resource it manages';
  return `The old state ${stateUrl(move.from, move.env)} and ${what} stay in AWS (still billed), no longer managed by env "${move.env}"`;
}

function regionOrAccountHint(move: StateMove): string {
  return `The stack's resources stay in the old ${move.changes.some((c) => c.what === 'account') ? 'account' : 'region'}: moving the state does not move them. To move the env, run \`challenge destroy --env ${move.env}\` first, then init with the new answers`;
}

function unconfirmed(move: StateMove): ChallengeError {
  const options = [
    ...(move.resourcesStay
      ? []
      : [
          `--migrate-state to copy the state to "${move.to.bucket}" (checked there before the old object is named removable)`,
        ]),
    `--abandon-state to start with an empty state (${leftBehind(move).replace(/^The/, 'the')})`,
    `keep the state where it is: --state-bucket ${move.from.bucket}${move.changes.some((c) => c.what === 'region') ? ` --region ${move.from.region}` : ''}`,
  ];
  return new ChallengeError(
    `These answers move the Terraform state of env "${move.env}": ${describeChanges(move)}; ${describeOldState(move)}. Nothing was changed.`,
    {
      hint: `${move.resourcesStay ? `${regionOrAccountHint(move)}. Or pass ` : 'Pass '}${options.join('; or ')}.`,
      code: 'INIT_STATE_MOVE',
    },
  );
}

/**
 * The user's word on a move: a flag, or a question at a terminal. Refused (a problem) without either, and
 * --migrate-state is refused when the stack's region or account changes (its resources cannot follow).
 */
export async function decideStateMove(
  move: StateMove,
  flags: { migrateState?: boolean | undefined; abandonState?: boolean | undefined },
  asker: Asker | undefined,
  log: (line: string) => void,
): Promise<StateChoice> {
  if (flags.migrateState && flags.abandonState) {
    throw new ChallengeError('--migrate-state and --abandon-state exclude each other.', {
      hint: 'Pass one of them: --migrate-state copies the state to the new place, --abandon-state leaves it behind.',
      code: 'INIT_STATE_MOVE',
    });
  }
  if (isHarmless(move) && !flags.migrateState) {
    log(
      `State of env "${move.env}" moves (${describeChanges(move)}): ${describeOldState(move)}, nothing to migrate.`,
    );
    return 'abandon';
  }
  if (flags.migrateState && move.resourcesStay) {
    throw new ChallengeError(`--migrate-state cannot move env "${move.env}": ${describeChanges(move)}.`, {
      hint: `${regionOrAccountHint(move)}; or pass --abandon-state.`,
      code: 'INIT_STATE_MOVE',
    });
  }
  if (flags.migrateState) return 'migrate';
  if (flags.abandonState) return 'abandon';
  if (!asker) throw unconfirmed(move);
  log(`These answers move the Terraform state of env "${move.env}":`);
  for (const change of move.changes) log(`  ${change.what.padEnd(7)} ${change.from} -> ${change.to}`);
  log(`  ${describeOldState(move)}.`);
  if (move.resourcesStay) log(`  ${regionOrAccountHint(move)}.`);
  const choice = await asker.select<StateChoice | 'keep'>({
    message: 'What happens to the existing state?',
    choices: [
      ...(move.resourcesStay
        ? []
        : [
            {
              name: `Move it to "${move.to.bucket}" (terraform init -migrate-state), checked there`,
              value: 'migrate' as const,
            },
          ]),
      { name: 'Leave it behind and start empty (its resources stay in AWS)', value: 'abandon' },
      { name: 'Keep it where it is: stop, change nothing', value: 'keep' },
    ],
    default: 'keep',
  });
  if (choice === 'keep') {
    throw new ChallengeError(
      `Nothing was changed: env "${move.env}" keeps its state in ${stateUrl(move.from, move.env)}.`,
      {
        hint: `Run init again and keep the answers that name that place (--state-bucket ${move.from.bucket}).`,
        code: 'INIT_STATE_KEPT',
      },
    );
  }
  return choice;
}
