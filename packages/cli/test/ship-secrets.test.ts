import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type CmdlineSample, codeCommitPassword, findLeaks, startCmdlinePoller } from '@challenge/testkit';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, REGION, type ShipFixture, shipFixture, shown, write } from './helpers/ship-fixture.js';

// Issue 14 items 1-3: the review's demonstrations, rebuilt; each now finds nothing.
let f: ShipFixture;

beforeAll(async () => {
  f = await shipFixture();
}, 120_000);

afterAll(async () => {
  await f?.server.close();
});

/** What the poller saw, as "<secret> (<form>) in the command line of <program>" (no secret in it). */
function cmdlineLeaks(sample: CmdlineSample): string[] {
  return sample.cmdlines.flatMap((cmdline) => {
    const program = cmdline
      .split(' ')
      .slice(0, 2)
      .map((word) => basename(word).slice(0, 40))
      .join(' ');
    return findLeaks(cmdline, f.targets).map((leak) => `${leak} in the command line of ${program}`);
  });
}

/** The old implementation, kept as the control: GIT_ASKPASS, which git runs with the prompt as argv[1]. */
async function leakyAskpassShips(attempts: number): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'leaky-askpass-'));
  const script = join(dir, 'askpass.sh');
  writeFileSync(
    script,
    '#!/bin/sh\ncase "$1" in\n  *sername*) printf \'%s\\n\' "$CHALLENGE_GIT_USERNAME" ;;\n  *) printf \'%s\\n\' "$CHALLENGE_GIT_PASSWORD" ;;\nesac\n',
  );
  chmodSync(script, 0o700);
  const url = new URL(f.targets.repoUrl);
  const poller = startCmdlinePoller();
  for (let attempt = 0; attempt < attempts; attempt++) {
    const timestamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
    const listed = await execa('git', ['-c', 'credential.helper=', 'ls-remote', url.toString()], {
      env: {
        GIT_ASKPASS: script,
        GIT_TERMINAL_PROMPT: '0',
        CHALLENGE_GIT_USERNAME: `${f.keys.accessKeyId}%${f.keys.sessionToken}`,
        CHALLENGE_GIT_PASSWORD: codeCommitPassword(
          f.keys.secretAccessKey,
          REGION,
          url.host,
          url.pathname,
          timestamp,
        ),
      },
      reject: false,
    });
    expect(listed.exitCode, 'the control authenticates like the CLI did').toBe(0);
  }
  return cmdlineLeaks(await poller.stop());
}

describe.skipIf(process.platform !== 'linux')('item 1: no secret in any process command line', () => {
  it('a poller of every /proc/*/cmdline catches the old askpass prompt (control)', async () => {
    let leaks: string[] = [];
    for (let batch = 0; batch < 8 && leaks.length === 0; batch++) leaks = await leakyAskpassShips(5);
    expect(leaks).toEqual(
      expect.arrayContaining([expect.stringMatching(/^session token .* of sh askpass\.sh$/)]),
    );
  });

  it('sees no key id, secret, token or derived password in any command line during several ships', async () => {
    const poller = startCmdlinePoller();
    const heads: string[] = [];
    for (let ship = 0; ship < 4; ship++) {
      f.commitChange();
      const result = await f.ship(ship === 3 ? ['--json', '--include-uncommitted'] : ['--json']);
      expect(result.exitCode, shown(result.stderr, f.targets)).toBe(0);
      heads.push(f.remoteHead());
    }
    const sample = await poller.stop();
    expect(new Set(heads).size, 'every ship pushed a new commit').toBe(4);
    expect(sample.sweeps).toBeGreaterThan(50);
    // The poller did see the network git calls (and their inline helper), just no secret in them.
    expect(
      sample.cmdlines.some((cmdline) => /git .*credential\.helper=!f\(\).* ls-remote/.test(cmdline)),
    ).toBe(true);
    expect(sample.cmdlines.some((cmdline) => /git .*credential\.helper=!f\(\).* push/.test(cmdline))).toBe(
      true,
    );
    expect(cmdlineLeaks(sample)).toEqual([]);
  });
});

