import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Environment } from '../environment/index.js';
import { ChallengeError } from '../errors.js';
import { durationMs } from './duration.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holder(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serialises apply/destroy of one env across challenge processes, from the plan to the end of the apply.
 * Terraform's state lock is held only while each step runs: two applies started together would both plan
 * from the same state, and the second plan, stale once the first is applied, would fail after its wait.
 * Holding this lock from the plan on, the second apply waits (up to --lock-timeout) and then plans from
 * the state the first one left. The lock is a file with the holder's pid: a holder that died is ignored.
 * Returns its release (also done when the process exits).
 */
export async function holdEnvApplyLock(
  env: Pick<Environment, 'dataDir' | 'name'>,
  lockTimeout: string,
  onWait?: (pid: number) => void,
): Promise<() => void> {
  mkdirSync(env.dataDir, { recursive: true, mode: 0o700 });
  const path = join(env.dataDir, 'apply.pid');
  const deadline = Date.now() + durationMs(lockTimeout);
  let told = false;
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = holder(path);
    if (pid === undefined || pid === process.pid || !isAlive(pid)) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new ChallengeError(
        `Another challenge apply or destroy of env ${env.name} is in progress (pid ${pid}).`,
        {
          code: 'ENV_APPLY_IN_PROGRESS',
          hint: `Wait for it to finish (pass a longer --lock-timeout, e.g. --lock-timeout 10m, to wait here), or follow it with \`challenge attach --env ${env.name}\`.`,
        },
      );
    }
    if (!told) {
      onWait?.(pid);
      told = true;
    }
    await sleep(Math.min(250, Math.max(10, deadline - Date.now())));
  }
  const release = () => {
    if (holder(path) === process.pid) rmSync(path, { force: true });
    process.off('exit', release);
  };
  process.on('exit', release);
  return release;
}
