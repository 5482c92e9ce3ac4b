import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ChallengeError } from '@challenge/infra';
import { sleep } from '../sleep.js';
import { DEV_APP_SCRIPT, readDevState, removeDevState, writeDevState } from './dev-state.js';

export interface RunningDevApp {
  url: string;
  pid: number;
  /** Resolves with the app's exit code when it exits. */
  exited: Promise<number | null>;
  /** Stops the app (SIGINT to its process group, SIGKILL after 10 s) and removes the state file. */
  stop(): Promise<void>;
}

export interface StartDevAppOptions {
  repoDir: string;
  port: number;
  /** The app's own output (dynalite, gunicorn), as it comes. */
  onOutput?: (chunk: string) => void;
  /** How long the first start may take (it may build the app's virtualenv). */
  readyTimeoutMs?: number;
}

async function answersGtg(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/gtg`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Runs the app locally as `pnpm --filter flask-app dev` does (apps/flask-app/scripts/dev.sh: an in-memory
 * DynamoDB, its table, gunicorn on 127.0.0.1:<port>), waits until /gtg answers, and records the URL in
 * <repo>/.challenge/dev_app.json for `challenge smoke`.
 */
/** Whether 127.0.0.1:port can be bound now (released at once). */
async function portIsFree(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

export async function startDevApp(options: StartDevAppOptions): Promise<RunningDevApp> {
  const existing = await readDevState(options.repoDir);
  if (existing?.alive) {
    throw new ChallengeError(`challenge dev already runs the app at ${existing.url} (pid ${existing.pid}).`, {
      code: 'DEV_ALREADY_RUNNING',
      hint: `Use that one (\`challenge smoke\` checks it), or stop it with Ctrl-C in its terminal first.`,
    });
  }
  const url = `http://127.0.0.1:${options.port}`;
  // Checked before anything starts: gunicorn would retry a busy port for seconds and then blame the app.
  if ((await answersGtg(url)) || !(await portIsFree(options.port))) {
    throw new ChallengeError(`Port ${options.port} on 127.0.0.1 is already in use (${url}).`, {
      code: 'PORT_IN_USE',
      hint: `Run \`challenge dev --port ${options.port + 1}\` (any free port), or stop what listens on ${options.port}.`,
    });
  }
  const child = spawn('bash', [join(options.repoDir, DEV_APP_SCRIPT)], {
    cwd: options.repoDir,
    env: { ...process.env, PORT: String(options.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches the CLI, which stops the whole app (gunicorn, dynalite) in order.
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-4000);
    options.onOutput?.(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pid = child.pid ?? 0;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await removeDevState(options.repoDir, pid);
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-pid, 'SIGINT');
    } catch {
      return;
    }
    const done = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!done) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 180_000);
  while (!(await answersGtg(url))) {
    if (child.exitCode !== null) {
      throw new ChallengeError(
        `The app exited with code ${child.exitCode} before answering on ${url}:\n${output.trim()}`,
        {
          code: 'DEV_APP_FAILED',
          hint: 'Fix what its output above says (`pnpm install` for dynalite, Python 3.11 for the venv), then run `challenge dev` again.',
        },
      );
    }
    if (Date.now() > deadline) {
      await stop();
      throw new ChallengeError(`The app did not answer ${url}/gtg in time:\n${output.trim()}`, {
        code: 'DEV_APP_TIMEOUT',
        hint: 'See its output above; run `challenge dev` again once it is fixed.',
      });
    }
    await sleep(250);
  }
  await writeDevState(options.repoDir, { url, pid, startedAt: new Date().toISOString() });
  void exited.then(() => removeDevState(options.repoDir, pid));
  return { url, pid, exited, stop };
}
