import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from '@challenge/testkit';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { expectNoStack } from './helpers/delivery-world.js';

const STATE = join(repoRoot(), '.challenge', 'dev_app.json');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('challenge dev, then challenge smoke without --env/--url', () => {
  it('runs the real app locally, smoke finds it, Ctrl-C stops it (exit 130) and forgets it', async () => {
    expect(existsSync(STATE), `${STATE} is left from another run`).toBe(false);
    const port = await freePort();
    const dev = runCli(['dev', '--port', String(port)], { cwd: repoRoot() });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        dev.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('Local app:')) resolve();
        });
        dev.then(
          (result) => reject(new Error(`dev exited early: ${result.exitCode}\n${result.stderr}`)),
          reject,
        );
      });
      const url = `http://127.0.0.1:${port}`;
      expect(out).toContain(`Local app: ${url}  (in-memory DynamoDB; Ctrl-C stops it)`);
      expect(JSON.parse(readFileSync(STATE, 'utf8'))).toMatchObject({ url });

      const smoke = await runCli(['smoke'], { cwd: join(repoRoot(), 'packages', 'cli') });
      expect(smoke.exitCode, smoke.stderr).toBe(0);
      expect(smoke.stdout).toContain(`All 6 checks passed against ${url}.`);

      const second = await runCli(['dev', '--port', String(await freePort())], { cwd: repoRoot() });
      expect(second.exitCode).toBe(1);
      expect(second.stderr).toContain(`challenge dev already runs the app at ${url}`);

      dev.kill('SIGINT');
      const stopped = await dev;
      expect(stopped.exitCode).toBe(130);
      expectNoStack(stopped.stderr);
      expect(existsSync(STATE)).toBe(false);
      await expect(fetch(`${url}/gtg`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();

      const none = await runCli(['smoke'], { cwd: repoRoot() });
      expect(none.exitCode).toBe(1);
      expect(none.stderr).toContain(
        'No target: no --env, no --url, and no local app from `challenge dev` is running here.',
      );
      expect(none.stderr).toContain(
        'Fix: Start the local app with `challenge dev` (in another terminal), or pass --env <env> or --url <url>.',
      );
    } finally {
      if (dev.exitCode === null) dev.kill('SIGKILL');
    }
  }, 240_000);

  it('refuses to run outside the monorepo', async () => {
    const result = await runCli(['dev']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('is not inside the challenge monorepo');
    expect(result.stderr).toContain('Fix: Run `challenge dev` from a clone of the monorepo.');
  });

  it('a busy port fails at once with a free-port fix, before anything starts', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    const address = taken.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const started = Date.now();
      const result = await runCli(['dev', '--port', String(port)], { cwd: repoRoot() });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(
        `Error: Port ${port} on 127.0.0.1 is already in use (http://127.0.0.1:${port}).\nFix: Run \`challenge dev --port ${port + 1}\` (any free port), or stop what listens on ${port}.`,
      );
      expect(result.stdout).not.toContain('serving');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(existsSync(STATE)).toBe(false);
    } finally {
      taken.close();
    }
  });
});
