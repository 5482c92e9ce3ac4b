import { chmod, chown, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terraformEnv } from '@challenge/testkit';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBin, makeRoot, runCli, SIMPLE_ROOT, snapshot } from './helpers/cli.js';

let root: string;
beforeAll(async () => {
  root = await makeRoot(SIMPLE_ROOT);
});

/** Exit code, message and fix of a bad command line; the root must be left exactly as it was. */
async function bad(args: string[], env: NodeJS.ProcessEnv = {}) {
  const before = await snapshot(root);
  const result = await runCli(args, { env });
  expect(await snapshot(root)).toEqual(before);
  return result;
}

describe.concurrent('exit codes and messages of the README contract', () => {
  it('an unknown flag exits 1 with the command to get its flags', async () => {
    const result = await bad(['plan', '--dir', root, '--bogus']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      'Error: Nonexistent flag: --bogus\nFix: See `challenge plan --help` for its flags and arguments.',
    );
  });

  it('an unknown flag with --json: one JSON error {code, message, hint}, exit 1', async () => {
    const result = await bad(['apply', '--dir', root, '--bogus', '--json']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'USAGE_ERROR',
        message: 'Nonexistent flag: --bogus',
        hint: 'See `challenge apply --help` for its flags and arguments.',
      },
    });
    expect(result.stdout.split('\n').length).toBeLessThan(10);
  });

  it('a flag value of the wrong kind exits 1 with the fix', async () => {
    const result = await bad(['status', '--dir', root, '--timeout', 'soon']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      'Error: --timeout soon is not a duration.\nFix: Give a duration (--timeout 90s, --timeout 5m) or a number of seconds (--timeout 90).',
    );
    const limit = await bad(['logs', '--dir', root, '--limit', 'abc']);
    expect(limit.stderr).toBe(
      'Error: --limit: expected a whole number, got "abc".\nFix: See `challenge logs --help` for its flags and arguments.',
    );
  });

  it('oclif parse problems read like every other error: no "following error occurred", flags with dashes', async () => {
    const missing = await bad(['promote', '--dir', root, '--to', 'qa']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe(
      'Error: Missing required flag --from.\nFix: See `challenge promote --help` for its flags and arguments.',
    );
    const exclusive = await bad(['approve', '--dir', root, '--reject', '--continue']);
    expect(exclusive.stderr).toBe(
      'Error: --reject cannot be used together with --continue.\nFix: See `challenge approve --help` for its flags and arguments.',
    );
  });

  it('an unknown flag close to one of the command\'s gets "did you mean"', async () => {
    const apply = await bad(['apply', '--dir', root, '--ye']);
    expect(apply.exitCode).toBe(1);
    expect(apply.stderr).toBe(
      'Error: Nonexistent flag: --ye\nFix: Did you mean --yes? See `challenge apply --help` for its flags and arguments.',
    );
    const approve = await bad(['approve', '--dir', root, '--folow']);
    expect(approve.stderr).toContain('Fix: Did you mean --follow?');
  });

  it('a misspelt env gets "did you mean", not an offer to create it', async () => {
    const result = await bad(['plan', '--dir', root, '--env', 'moc']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      'Fix: Did you mean `--env mock`? Otherwise create it with `challenge init --env moc`.',
    );
  });

  it('an unknown command far from every command suggests none', async () => {
    const result = await bad(['bogus', '--dir', root]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      'Error: "bogus" is not a challenge command.\nFix: Run `challenge help` for the list of commands.',
    );
  });

  it('-h is --help, for the root and every command', async () => {
    for (const args of [['-h'], ['status', '-h'], ['plan', '-h'], ['ship', 'app', '-h']]) {
      const result = await runCli(args);
      expect(result.exitCode, args.join(' ')).toBe(0);
      expect(result.stdout, args.join(' ')).toContain('USAGE');
    }
  });

  it('--timeout takes one unit everywhere: durations, and plain numbers as seconds', async () => {
    const { parseTimeout } = await import('../src/delivery-flags.js');
    expect([parseTimeout('90s'), parseTimeout('5m'), parseTimeout('90'), parseTimeout('1.5')]).toEqual([
      90_000, 300_000, 90_000, 1500,
    ]);
    expect(() => parseTimeout('soon')).toThrow('--timeout soon is not a duration.');
    expect(() => parseTimeout('0')).toThrow('is not a duration');
  });

  it('an unknown command exits 1 with "did you mean" and where the list is', async () => {
    const result = await bad(['plna', '--dir', root]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      'Error: "plna" is not a challenge command.\nFix: Did you mean `challenge plan`? Run `challenge help` for the list of commands.',
    );
  });

  it('a typo of a topic suggests the command it holds', async () => {
    const result = await bad(['shipp', 'app', '--dir', root]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      'Error: "shipp app" is not a challenge command.\nFix: Did you mean `challenge ship app`? Run `challenge help` for the list of commands.',
    );
  });

  it('an unknown command with --json is a JSON error too', async () => {
    const result = await bad(['deploy', '--json']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'UNKNOWN_COMMAND',
        message: '"deploy" is not a challenge command.',
        hint: 'Run `challenge help` for the list of commands.',
      },
    });
  });

  it('a flag without a command exits 1 and says where flags go', async () => {
    const result = await bad(['--bogus']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      'Error: --bogus is not an option of challenge itself.\nFix: Put it after a command (`challenge <command> --help` lists its flags), or run `challenge help`.',
    );
  });

  it('challenge help and challenge help <command> work (exit 0)', async () => {
    const all = await runCli(['help']);
    expect(all.exitCode).toBe(0);
    expect(all.stdout).toMatch(/COMMANDS\n[\s\S]*apply[\s\S]*unlock/);
    const one = await runCli(['help', 'ship', 'app']);
    expect(one.exitCode).toBe(0);
    expect(one.stdout).toContain('$ challenge ship app [APP]');
  });

  it('help of an unknown command exits 1 with "did you mean"', async () => {
    const result = await bad(['help', 'aply']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      'Error: "aply" is not a challenge command.\nFix: Did you mean `challenge help apply`? Run `challenge help` for the list of commands.',
    );
  });

  it('--version --json prints JSON', async () => {
    const result = await runCli(['--version', '--json']);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ name: '@challenge/cli', version: expect.any(String) });
    expect((await runCli(['--version'])).stdout).toMatch(/^@challenge\/cli\/\S+ \S+ node-v\S+$/);
  });

  it('a missing argument value exits 1', async () => {
    const result = await bad(['plan', '--dir', root, '--env']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^Error: Flag --env expects a value\nFix: See `challenge plan --help`/);
  });
});

