import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunningApp, startFlaskApp } from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRoot, runCli } from './helpers/cli.js';

let app: RunningApp;

beforeAll(async () => {
  app = await startFlaskApp();
}, 240_000);

afterAll(async () => {
  await app?.stop();
});

describe('challenge smoke', () => {
  it('passes against the real app found through the env app_url output', async () => {
    const root = await makeRoot({
      'main.tf': `variable "app_url" {
  type        = string
  description = "URL of the app"
}
output "app_url" {
  value = var.app_url
}
`,
      'vars/mock.tfvars.json': JSON.stringify({ app_url: app.url }),
    });
    expect((await runCli(['apply', '--dir', root, '--yes'])).exitCode).toBe(0);
    const result = await runCli(['smoke', '--dir', root]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ok {4}GET \/gtg {2}healthy/m);
    expect(result.stdout).toContain(`All 6 checks passed against ${app.url}.`);
  });

  it('--json lists every check; a dead URL fails with exit 1', async () => {
    const ok = JSON.parse((await runCli(['smoke', '--url', app.url, '--json'])).stdout);
    expect(ok.ok).toBe(true);
    expect(ok.checks).toHaveLength(6);
    // A port nothing listens on (taken, then released).
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const deadUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise((resolve) => server.close(resolve));
    const dead = await runCli(['smoke', '--url', deadUrl, '--json', '--timeout', '2s']);
    expect(dead.exitCode).toBe(1);
    expect(JSON.parse(dead.stdout).error.code).toBe('NOTHING_ANSWERS');
    const human = await runCli(['smoke', '--url', deadUrl, '--timeout', '2s']);
    expect(human.exitCode).toBe(1);
    expect(human.stdout).toBe('');
    expect(human.stderr).toMatch(
      new RegExp(`^Error: Nothing answers at ${deadUrl} \\(.+\\)\\.\\nFix: Check the URL`),
    );
    expect(human.stderr.match(/Nothing answers/g)).toHaveLength(1);
  });

  it('refuses a non-http URL and an env without app_url', async () => {
    const bad = await runCli(['smoke', '--url', 'ftp://x']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('"ftp://x" is not an http(s) URL.');
    const root = await makeRoot({
      'main.tf': 'resource "terraform_data" "x" {}\n',
      'vars/mock.tfvars.json': '{}',
    });
    const missing = await runCli(['smoke', '--dir', root]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('Env mock has no app_url output');
    expect(missing.stderr).toContain('Fix: Run `challenge apply --env mock` first, or pass --url.');
  });
});
