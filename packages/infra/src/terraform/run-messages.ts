import type { Environment } from '../environment/index.js';
import { ChallengeError, InterruptedError, type SIGNAL_EXIT_CODES } from '../errors.js';
import { describeLock } from './lock-info.js';
import type { RunRecord } from './run-record.js';

/** "pid 123, started 2026-12-07T22:40:01.000Z; log: /…/runs/….log" */
export function describeRun(record: RunRecord): string {
  return `pid ${record.pid}, started ${record.startedAt}; log: ${record.log}`;
}

/** What the state lock is after Terraform stopped, read from the backend itself (never assumed). */
async function lockAfterStop(env: Environment): Promise<{ released: boolean; text: string }> {
  const { readStateLock } = await import('./unlock.js');
  const state = await readStateLock(env).catch(() => undefined);
  if (!state?.readable) {
    return {
      released: false,
      text: `challenge cannot read this backend's lock: if the next run reports it held, release it with \`challenge unlock --env ${env.name} <LOCK_ID>\``,
    };
  }
  if (!state.lock) return { released: true, text: 'it released its state lock' };
  if (state.backend === 'local') {
    // A local lock is held by the process that holds the state file open; the record it leaves is inert.
    return {
      released: true,
      text: `no process holds its state lock any more (a lock record is left at ${state.location}; the next run replaces it)`,
    };
  }
  return {
    released: false,
    text: `its state lock is still held (${describeLock(state.lock)}): release it with \`challenge unlock --env ${env.name} ${state.lock.id}\``,
  };
}

/** The error a forwarded interrupt ends with: what Terraform did, and what its lock is now. */
export async function interruption(
  env: Environment,
  record: RunRecord,
  what: string,
  signal: keyof typeof SIGNAL_EXIT_CODES,
  detached: boolean | undefined,
): Promise<InterruptedError> {
  if (detached) {
    return new InterruptedError(
      `Interrupted: terraform ${what} is still stopping (${describeRun(record)}). It saves its state and releases its state lock when it ends.`,
      {
        signal,
        hint: `Follow it to its end with \`challenge attach --env ${env.name}\`. A second interrupt never force-cancels Terraform (that can lose state); to stop it anyway, \`kill -INT ${record.pid}\`.`,
      },
    );
  }
  const lock = await lockAfterStop(env);
  return new InterruptedError(`Interrupted: terraform ${what} was stopped; ${lock.text}.`, {
    signal,
    ...(!lock.released && { hint: 'Release the lock only once no Terraform run of this env is going.' }),
  });
}

/** A lock error while a recorded run of the env is still going: say which run, not "locked". */
export function runInProgress(
  env: Environment,
  running: RunRecord,
  options: { rerun?: string | undefined; lockTimeoutFlag?: boolean | undefined },
): ChallengeError {
  const wait = options.lockTimeoutFlag ? ' (or wait for it: pass --lock-timeout 10m)' : '';
  return new ChallengeError(`A terraform ${running.what} is in progress (${describeRun(running)}).`, {
    code: 'RUN_IN_PROGRESS',
    hint: `Follow it to its end with \`challenge attach --env ${env.name}\`${wait}, then run ${options.rerun ? `\`${options.rerun}\`` : 'the command'} again.`,
  });
}
