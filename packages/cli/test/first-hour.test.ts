import { describe, expect, it } from 'vitest';
import { makeRoot, runCli, SIMPLE_ROOT } from './helpers/cli.js';
import { terminal } from './helpers/terminal.js';

// Confirmations as a new user meets them: a declined prompt is an answer, not an error; an env with
// nothing deployed says so before anything asks for --yes.

/** SIMPLE_ROOT with a saved region, so the delivery commands get as far as reading the outputs. */
const root = () => makeRoot({ ...SIMPLE_ROOT, '.challenge/mock.json': '{ "region": "eu-west-1" }\n' });

describe('an env with nothing deployed, without a terminal', () => {
  it('approve and rollback say nothing is deployed (not "pass --yes"); destroy has nothing to destroy', async () => {
    const dir = await root();
    for (const command of ['approve', 'rollback']) {
      const result = await runCli([command, '--dir', dir, '--env', 'mock']);
      expect(result.exitCode, command).toBe(1);
      expect(result.stderr, command).toBe(
        'Error: Env mock has nothing deployed yet: it has no Terraform outputs.\nFix: Run `challenge apply --env mock` first.',
      );
    }
    for (const args of [[], ['--yes']]) {
      const destroy = await runCli(['destroy', '--dir', dir, '--env', 'mock', ...args]);
      expect(destroy.exitCode, destroy.stderr).toBe(0);
      expect(destroy.stdout).toBe('Nothing to destroy in env mock: nothing is deployed.');
      expect(destroy.stderr).not.toContain('--yes');
    }
  });
});

describe('a confirmation answered no', () => {
  it('prints "Not applied." and exits 1 without the word Error; destroy of a deployed env still asks for --yes', async () => {
    const dir = await root();
    const tty = terminal(['apply', '--dir', dir, '--env', 'mock']);
    await tty.answer('Apply these changes to env mock?', 'n\r');
    expect(await tty.exited).toBe(1);
    const after = tty.output().slice(tty.output().indexOf('Apply these changes'));
    expect(after).toContain('Not applied.');
    expect(after).not.toMatch(/Error|Fix:/);

    expect((await runCli(['apply', '--dir', dir, '--env', 'mock', '--yes'])).exitCode).toBe(0);
    const destroy = await runCli(['destroy', '--dir', dir, '--env', 'mock']);
    expect(destroy.exitCode).toBe(1);
    expect(destroy.stdout).toContain('1 to destroy');
    expect(destroy.stderr).toContain('Fix: Pass --yes');
    const output = await runCli(['output', '--dir', dir, '--env', 'mock', '--json']);
    expect(JSON.parse(output.stdout).greeting.value).toBe('hello');
  }, 120_000);
});
