import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ShipFixture, shipFixture, shown } from './helpers/ship-fixture.js';

// Issue 14 item 5: ship sends credentials only to CodeCommit's own host for the env's region.
let f: ShipFixture;
let shim: { dir: string; log: string };

beforeAll(async () => {
  f = await shipFixture({
    envs: {
      lookalike: {
        cloneUrl: 'https://git-codecommit.eu-west-1.amazonaws.com.evil.example/v1/repos/challenge-mock-app',
        region: 'eu-west-1',
      },
      otherregion: {
        cloneUrl: 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/challenge-mock-app',
        region: 'eu-west-1',
      },
      plainhttp: {
        cloneUrl: 'http://git-codecommit.eu-west-1.amazonaws.com/v1/repos/challenge-mock-app',
        region: 'eu-west-1',
      },
    },
  });
  // Every git process the CLI starts goes through this shim, which records its arguments, then runs git.
  const dir = mkdtempSync(join(tmpdir(), 'git-shim-'));
  const log = join(dir, 'argv.log');
  writeFileSync(
    join(dir, 'git'),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nPATH='${process.env['PATH']}' exec git "$@"\n`,
  );
  chmodSync(join(dir, 'git'), 0o755);
  shim = { dir, log };
}, 180_000);

afterAll(async () => {
  await f?.server.close();
});

/** Ships env `env` through the git shim (its log emptied first). */
function ship(env: string, args: string[], extra: NodeJS.ProcessEnv = {}) {
  writeFileSync(shim.log, '');
  return f.ship(args, { PATH: `${shim.dir}:${process.env['PATH']}`, ...extra }, env);
}

describe('challenge ship app: the clone URL', () => {
  it.each([
    ['lookalike', 'git-codecommit.eu-west-1.amazonaws.com.evil.example'],
    ['otherregion', 'git-codecommit.us-east-1.amazonaws.com'],
    ['plainhttp', 'git-codecommit.eu-west-1.amazonaws.com'],
  ])('env %s (%s) is refused before any git call, with the fix', async (env, host) => {
    const result = await ship(env, ['--json']);
    expect(result.exitCode).toBe(1);
    const { error } = JSON.parse(result.stdout);
    expect(error).toMatchObject({
      code: 'BAD_CLONE_URL',
      message: expect.stringContaining(`Refusing to send CodeCommit credentials to`),
    });
    expect(error.message).toContain(host);
    expect(error.message).toContain('expected https://git-codecommit.eu-west-1.amazonaws.com');
    expect(error.hint).toContain('challenge output --env');
    expect(readFileSync(shim.log, 'utf8')).not.toMatch(/ls-remote|fetch|push/);
  });

  it('a loopback server is refused unless CHALLENGE_ALLOW_LOOPBACK_GIT=1, and nothing reaches it', async () => {
    const seen = f.server.usernames.length + f.server.refused;
    const refused = await ship('mock', ['--json'], { CHALLENGE_ALLOW_LOOPBACK_GIT: '' });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toBe('');
    const { error } = JSON.parse(refused.stdout);
    expect(error.message).toMatch(
      /^Refusing to send CodeCommit credentials to 127\.0\.0\.1:\d+, a server on this machine\.$/,
    );
    expect(error.hint).toContain('CHALLENGE_ALLOW_LOOPBACK_GIT=1');
    expect(f.server.usernames.length + f.server.refused).toBe(seen);
    expect(readFileSync(shim.log, 'utf8')).not.toMatch(/ls-remote|fetch|push/);

    const allowed = await ship('mock', ['--json']);
    expect(allowed.exitCode, shown(allowed.stderr, f.targets)).toBe(0);
    expect(JSON.parse(allowed.stdout)).toMatchObject({ pushed: true });
    expect(readFileSync(shim.log, 'utf8')).toMatch(/ls-remote/);
  });

  it('the text form names the problem and the fix', async () => {
    const result = await ship('otherregion', []);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /^Error: Refusing to send CodeCommit credentials to https:\/\/git-codecommit\.us-east-1\.amazonaws\.com: it is not CodeCommit's git endpoint for eu-west-1/,
    );
    expect(result.stderr).toContain('Fix: Check the env outputs codecommit_clone_url_http and region');
  });
});
