import { chmodSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Environment } from '../environment/index.js';
import { isProcessAlive } from './process-alive.js';

/** A saved plan left by a run that ended without cleaning up (kill -9, power loss) is removed after this. */
export const STALE_PLAN_MS = 60 * 60 * 1000;

/**
 * Removes saved plans of runs that are gone: the file name carries the pid of the CLI that made it
 * (`<ms>-<pid>.tfplan`), so a plan whose process no longer exists, or older than an hour, is stale.
 */
function modifiedAt(path: string, fallback: number): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return fallback;
  }
}

export async function sweepStalePlans(plansDir: string, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = readdirSync(plansDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = /^(\d+)-(\d+)\.tfplan$/.exec(name);
    if (!match) continue;
    const path = join(plansDir, name);
    const pid = Number(match[2]);
    const age = now - modifiedAt(path, now);
    if (pid === process.pid || (isProcessAlive(pid) && age < STALE_PLAN_MS)) continue;
    rmSync(path, { force: true });
    removed.push(path);
  }
  return removed;
}

/**
 * The env's plans folder, private to the user (plans can hold sensitive values in clear): created 0700,
 * and tightened if an older version made it 0755. Stale plans are swept on the way.
 */
export async function preparePlansDir(env: Environment): Promise<string> {
  const plansDir = join(env.dataDir, 'plans');
  mkdirSync(plansDir, { recursive: true, mode: 0o700 });
  chmodSync(plansDir, 0o700);
  await sweepStalePlans(plansDir);
  return plansDir;
}

export function newPlanFile(plansDir: string): string {
  return join(plansDir, `${Date.now()}-${process.pid}.tfplan`);
}
