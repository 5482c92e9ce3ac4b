import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from './terraform.js';

export interface RunningApp {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts the real candidates app (gunicorn + a local dynalite DynamoDB, apps/flask-app's `dev` script)
 * on a free loopback port and waits until /gtg answers. The venv is created on first use.
 */
export async function startFlaskApp(timeoutMs = 180_000): Promise<RunningApp> {
  const port = await freePort();
  const child = spawn('bash', [join(repoRoot(), 'apps', 'flask-app', 'scripts', 'dev.sh')], {
    env: { ...process.env, PORT: String(port), WEB_CONCURRENCY: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGINT');
    await Promise.race([exited, sleep(10_000)]);
    if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`flask app exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/gtg`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return { url, stop };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`flask app did not answer /gtg within ${timeoutMs} ms:\n${output}`);
}