describe('item 2: tracing variables of the user reach no network git call', () => {
  const TRACE_TO_STDERR = {
    GIT_TRACE: '1',
    GIT_TRACE_CURL: '1',
    GIT_TRACE_REDACT: '0',
    GIT_CURL_VERBOSE: '1',
    GIT_TRACE_PACKET: '1',
    GIT_TRACE_CURL_NO_DATA: '0',
    GIT_TRACE2: '1',
    GIT_TRACE_SETUP: '1',
  };
  const traceLines = /Send header|Authorization:|packet:|trace: (run_command|exec): .*git-remote-http/;

  it('a push the server rejects fails with its message, no trace and no secret (text and --json)', async () => {
    const hook = join(f.server.repoPath('challenge-mock-app'), 'hooks', 'pre-receive');
    write(hook, '#!/bin/sh\necho "rejected by the test policy" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    try {
      f.commitChange();
      const before = f.remoteHead();
      for (const args of [[], ['--json']]) {
        const result = await f.ship(args, TRACE_TO_STDERR);
        expect(result.exitCode).toBe(1);
        const output = `${result.stdout}\n${result.stderr}`;
        expect(findLeaks(output, f.targets)).toEqual([]);
        expect(output, shown(output, f.targets)).toContain('rejected by the test policy');
        expect(output).toContain('git push failed');
        expect(output).not.toMatch(traceLines);
      }
      expect(f.remoteHead()).toBe(before);
    } finally {
      writeFileSync(hook, '#!/bin/sh\nexit 0\n');
    }
  });

  it('refused credentials fail with no trace and no secret', async () => {
    const result = await f.ship(['--json'], {
      ...TRACE_TO_STDERR,
      AWS_SECRET_ACCESS_KEY: 'wrong/secret+key',
    });
    expect(result.exitCode).toBe(1);
    expect(findLeaks(result.stdout + result.stderr, f.targets)).toEqual([]);
    const { error } = JSON.parse(result.stdout);
    expect(error.code).toBe('GIT_FAILED');
    expect(error.message).toMatch(/^git ls-remote failed: .*Authentication failed/s);
    expect(error.message).not.toMatch(traceLines);
    expect(result.stdout.includes('wrong/secret+key')).toBe(false);
  });

  it('trace files get the local git calls only, and no secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ship-trace-'));
    const files = {
      GIT_TRACE: join(dir, 'trace'),
      GIT_TRACE_CURL: join(dir, 'curl'),
      GIT_TRACE_PACKET: join(dir, 'packet'),
      GIT_TRACE2_EVENT: join(dir, 'trace2-event'),
      GIT_TRACE2_PERF: join(dir, 'trace2-perf'),
    };
    f.commitChange();
    const result = await f.ship([], { ...files, GIT_TRACE_REDACT: '0', GIT_CURL_VERBOSE: '1' });
    expect(result.exitCode, shown(result.stderr, f.targets)).toBe(0);
    const trace = readFileSync(files.GIT_TRACE, 'utf8');
    expect(trace, 'the user’s tracing still covers the local calls').toContain('commit-tree');
    expect(trace).not.toMatch(/ls-remote|fetch|push|remote-http/);
    for (const name of ['GIT_TRACE_CURL', 'GIT_TRACE_PACKET'] as const)
      expect(existsSync(files[name])).toBe(false);
    for (const file of Object.values(files).filter(existsSync)) {
      expect(findLeaks(readFileSync(file, 'utf8'), f.targets), basename(file)).toEqual([]);
    }
  });
});

describe('item 3: no hook runs during ship, and no git call but the network ones gets a credential', () => {
  it('hooks and filters of the user log no secret; pre-push does not even run', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'ship-hooks-')), 'log');
    const logger = (what: string) => `#!/bin/sh\n{ echo "ran ${what} $*"; env; } >> '${log}'\n`;
    for (const hook of [
      'pre-push',
      'reference-transaction',
      'post-commit',
      'pre-commit',
      'post-index-change',
    ]) {
      const path = join(f.repo, '.git', 'hooks', hook);
      // pre-push refuses every push: if it ran, the ship would fail.
      write(path, `${logger(`hook ${hook}`)}${hook === 'pre-push' ? 'exit 1\n' : 'exit 0\n'}`);
      chmodSync(path, 0o755);
    }
    const filter = join(f.repo, '..', `${basename(f.repo)}-filter.sh`);
    write(filter, `${logger('filter')}cat\n`);
    chmodSync(filter, 0o755);
    git(f.repo, 'config', 'filter.logenv.clean', filter);
    git(f.repo, 'config', 'filter.logenv.smudge', 'cat');
    write(join(f.repo, 'apps/flask-app/.gitattributes'), '*.py filter=logenv\n');

    // Control: a commit of the user's, with AWS keys in the environment, runs the hooks, which log them.
    await execa('git', ['add', '-A'], { cwd: f.repo, env: f.shipEnv() });
    await execa('git', ['commit', '--quiet', '-m', 'attributes'], { cwd: f.repo, env: f.shipEnv() });
    const control = readFileSync(log, 'utf8');
    expect(control.includes('ran hook post-commit'), 'the user’s hooks are live').toBe(true);
    expect(findLeaks(control, f.targets)).toContain('secret access key (raw)');
    writeFileSync(log, '');

    const pushed = await f.ship(['--json']);
    expect(pushed.exitCode, shown(pushed.stderr, f.targets)).toBe(0);
    expect(JSON.parse(pushed.stdout)).toMatchObject({ pushed: true });
    writeFileSync(join(f.repo, 'apps/flask-app/app.py'), 'print("uncommitted")\n');
    const dirty = await f.ship(['--json', '--include-uncommitted']);
    expect(dirty.exitCode, shown(dirty.stderr, f.targets)).toBe(0);

    const logged = readFileSync(log, 'utf8');
    const ran = [...new Set(logged.split('\n').filter((line) => line.startsWith('ran ')))];
    expect(ran, 'only the clean filter ran, in the ship’s local git calls').toEqual(['ran filter ']);
    const variables = logged.split('\n').map((line) => line.split('=')[0]);
    expect(variables.filter((name) => /^(AWS_|CHALLENGE_GIT_)/.test(name ?? ''))).toEqual([]);
    expect(findLeaks(logged, f.targets)).toEqual([]);
    git(f.repo, 'checkout', '--', 'apps/flask-app/app.py');
  });
});
