import { Worker } from 'node:worker_threads';

export interface CmdlineSample {
  /** Every distinct command line seen (arguments joined by spaces), as any local user could read them. */
  cmdlines: string[];
  /** How many full passes over /proc were made. */
  sweeps: number;
}

export interface CmdlinePoller {
  stop(): Promise<CmdlineSample>;
}

// Runs in a worker thread, so it keeps reading while the test awaits a spawned CLI. Plain JS (eval'd).
const POLLER = `
const { readdirSync, readFileSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const stop = new Int32Array(workerData.stop);
const seen = new Set();
let sweeps = 0;
while (Atomics.load(stop, 0) === 0) {
  for (const entry of readdirSync('/proc')) {
    const code = entry.charCodeAt(0);
    if (code < 48 || code > 57) continue;
    try {
      const cmdline = readFileSync('/proc/' + entry + '/cmdline', 'latin1');
      if (cmdline) seen.add(cmdline.replaceAll('\\0', ' '));
    } catch {}
  }
  sweeps += 1;
}
parentPort.postMessage({ cmdlines: [...seen], sweeps });
`;

/**
 * Reads every process's /proc/<pid>/cmdline in a tight loop until stopped, like an unprivileged local user
 * hunting for secrets in `ps` output (Linux only). Give the result to findLeaks.
 */
export function startCmdlinePoller(): CmdlinePoller {
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(POLLER, { eval: true, workerData: { stop } });
  const result = new Promise<CmdlineSample>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    stop: async () => {
      Atomics.store(new Int32Array(stop), 0, 1);
      const sample = await result;
      await worker.terminate();
      return sample;
    },
  };
}
