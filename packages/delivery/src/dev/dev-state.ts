import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeInsideRoot } from '@challenge/infra';

/** What `challenge dev` leaves for `challenge smoke` while it runs: `<repo>/.challenge/dev_app.json`
 * (git-ignored; the underscore keeps it apart from the settings file of an env, `.challenge/<env>.json`). */
export interface DevAppState {
  url: string;
  /** The app's process (its process group leader). */
  pid: number;
  startedAt: string;
}

export const DEV_APP_SCRIPT = join('apps', 'flask-app', 'scripts', 'dev.sh');

/** The monorepo root above `dir`: the folder holding apps/flask-app/scripts/dev.sh. */
export function findAppRepo(dir: string): string | undefined {
  let current = dir;
  for (;;) {
    if (existsSync(join(current, DEV_APP_SCRIPT))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

export function devStatePath(repoDir: string): string {
  return join(repoDir, '.challenge', 'dev_app.json');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The recorded local app, and whether its process still runs (a killed `dev` can leave a stale file). */
export async function readDevState(repoDir: string): Promise<(DevAppState & { alive: boolean }) | undefined> {
  let text: string;
  try {
    text = await readFile(devStatePath(repoDir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const state = JSON.parse(text) as DevAppState;
    if (typeof state.url !== 'string' || typeof state.pid !== 'number') return undefined;
    return { ...state, alive: alive(state.pid) };
  } catch {
    return undefined;
  }
}

export async function writeDevState(repoDir: string, state: DevAppState): Promise<void> {
  await writeInsideRoot(repoDir, devStatePath(repoDir), `${JSON.stringify(state, null, 2)}\n`, {
    retry: 'challenge dev',
  });
}

/** Removes the state file if it is still this app's (another `dev` may have replaced a stale one). */
export async function removeDevState(repoDir: string, pid: number): Promise<void> {
  const current = await readDevState(repoDir);
  if (current?.pid === pid) await rm(devStatePath(repoDir), { force: true });
}
