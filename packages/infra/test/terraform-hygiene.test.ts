import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Environment } from '../src/environment/index.js';
import { applyPlan } from '../src/terraform/apply.js';
import { validateLockTimeout } from '../src/terraform/duration.js';
import { STALE_PLAN_MS, sweepStalePlans } from '../src/terraform/plan-files.js';

describe('validateLockTimeout (Go duration syntax, as Terraform parses -lock-timeout)', () => {
  it.each(['0', '0s', '90s', '5m', '1h30m', '1.5m', '250ms', '2h45m30s'])('accepts %s', (value) => {
    expect(() => validateLockTimeout(value)).not.toThrow();
  });

  it.each(['abc', '5', '-1s', '1d', '', '5 m', 'm5', '1h-30m'])('refuses %j with the fix', (value) => {
    expect(() => validateLockTimeout(value)).toThrow(
      expect.objectContaining({
        code: 'INVALID_LOCK_TIMEOUT',
        hint: 'Pass a number with a unit, e.g. --lock-timeout 0s, 90s, 5m or 1h30m.',
      }),
    );
  });
});

describe('sweepStalePlans', () => {
  it('removes plans of dead processes and plans older than an hour; keeps live, recent ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plans-'));
    const dead = spawnSync('true').pid; // a process that has exited
    const now = Date.now();
    const files = {
      dead: `${now}-${dead}.tfplan`,
      oldLive: `${now - STALE_PLAN_MS - 60_000}-1.tfplan`,
      recentLive: `${now}-1.tfplan`,
      mine: `${now - 2 * STALE_PLAN_MS}-${process.pid}.tfplan`,
      other: 'notes.txt',
    };
    for (const name of Object.values(files)) writeFileSync(join(dir, name), 'x');
    const old = (now - STALE_PLAN_MS - 60_000) / 1000;
    utimesSync(join(dir, files.oldLive), old, old);
    const removed = await sweepStalePlans(dir, now);
    expect(removed.map((path) => path.slice(dir.length + 1)).sort()).toEqual(
      [files.dead, files.oldLive].sort(),
    );
    expect(readdirSync(dir).sort()).toEqual([files.mine, files.other, files.recentLive].sort());
  });
});

describe('applyPlan of a plan that was swept', () => {
  it('says the plan is gone and to run the command again; Terraform is not run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swept-'));
    const env = { name: 'mock', rootDir: dir, dataDir: join(dir, 'data') } as Environment;
    const plan = { env: 'mock', planFile: join(dir, 'gone.tfplan'), hasChanges: true } as Parameters<
      typeof applyPlan
    >[1];
    await expect(applyPlan(env, plan, { rerun: 'challenge apply --env mock' })).rejects.toMatchObject({
      code: 'PLAN_EXPIRED',
      hint: 'Run `challenge apply --env mock` again to plan from the current state.',
    });
  });
});