describe('a Terraform root the user may not write', () => {
  it('names the path and the fix, not a raw EACCES object; nothing is written', async () => {
    const readOnly = await makeRoot(SIMPLE_ROOT);
    await chmod(readOnly, 0o755);
    const cache = await mkdtemp(join(tmpdir(), 'nobody-cache-'));
    await chown(cache, 65534, 65534);
    const before = await snapshot(readOnly);
    // The root belongs to the test's user; the CLI runs as "nobody" (root would bypass the permission).
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    if (!asNobody.uid) await chmod(readOnly, 0o555);
    const result = await execa('node', [cliBin, 'plan', '--dir', readOnly, '--env', 'mock'], {
      env: terraformEnv({ CI: 'true', NO_COLOR: '1', HOME: cache, XDG_CACHE_HOME: cache }),
      reject: false,
      stdin: 'ignore',
      ...asNobody,
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      `Error: Cannot write ${join(readOnly, '.terraform')}: permission denied (EACCES).\n`,
    );
    expect(result.stderr).toContain(`Fix: Make ${readOnly} writable by you (e.g. \`chmod u+w ${readOnly}\``);
    expect(result.stderr).not.toMatch(/errno|syscall|\n\s+at /);
    await chmod(readOnly, 0o755);
    expect(await snapshot(readOnly)).toEqual(before);
  });
});

describe('a reader that closes the pipe early', () => {
  it('`challenge --help | head -1` exits 0 with nothing on stderr', async () => {
    const result = await execa('bash', ['-o', 'pipefail', '-c', `node "${cliBin}" --help | head -1`], {
      reject: false,
      env: { CI: 'true' },
    });
    expect(result.stdout).toMatch(/\S/);
    expect(result.stdout.split('\n')).toHaveLength(1);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });
});

describe('help as data', () => {
  it('`help --json` lists every command, and every one of them takes --json', async () => {
    const list = await runCli(['help', '--json']);
    expect(list.exitCode).toBe(0);
    const { commands } = JSON.parse(list.stdout) as { commands: Array<{ command: string; summary: string }> };
    expect(commands.map((c) => c.command)).toEqual(
      expect.arrayContaining(['apply', 'drift', 'init', 'plan', 'ship app', 'status']),
    );
    for (const { command, summary } of commands) expect(summary, command).toMatch(/\S/);
    const helps = await Promise.all(
      commands.map(async ({ command }) => {
        const result = await runCli(['help', ...command.split(' '), '--json']);
        return { command, result };
      }),
    );
    for (const { command, result } of helps) {
      expect(result.exitCode, command).toBe(0);
      const help = JSON.parse(result.stdout) as { command: string; flags: Array<{ name: string }> };
      expect(help.command).toBe(command);
      expect(
        help.flags.map((flag) => flag.name),
        command,
      ).toContain('json');
    }
  });

  it('`help ship app --json` gives its flags with where a value may come from', async () => {
    const result = await runCli(['help', 'ship', 'app', '--json']);
    const help = JSON.parse(result.stdout) as {
      summary: string;
      flags: Array<{ name: string; type: string; env?: string }>;
      examples: string[];
    };
    expect(help.summary).toMatch(/CodeCommit/);
    expect(help.flags).toContainEqual(
      expect.objectContaining({ name: 'env', type: 'option', env: 'CHALLENGE_ENV' }),
    );
    expect(help.examples.every((example) => example.startsWith('challenge '))).toBe(true);
  });

  it('`help <unknown> --json` is the JSON error every command gives, exit 1', async () => {
    const result = await runCli(['help', 'shipp', '--json']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'UNKNOWN_COMMAND',
        message: '"shipp" is not a challenge command.',
        hint: 'Did you mean `challenge help ship`? Run `challenge help` for the list of commands.',
      },
    });
  });
});
