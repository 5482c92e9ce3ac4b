import { chmodSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GitService } from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { git, REPOSITORY, type ShipFixture, shipFixture, shown, write } from './helpers/ship-fixture.js';

// Issue 14 item 4: Ctrl-C / SIGTERM during ship, and every error path, leave no temp folder behind.
let f: ShipFixture;

beforeAll(async () => {
  f = await shipFixture();
  const first = await f.ship();
  expect(first.exitCode, shown(first.stderr, f.targets)).toBe(0);
}, 120_000);

afterAll(async () => {
  await f?.server.close();
});

/** The CLI's own temp dir (TMPDIR), so other suites running meanwhile do not matter. */
const freshTmp = () => mkdtempSync(join(tmpdir(), 'ship-tmp-'));
const challengeEntries = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('challenge-'));
const allObjects = () => git(f.server.repoPath(REPOSITORY), 'rev-list', '--all', '--objects');
const quarantines = () =>
  readdirSync(join(f.server.repoPath(REPOSITORY), 'objects')).filter((name) => name.startsWith('incoming-'));

async function interruptDuring(service: GitService, signal: NodeJS.Signals, args: string[]) {
  const tmp = freshTmp();
  f.server.delay(service, 120_000);
  try {
    const requested = f.server.requested(service);
    const cli = runCli(['ship', 'app', '--dir', f.terraformDir, '--env', 'mock', ...args], {
      env: f.shipEnv({ TMPDIR: tmp }),
    });
    await Promise.race([requested, cli]);
    // The control: while git waits on the slow server, ship's folder exists.
    const during = challengeEntries(tmp);
    cli.kill(signal);
    const result = await cli;
    return { result, during, after: challengeEntries(tmp) };
  } finally {
    f.server.delay(service, 0);
  }
}

describe('challenge ship app interrupted', () => {
  it('SIGINT mid-push: exit 130, no temp folder, the remote branch untouched', async () => {
    f.commitChange();
    const head = f.remoteHead();
    const objects = allObjects();
    const { result, during, after } = await interruptDuring('git-receive-pack', 'SIGINT', []);
    expect(during).toEqual([expect.stringMatching(/^challenge-ship-/)]);
    expect(result.exitCode, shown(result.stderr, f.targets)).toBe(130);
    expect(result.stderr).toContain('Interrupted (SIGINT) during git push');
    expect(after).toEqual([]);
    expect(f.remoteHead()).toBe(head);
    expect(allObjects()).toBe(objects);
    expect(quarantines()).toEqual([]);

    // Nothing is left half-done: the next ship pushes the change whole.
    const again = await f.ship(['--json']);
    expect(again.exitCode, shown(again.stderr, f.targets)).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ pushed: true, parent: head });
  });

  it('SIGTERM while asking the server for the branch, with a temporary index (--include-uncommitted): exit 130, no temp folder', async () => {
    writeFileSync(join(f.repo, 'apps/flask-app/draft.py'), 'DRAFT = 1\n');
    try {
      const head = f.remoteHead();
      const { result, during, after } = await interruptDuring('git-upload-pack', 'SIGTERM', [
        '--include-uncommitted',
        '--json',
      ]);
      expect(during).toEqual([expect.stringMatching(/^challenge-ship-/)]);
      expect(result.exitCode, shown(result.stderr, f.targets)).toBe(130);
      expect(JSON.parse(result.stdout).error).toMatchObject({
        code: 'INTERRUPTED',
        message: expect.stringContaining('Interrupted (SIGTERM) during git ls-remote; nothing was pushed.'),
      });
      expect(after).toEqual([]);
      expect(f.remoteHead()).toBe(head);
      // The user's index does not know the draft: the temporary one is gone with the folder.
      expect(git(f.repo, 'status', '--porcelain')).toBe('?? apps/flask-app/draft.py');
    } finally {
      writeFileSync(join(f.repo, 'apps/flask-app/draft.py'), '');
      git(f.repo, 'clean', '--quiet', '-f', 'apps/flask-app');
    }
  });

  it.each([
    [
      'refused credentials',
      { AWS_SECRET_ACCESS_KEY: 'wrong/secret' },
      ['--include-uncommitted'],
      'git ls-remote failed',
    ],
    ['a dirty folder without --include-uncommitted', {}, [], 'has uncommitted changes'],
    ['a push the server rejects', {}, ['--include-uncommitted'], 'git push failed'],
  ])('fails on %s and leaves no temp folder', async (_case, env, args, message) => {
    const tmp = freshTmp();
    const hook = join(f.server.repoPath(REPOSITORY), 'hooks', 'pre-receive');
    write(hook, '#!/bin/sh\nexit 1\n');
    chmodSync(hook, 0o755);
    writeFileSync(join(f.repo, 'apps/flask-app/draft.py'), 'DRAFT = 2\n');
    try {
      const result = await f.ship(args, { ...env, TMPDIR: tmp });
      expect(result.exitCode).toBe(1);
      expect(result.stderr, shown(result.stderr, f.targets)).toContain(message);
      expect(challengeEntries(tmp)).toEqual([]);
      expect(existsSync(tmp)).toBe(true);
    } finally {
      writeFileSync(hook, '#!/bin/sh\nexit 0\n');
      git(f.repo, 'clean', '--quiet', '-f', 'apps/flask-app');
    }
  });
});
