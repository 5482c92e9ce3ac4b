import { terraformEnv } from '@challenge/testkit';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cliBin, makeRoot, runCli, SIMPLE_ROOT } from './helpers/cli.js';

// bin/run.js answers plan/apply/destroy without oclif (src/fast-path.ts). The same command lines run
// through oclif must print the same thing and exit the same way. Any DEBUG value sends them to oclif
// (oclif prints its traces under DEBUG; `DEBUG=none` enables none of them).
const THROUGH_OCLIF = { DEBUG: 'none' };

/** Output with what differs between two roots and two runs (paths, clock, plan file names) blanked. */
function comparable(text: string, root: string): string {
  return text
    .replaceAll(root, '<root>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, '<time>')
    .replace(/\d+-\d+\.tfplan/g, '<plan>')
    .replace(/in \d+ s\b/g, 'in <n> s')
    .replace(/"(started|finished)At": "[^"]+"/g, '"$1At": "<time>"')
    .replace(/"seconds": [\d.]+/g, '"seconds": <n>');
}

const steps: Array<{ args: string[]; env?: NodeJS.ProcessEnv; exitCode: number }> = [
  { args: ['plan', '--env', 'mock'], exitCode: 0 },
  { args: ['plan', '--env', 'mock', '--detailed-exitcode', '--json'], exitCode: 2 },
  { args: ['apply', '--env', 'mock'], exitCode: 1 },
  { args: ['apply', '--env', 'nope', '--yes'], exitCode: 1 },
  { args: ['apply', '--yes'], env: { CHALLENGE_ENV: 'nope' }, exitCode: 1 },
  { args: ['apply', '--env', 'mock', '--yes', '--lock-timeout', '5 minutes'], exitCode: 1 },
  { args: ['apply', '-e', 'mock', '-y'], exitCode: 0 },
  { args: ['apply', '--env', 'mock', '--yes'], exitCode: 0 },
  { args: ['apply', '--yes', '--json'], env: { CHALLENGE_ENV: 'mock' }, exitCode: 0 },
  { args: ['destroy', '--env', 'mock', '--yes', '--json'], exitCode: 0 },
  { args: ['destroy', '--env', 'mock', '--yes'], exitCode: 0 },
];

describe('plan/apply/destroy print the same with and without oclif', () => {
  it('from a first plan through apply, refusals and errors to destroy', { timeout: 180_000 }, async () => {
    const [fast, oclif] = await Promise.all([makeRoot(SIMPLE_ROOT), makeRoot(SIMPLE_ROOT)]);
    for (const { args, env, exitCode } of steps) {
      const label = `${Object.entries(env ?? {})
        .map(([k, v]) => `${k}=${v} `)
        .join('')}challenge ${args.join(' ')}`;
      const a = await runCli([...args, '--dir', fast], { env });
      const b = await runCli([...args, '--dir', oclif], { env: { ...env, ...THROUGH_OCLIF } });
      expect(a.exitCode, `${label}\n${a.stderr}`).toBe(exitCode);
      expect(
        { exitCode: b.exitCode, stdout: comparable(b.stdout, oclif), stderr: comparable(b.stderr, oclif) },
        label,
      ).toEqual({
        exitCode: a.exitCode,
        stdout: comparable(a.stdout, fast),
        stderr: comparable(a.stderr, fast),
      });
    }
  });
});

describe('plan/apply/destroy write to a pipe', () => {
  it('a reader that has closed the pipe before the summary is written is not an error (exit 0, nothing on stderr)', async () => {
    const root = await makeRoot(SIMPLE_ROOT);
    const applied = await runCli(['apply', '--dir', root, '--env', 'mock', '--yes']);
    expect(applied.exitCode, applied.stderr).toBe(0);
    for (const through of [{}, THROUGH_OCLIF]) {
      // `true` exits at once; the summary comes after terraform's plan, into a pipe nobody reads.
      const result = await execa(
        'bash',
        ['-c', `set -o pipefail; node '${cliBin}' plan --dir '${root}' --env mock | true`],
        {
          env: terraformEnv({ CI: 'true', NO_COLOR: '1', ...through }),
          reject: false,
        },
      );
      expect(
        { exitCode: result.exitCode, errors: result.stderr.match(/Error.*/g) },
        JSON.stringify(through),
      ).toEqual({
        exitCode: 0,
        errors: null,
      });
    }
  });
});

describe('the root help', () => {
  it("`challenge` and `challenge --help` print what oclif prints, without loading oclif's ES modules", async () => {
    for (const args of [[], ['--help']]) {
      const ours = await runCli(args, { env: { COLUMNS: '100' } });
      const oclif = await runCli(args, { env: { COLUMNS: '100', ...THROUGH_OCLIF } });
      expect(ours.exitCode, ours.stderr).toBe(0);
      expect(ours.stdout).toContain('USAGE\n  $ challenge [COMMAND]');
      expect({ stdout: ours.stdout, stderr: ours.stderr }, args.join(' ')).toEqual({
        stdout: oclif.stdout,
        stderr: oclif.stderr,
      });
    }
  });
});
