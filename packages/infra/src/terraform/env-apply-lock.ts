import { join } from 'node:path';
import type { Environment } from '../environment/index.js';
import { ChallengeError } from '../errors.js';
import { findTerraform } from './binary.js';
import { durationMs } from './duration.js';
import { holdPidLock } from './pid-lock.js';

/**
 * Serialises apply/destroy of one env across challenge processes, from the plan to the end of the apply.
 * Terraform's state lock is held only while each step runs: two applies started together would both plan
 * from the same state, and the second plan, stale once the first is applied, would fail after its wait.
 * Holding this lock from the plan on, the second apply waits (up to --lock-timeout) and then plans from
 * the state the first one left. Returns its release. Terraform is checked first (found, recent enough):
 * an unusable binary must fail before the lock writes anything into the root.
 */
export async function holdEnvApplyLock(
  env: Pick<Environment, 'dataDir' | 'name'>,
  lockTimeout: string,
  onWait?: (pid: number) => void,
): Promise<() => void> {
  await findTerraform();
  return holdPidLock(
    join(env.dataDir, 'apply.pid'),
    Date.now() + durationMs(lockTimeout),
    onWait,
    (pid) =>
      new ChallengeError(
        `Another challenge apply or destroy of env ${env.name} is in progress (pid ${pid}).`,
        {
          code: 'ENV_APPLY_IN_PROGRESS',
          hint: `Wait for it to finish (pass a longer --lock-timeout, e.g. --lock-timeout 10m, to wait here), or follow it with \`challenge attach --env ${env.name}\`.`,
        },
      ),
  );
}
