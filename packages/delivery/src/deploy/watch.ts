import type { Diagnosis, StuckReport } from '../diagnosis/types.js';
import { sleep } from '../sleep.js';
import type { DeploymentProbe, DeploymentProgress } from './deployment-probe.js';

/** Notices a deployment that stopped making progress: no new healthy task for `stuckAfterMs`. */
export class StallDetector {
  private best = 0;
  private since: number;

  constructor(
    private readonly stuckAfterMs: number,
    now = Date.now(),
  ) {
    this.since = now;
  }

  /** The stuck report once no new task became healthy for too long, else undefined. */
  observe(progress: DeploymentProgress, now = Date.now()): StuckReport | undefined {
    if (progress.healthyNew > this.best) {
      this.best = progress.healthyNew;
      this.since = now;
    }
    if (progress.phase === 'completed' || progress.phase === 'failed') return undefined;
    // A deployment waiting for a person or a timer is not stuck; the clock restarts when it moves on.
    if (progress.phase === 'waiting') {
      this.since = now;
      return undefined;
    }
    if (now - this.since < this.stuckAfterMs) return undefined;
    return {
      seconds: Math.round((now - this.since) / 1000),
      healthyNew: progress.healthyNew,
      desired: progress.desired,
    };
  }
}

export interface WatchDeploymentOptions {
  intervalMs: number;
  timeoutMs: number;
  stuckAfterMs: number;
  signal?: AbortSignal;
  onProgress?: (progress: DeploymentProgress) => void;
}

export interface DeploymentOutcome {
  outcome: 'completed' | 'failed' | 'stuck' | 'timed-out';
  progress: DeploymentProgress;
  /** Evidence, unless the deployment completed. */
  diagnosis: Diagnosis | undefined;
}

/** Follows a deployment until it completes, fails, makes no progress for too long, or times out. */
export async function watchDeployment(
  probe: DeploymentProbe,
  options: WatchDeploymentOptions,
): Promise<DeploymentOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  const stall = new StallDetector(options.stuckAfterMs);
  let last = '';
  for (;;) {
    const progress = await probe.poll();
    if (progress.detail !== last) {
      last = progress.detail;
      options.onProgress?.(progress);
    }
    if (progress.phase === 'completed') return { outcome: 'completed', progress, diagnosis: undefined };
    if (progress.phase === 'failed')
      return { outcome: 'failed', progress, diagnosis: await probe.diagnose() };
    const stuck = stall.observe(progress);
    if (stuck) return { outcome: 'stuck', progress, diagnosis: await probe.diagnose(stuck) };
    if (Date.now() + options.intervalMs > deadline || options.signal?.aborted) {
      return { outcome: 'timed-out', progress, diagnosis: await probe.diagnose() };
    }
    await sleep(options.intervalMs, options.signal);
  }
}
