import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { makeRoot, runCli, SIMPLE_ROOT } from './helpers/cli.js';

/** Pids of live processes whose working directory is inside root (terraform and its children). */
function processesIn(root: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cwd = readlinkSync(join('/proc', entry, 'cwd'));
      const status = readFileSync(join('/proc', entry, 'status'), 'utf8');
      if (cwd.startsWith(root) && !/State:\s+Z/.test(status)) pids.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(100);
  }
}

describe('Ctrl-C during apply', () => {
  it('forwards SIGINT to terraform once, waits for it, exits 130 and leaves no lock', async () => {
    // backend "local" with a second env that already has state: the first init of mock must not trip
    // over dev's workspace, and Ctrl-C must leave both states as they were.
    const root = await makeRoot({
      ...SIMPLE_ROOT,
      'backend.tf': 'terraform {\n  backend "local" {}\n}\n',
      'vars/dev.tfvars.json': '{ "greeting": "dev" }\n',
      'slow.tf': `resource "terraform_data" "slow" {
  provisioner "local-exec" {
    command = "if [ '\${var.greeting}' = hello ]; then touch started && sleep 60; fi"
  }
}
`,
    });
    const dev = await runCli(['apply', '--dir', root, '--env', 'dev', '--yes']);
    expect(dev.exitCode, dev.stderr).toBe(0);
    const devState = readFileSync(join(root, 'terraform.tfstate.d', 'dev', 'terraform.tfstate'), 'utf8');
    const cli = runCli(['apply', '--dir', root, '--env', 'mock', '--yes', '--verbose']);
    await waitFor(() => existsSync(join(root, 'started')), 60_000);
    expect(processesIn(root).length).toBeGreaterThan(0);
    process.kill(cli.pid as number, 'SIGINT');
    const result = await cli;

    expect(result.exitCode).toBe(130);
    expect(result.stderr).toContain('Interrupt received');
    expect(result.stderr.match(/Interrupt received/g)).toHaveLength(1);
    expect(result.stderr).toContain(
      'Interrupted: terraform apply (env mock) was stopped; it released its state lock.',
    );
    expect(processesIn(root)).toEqual([]);
    expect(existsSync(join(root, '.terraform.tfstate.lock.info'))).toBe(false);
    expect(existsSync(join(root, 'terraform.tfstate.d', 'mock', '.terraform.tfstate.lock.info'))).toBe(false);

    // No force-unlock needed: the next run takes the lock at once and finishes the job.
    const again = await runCli(['plan', '--dir', root, '--env', 'mock', '--json', '--lock-timeout', '0s']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(readFileSync(join(root, 'terraform.tfstate.d', 'dev', 'terraform.tfstate'), 'utf8')).toBe(
      devState,
    );
  }, 180_000);
});
