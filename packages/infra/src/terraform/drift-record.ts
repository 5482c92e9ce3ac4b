import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Environment } from '../environment/index.js';
import { writeFileAtomically } from '../files/atomic-write.js';

/** What the last `challenge drift` of an env found (addresses only: no attribute value is kept). */
export interface LastDriftCheck {
  /** ISO time the check finished. */
  checkedAt: string;
  /** Managed resources compared. */
  resources: number;
  /** Addresses of the drifted ones. */
  drifted: string[];
}

const RECORD_FILE = 'challenge-drift.json';

const recordPath = (env: Environment) => join(env.dataDir, RECORD_FILE);

/** Keeps the result of a drift check in the env's data dir (read by `challenge status`). */
export async function recordDriftCheck(env: Environment, check: LastDriftCheck): Promise<void> {
  await writeFileAtomically(recordPath(env), `${JSON.stringify(check, null, 2)}\n`, { mode: 0o600 });
}

/** The last drift check of the env, unless none ran since its state last changed through challenge. */
export async function readLastDriftCheck(env: Environment): Promise<LastDriftCheck | undefined> {
  try {
    const check = JSON.parse(readFileSync(recordPath(env), 'utf8')) as Partial<LastDriftCheck>;
    if (
      typeof check.checkedAt !== 'string' ||
      typeof check.resources !== 'number' ||
      !Array.isArray(check.drifted)
    )
      return undefined;
    return { checkedAt: check.checkedAt, resources: check.resources, drifted: check.drifted.map(String) };
  } catch {
    return undefined;
  }
}

/** An apply or destroy changes the state the last check compared against: its result no longer holds. */
export async function forgetDriftCheck(env: Environment): Promise<void> {
  rmSync(recordPath(env), { force: true });
}
