import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive } from './process-alive.js';

function holder(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A lock between challenge processes: a file created exclusively, holding the holder's pid. A holder that
 * died (kill -9) is ignored, so the lock never outlives its process. Waits until `deadline` (ms since the
 * epoch), telling `onWait` once; then `onTimeout(pid)` gives the error to throw. Returns the release (also
 * run when the process exits).
 */
export async function holdPidLock(
  path: string,
  deadline: number,
  onWait: ((pid: number) => void) | undefined,
  onTimeout: (pid: number) => Error,
): Promise<() => void> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
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
    if (pid === undefined || pid === process.pid || !isProcessAlive(pid)) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline) throw onTimeout(pid);
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
