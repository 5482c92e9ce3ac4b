import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { terraformEnv } from '@challenge/testkit';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBin, runCli } from './helpers/cli.js';
import {
  type Backend,
  type FaultRoot,
  makeFaultRoot,
  RESOURCES,
  startSlowStateProxy,
  waitForRunsToEnd,
} from './helpers/fault-root.js';
import { type S3BackendWorld, startS3Backend } from './helpers/s3-backend.js';

// Terraform's life does not depend on the CLI's: whatever happens to the CLI (its reader closes, it is
// killed, its terminal closes, Ctrl-C twice), once Terraform stops every resource whose provisioner ran is
// in the state, no lock is left, and the CLI never exits 0 for an apply that did not complete.
// CHALLENGE_FAULT_TRIES=20 runs each random fault 20 times per backend (default: 1, for CI's time).
const TRIES = Number(process.env['CHALLENGE_FAULT_TRIES'] || 1);

let world: S3BackendWorld;
beforeAll(async () => {
  world = await startS3Backend(['faults', 'slow']);
});
afterAll(() => world?.close());

const envOf = (fault: FaultRoot, extra: NodeJS.ProcessEnv = {}) => ({
  ...(fault.backend === 's3' ? world.env : {}),
  ...extra,
});

/** Every resource whose provisioner ran is in the state, and no lock is held. */
async function expectConsistent(fault: FaultRoot, label: string): Promise<{ complete: boolean }> {
  await waitForRunsToEnd(fault.root);
  const state = await fault.stateIds();
  const markers = fault.markerIds();
  expect(
    markers.filter((id) => !state.includes(id)),
    `${label}: provisioned but not in the state`,
  ).toEqual([]);
  expect(fault.lockHeld(), `${label}: lock left`).toBe(false);
  return { complete: markers.length === RESOURCES && state.every((id) => markers.includes(id)) };
}

function startApply(fault: FaultRoot, extra: NodeJS.ProcessEnv = {}, prefix: string[] = []) {
  return execa(
    prefix[0] ?? 'node',
    [
      ...prefix.slice(1),
      ...(prefix.length ? ['node'] : []),
      cliBin,
      'apply',
      '--dir',
      fault.root,
      '--env',
      'mock',
      '--yes',
    ],
    {
      env: terraformEnv({ CI: 'true', NO_COLOR: '1', ...envOf(fault, extra) }),
      reject: false,
      stdin: 'ignore',
    },
  );
}

async function freshGeneration(fault: FaultRoot): Promise<void> {
  fault.nextGeneration();
  rmSync(join(fault.root, 'markers.txt'), { force: true });
}

async function waitForMarker(fault: FaultRoot): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (fault.markerIds().length === 0) {
    if (Date.now() > deadline) throw new Error('the apply never started');
    await sleep(50);
  }
}

describe.each(['local', 's3'] as Backend[])('%s backend', (backend) => {
  let fault: FaultRoot;
  beforeAll(async () => {
    fault = await makeFaultRoot(backend, { world });
    const first = await runCli(['apply', '--dir', fault.root, '--env', 'mock', '--yes'], {
      env: envOf(fault),
    });
    expect(first.exitCode, first.stderr).toBe(0);
  }, 120_000);

  it(
    '`| head -3`: the apply goes on to its end and the exit status is its own',
    async () => {
      for (let attempt = 0; attempt < TRIES; attempt += 1) {
        await freshGeneration(fault);
        const result = await execa(
          'bash',
          [
            '-c',
            `node '${cliBin}' apply --dir '${fault.root}' --env mock --yes 2>&1 | head -3; exit "\${PIPESTATUS[0]}"`,
          ],
          { env: terraformEnv({ CI: 'true', NO_COLOR: '1', ...envOf(fault) }), reject: false },
        );
        const { complete } = await expectConsistent(fault, `head try ${attempt}`);
        expect(result.stdout.split('\n').length).toBeLessThanOrEqual(3);
        expect({ exitCode: result.exitCode, complete }).toEqual({ exitCode: 0, complete: true });
      }
    },
    60_000 * TRIES,
  );

  it(
    'kill -9 of the CLI at a random moment: Terraform finishes on its own and releases the lock',
    async () => {
      for (let attempt = 0; attempt < TRIES; attempt += 1) {
        await freshGeneration(fault);
        const cli = startApply(fault);
        await sleep(300 + Math.random() * 3500);
        cli.kill('SIGKILL');
        const result = await cli;
        await expectConsistent(fault, `kill -9 try ${attempt}`);
        // Never 0 for an apply that did not complete: the killed CLI reports nothing at all.
        expect(result.exitCode === 0 ? fault.markerIds().length : RESOURCES).toBe(RESOURCES);
      }
      // attach shows how the last run ended, though its CLI is gone.
      const attached = await runCli(['attach', '--dir', fault.root, '--env', 'mock', '--json'], {
        env: envOf(fault),
      });
      expect(JSON.parse(attached.stdout)).toMatchObject({ env: 'mock', state: 'finished' });
    },
    60_000 * TRIES + 30_000,
  );

  it('SIGHUP (terminal closed): one graceful interrupt, exit 129, lock released as read from the backend', async () => {
    await freshGeneration(fault);
    const cli = startApply(fault);
    await waitForMarker(fault);
    cli.kill('SIGHUP');
    const result = await cli;
    const { complete } = await expectConsistent(fault, 'SIGHUP');
    expect(complete).toBe(false);
    expect(result.exitCode, result.stderr).toBe(129);
    expect(result.stderr).toMatch(
      /Interrupted: terraform apply \(env mock\) was stopped; it released its state lock/,
    );
  }, 60_000);
});

