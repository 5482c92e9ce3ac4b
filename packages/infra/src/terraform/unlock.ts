import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Environment } from '../environment/index.js';
import { rootConfigOf } from '../environment/index.js';
import { ChallengeError } from '../errors.js';
import { readBackendFile } from '../init/backend-file.js';
import { ensureInitialized, type InitOptions } from './init.js';
import { describeLock, type LockInfo, lockInfoFromJson } from './lock-info.js';
import { runTerraform } from './run.js';
import { describeRun } from './run-messages.js';
import { liveRun } from './run-record.js';

/** Where an env's state lock lives, and what it holds right now. */
export interface StateLock {
  /** "local" (a lock file beside the state), "s3" (the `.tflock` object) or another backend type. */
  backend: string;
  /** Where the lock was read, when it could be: `s3://bucket/key.tflock` or a file path. */
  location: string | undefined;
  /** The lock, or undefined when it is not held (or cannot be read for this backend). */
  lock: LockInfo | undefined;
  /** False for backends whose lock challenge cannot read (then a LOCK_ID is needed). */
  readable: boolean;
}

/**
 * Reads the env's state lock without taking it: for the S3 backend the lock object Terraform writes with
 * `use_lockfile = true` (`<workspace_key_prefix>/<env>/<key>.tflock`), for local state the lock record
 * beside the workspace's state file.
 */
export async function readStateLock(env: Environment): Promise<StateLock> {
  const { backend } = await rootConfigOf(env);
  const type = backend?.type ?? 'local';
  if (type === 'local') {
    const custom = backend?.attributes.some((name) => name === 'path' || name === 'workspace_dir');
    if (custom) return { backend: type, location: undefined, lock: undefined, readable: false };
    const path = join(env.rootDir, 'terraform.tfstate.d', env.name, '.terraform.tfstate.lock.info');
    const text = await readFile(path, 'utf8').catch(() => undefined);
    return { backend: type, location: path, lock: text ? lockInfoFromJson(text) : undefined, readable: true };
  }
  if (type === 's3' && env.backendConfigPath) {
    const settings = await readBackendFile(env.backendConfigPath);
    const { bucket, key, region } = settings;
    if (bucket && key && settings['dynamodb_table'] === undefined) {
      const prefix = settings['workspace_key_prefix'] ?? 'env:';
      const lockKey = `${prefix}/${env.name}/${key}.tflock`;
      const { readS3Object } = await import('../aws/s3-object.js');
      const text = await readS3Object(
        { profile: env.profile.name, region: region ?? process.env['AWS_REGION'] ?? 'us-east-1' },
        bucket,
        lockKey,
      );
      return {
        backend: type,
        location: `s3://${bucket}/${lockKey}`,
        lock: text ? lockInfoFromJson(text) : undefined,
        readable: true,
      };
    }
  }
  return { backend: type, location: undefined, lock: undefined, readable: false };
}

export interface UnlockPlan {
  state: StateLock;
  /** The lock ID force-unlock will release. */
  lockId: string;
}

/**
 * Decides what `challenge unlock` would release: the lock that is held (and, when the user named one,
 * that it is this one). Undefined when nothing is locked. Refuses local state: a local lock belongs to
 * the process that took it and ends with it, so there is nothing to force.
 */
export async function planUnlock(
  env: Environment,
  lockId: string | undefined,
): Promise<UnlockPlan | undefined> {
  const running = liveRun(env);
  if (running) {
    throw new ChallengeError(
      `A terraform ${running.what} is in progress (${describeRun(running)}): it holds the lock and writes the state.`,
      {
        code: 'RUN_IN_PROGRESS',
        hint: `Let it finish: \`challenge attach --env ${env.name}\` follows it to its end and its lock is released then.`,
      },
    );
  }
  const state = await readStateLock(env);
  if (state.backend === 'local') {
    throw new ChallengeError(
      `Env ${env.name} keeps its state in local files, whose lock belongs to the Terraform process that holds it and ends with that process, so it cannot be forced${state.lock ? ` (last lock record: ${describeLock(state.lock)})` : ''}.`,
      {
        code: 'UNLOCK_LOCAL_STATE',
        hint: `If a run of env ${env.name} is still going, wait for it or stop it with Ctrl-C in its terminal; otherwise nothing holds the lock: run your command again.`,
      },
    );
  }
  if (!state.readable) {
    if (!lockId) {
      throw new ChallengeError(
        `challenge cannot read the state lock of the "${state.backend}" backend of env ${env.name}.`,
        {
          code: 'LOCK_ID_REQUIRED',
          hint: `Pass the lock ID Terraform printed ("Lock Info: ID: …"): \`challenge unlock --env ${env.name} <LOCK_ID>\`.`,
        },
      );
    }
    return { state, lockId };
  }
  if (!state.lock) return undefined;
  if (lockId && lockId !== state.lock.id) {
    throw new ChallengeError(
      `The state of env ${env.name} is locked with ID ${state.lock.id} (${describeLock(state.lock)}), not ${lockId}.`,
      {
        code: 'LOCK_ID_MISMATCH',
        hint: `Check that this is the lock you mean, then run \`challenge unlock --env ${env.name} ${state.lock.id}\`.`,
      },
    );
  }
  return { state, lockId: state.lock.id };
}

/** `terraform force-unlock -force <id>` in the env's data dir and workspace. */
export async function forceUnlock(
  env: Environment,
  lockId: string,
  options: InitOptions = {},
): Promise<void> {
  await ensureInitialized(env, options);
  await runTerraform(env, ['force-unlock', '-force', lockId], {
    what: `force-unlock (env ${env.name})`,
    onOutput: options.onOutput,
    rerun: `challenge unlock --env ${env.name} ${lockId}`,
  });
}