describe('two Ctrl-C during a slow state write (S3 behind a delaying proxy)', () => {
  it('the second one detaches without force-cancelling: Terraform saves the state and releases the lock', async () => {
    const proxy = await startSlowStateProxy(world.fake.url, 1500);
    try {
      const fault = await makeFaultRoot('s3', { world, bucket: 'slow' });
      const extra = { AWS_ENDPOINT_URL: proxy.url };
      const first = await runCli(['apply', '--dir', fault.root, '--env', 'mock', '--yes'], {
        env: envOf(fault, extra),
      });
      expect(first.exitCode, first.stderr).toBe(0);
      await freshGeneration(fault);
      const cli = startApply(fault, extra, ['env', '--default-signal=INT']);
      await waitForMarker(fault);
      const started = Date.now();
      cli.kill('SIGINT');
      await sleep(500);
      cli.kill('SIGINT');
      const result = await cli;
      // The CLI did not wait for the slow write, and said what is still going and how to follow it.
      expect(Date.now() - started).toBeLessThan(2500);
      expect(result.exitCode).toBe(130);
      expect(result.stderr).toMatch(/still stopping \(pid \d+, started [^;]+; log: \S+\.log\)/);
      expect(result.stderr).toContain('challenge attach --env mock');
      const { complete } = await expectConsistent(fault, 'double Ctrl-C');
      expect(complete).toBe(false);
      const attached = await runCli(['attach', '--dir', fault.root, '--env', 'mock', '--json'], {
        env: envOf(fault, extra),
      });
      expect(JSON.parse(attached.stdout)).toMatchObject({ state: 'finished', succeeded: false });
    } finally {
      await proxy.close();
    }
  }, 120_000);
});

describe('a run in progress, seen from another terminal', () => {
  it('plan names the run (pid, start, log) instead of a lock error; attach follows it to its end', async () => {
    const fault = await makeFaultRoot('local', { gated: true });
    writeFileSync(join(fault.root, 'go'), '');
    const first = await runCli(['apply', '--dir', fault.root, '--env', 'mock', '--yes']);
    expect(first.exitCode, first.stderr).toBe(0);
    rmSync(join(fault.root, 'go'));
    await freshGeneration(fault);
    const cli = startApply(fault);
    await waitForMarker(fault);
    const attaching = runCli(['attach', '--dir', fault.root, '--env', 'mock']);
    const plan = await runCli(['plan', '--dir', fault.root, '--env', 'mock', '--lock-timeout', '0s']);
    expect(plan.exitCode).toBe(1);
    expect(plan.stderr).toMatch(
      /A terraform apply \(env mock\) is in progress \(pid \d+, started \d{4}-[^;]+; log: \S+\/runs\/\S+\.log\)/,
    );
    expect(plan.stderr).toContain('challenge attach --env mock');
    // attach is following the apply (it printed the apply's first events) before the apply may go on.
    let seen = '';
    attaching.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
    });
    const deadline = Date.now() + 60_000;
    while (!seen.includes('terraform_data.r0') && Date.now() < deadline) await sleep(100);
    writeFileSync(join(fault.root, 'go'), '');
    const attached = await attaching;
    expect(attached.exitCode, attached.stderr).toBe(0);
    expect(attached.stdout).toMatch(/terraform_data\.r4: Creation complete/);
    expect(attached.stdout).toMatch(/terraform apply \(env mock\) succeeded \(exit 0\)/);
    expect((await cli).exitCode).toBe(0);
    await expectConsistent(fault, 'attach');
  }, 120_000);
});

describe('two applies of one env at once', () => {
  it('with --lock-timeout 60s the second waits for the first and plans from its state, instead of failing', async () => {
    const fault = await makeFaultRoot('local');
    const first = await runCli(['apply', '--dir', fault.root, '--env', 'mock', '--yes']);
    expect(first.exitCode, first.stderr).toBe(0);
    await freshGeneration(fault);
    const apply = () =>
      runCli(['apply', '--dir', fault.root, '--env', 'mock', '--yes', '--lock-timeout', '60s', '--json']);
    const [a, b] = await Promise.all([apply(), apply()]);
    expect([a.exitCode, b.exitCode], a.stderr + b.stderr).toEqual([0, 0]);
    // One applied the new generation; the other, planning after it, found nothing left to do.
    const applied = [a, b].map((run) => (JSON.parse(run.stdout) as { applied: boolean }).applied).sort();
    expect(applied).toEqual([false, true]);
    await expectConsistent(fault, 'two applies');
  }, 120_000);
});
