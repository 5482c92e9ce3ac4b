import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { makeRoot, runCli } from './helpers/cli.js';
import { terminal } from './helpers/terminal.js';

/** Two slow resources, a fast one, and one that fails (when var.fail) after the fast one. */
const PROGRESS_ROOT = {
  'main.tf': `
variable "fail" {
  description = "Whether terraform_data.broken fails"
  type        = bool
}

resource "terraform_data" "slow" {
  count = 2
  provisioner "local-exec" {
    command = "sleep 1"
  }
}

resource "terraform_data" "fast" {
  input = "x"
}

resource "terraform_data" "broken" {
  depends_on = [terraform_data.fast]
  input      = var.fail
  provisioner "local-exec" {
    command = "if \${var.fail}; then echo 'cannot reach the thing' >&2; echo 'second line' >&2; exit 3; fi"
  }
}
`,
  'vars/mock.tfvars.json': '{ "fail": false }\n',
};
const ADDRESSES = [
  'terraform_data.fast',
  'terraform_data.slow[0]',
  'terraform_data.slow[1]',
  'terraform_data.broken',
];
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ {2}/;

/** The lines of the apply itself (after its "› terraform apply" step line). */
function applyLines(stderr: string, step = '› terraform apply (env mock)'): string[] {
  const lines = stderr.split('\n');
  return lines.slice(lines.indexOf(step) + 1).filter((line) => TIMESTAMP.test(line));
}

const indexOf = (lines: string[], text: string) => lines.findIndex((line) => line.includes(text));

describe('apply progress without a terminal (CI)', () => {
  it('one timestamped line per event, in order, with counts and durations; a failure names the resource, its diagnostic and what was done', async () => {
    // Seven more that wait for the broken one: they are never started, so the report summarises them.
    const after =
      'resource "terraform_data" "after" {\n  count      = 7\n  depends_on = [terraform_data.broken]\n}\n';
    const root = await makeRoot({
      ...PROGRESS_ROOT,
      'after.tf': after,
      'vars/mock.tfvars.json': '{ "fail": true }\n',
    });
    const result = await runCli(['apply', '--dir', root, '--env', 'mock', '--yes']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.includes('\u001b')).toBe(false); // no ANSI
    expect(result.stderr).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/); // no spinner
    const lines = applyLines(result.stderr);
    for (const address of ADDRESSES) {
      const planned = indexOf(lines, `planned: create ${address}`);
      const started = indexOf(lines, `  ${address}: creating…`);
      expect(planned, address).toBeGreaterThanOrEqual(0);
      expect(started, address).toBeGreaterThan(planned);
      const end = indexOf(
        lines,
        address === 'terraform_data.broken' ? `${address}: create failed after` : `${address}: created in`,
      );
      expect(end, address).toBeGreaterThan(started);
    }
    // The count is the plan's: 11 to add.
    expect(result.stdout).toContain('Plan for env mock: 11 to add, 0 to change, 0 to destroy.');
    expect(lines.find((line) => line.includes('slow[0]: created in'))).toMatch(
      /created in \d+ s \[\d\/11\]$/,
    );
    expect(lines.filter((line) => / created in \d+ s \[\d\/11\]$/.test(line))).toHaveLength(3);
    expect(
      lines.some((line) => line.includes('error (terraform_data.broken): local-exec provisioner error')),
    ).toBe(true);

    const error = result.stderr.slice(result.stderr.indexOf('Error: '));
    expect(error).toMatch(
      /^Error: terraform apply \(env mock\) failed:\nterraform_data\.broken \(create, after \d+s\): local-exec provisioner error: Error running command .*exit status 3\. Output: cannot reach the thing second line\n/,
    );
    const done = /Already done \(3 of 11\): (.*)\.\n/.exec(error)?.[1]?.split(', ').sort();
    expect(done).toEqual(['terraform_data.fast', 'terraform_data.slow[0]', 'terraform_data.slow[1]']);
    // What was not done: counted by type, five named, where to see them all.
    expect(error).toMatch(
      /\nNot done \(7\): 7 terraform_data; among them (terraform_data\.after\[\d\], ){4}terraform_data\.after\[\d\]\. \(`challenge plan --env mock --verbose` lists them all\)\n/,
    );
    // The fix names the resource and its diagnostic (both in the message above it).
    expect(error).toContain(
      'Fix: Fix what made terraform_data.broken fail (local-exec provisioner error), then run `challenge apply --env mock` again',
    );
  });

  it('destroy: the same lines for each destroyed resource, then the summary', async () => {
    const root = await makeRoot(PROGRESS_ROOT);
    expect((await runCli(['apply', '--dir', root, '--env', 'mock', '--yes'])).exitCode).toBe(0);
    const result = await runCli(['destroy', '--dir', root, '--env', 'mock', '--yes']);
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = applyLines(result.stderr, '› terraform apply -destroy (env mock)');
    for (const address of ADDRESSES) {
      expect(indexOf(lines, `${address}: destroyed in`)).toBeGreaterThan(
        indexOf(lines, `${address}: destroying…`),
      );
    }
    expect(lines.at(-1)).toMatch(/done: 0 added, 0 changed, 4 destroyed$/);
    expect(lines.some((line) => line.endsWith('[4/4]'))).toBe(true);
    expect(result.stderr).toMatch(/\nslowest: terraform_data\.\S+ \d+ s/);
  });
});

describe('apply progress with --json', () => {
  it('stdout holds only the final result; --verbose adds the events as JSON lines on stderr', async () => {
    const root = await makeRoot(PROGRESS_ROOT);
    const result = await runCli(['apply', '--dir', root, '--env', 'mock', '--yes', '--json', '--verbose']);
    expect(result.exitCode, result.stderr).toBe(0);
    const final = JSON.parse(result.stdout) as {
      applied: boolean;
      resources: Array<{ address: string; seconds: number }>;
    };
    expect(final.applied).toBe(true);
    expect(final.resources.map((r) => r.address).sort()).toEqual([...ADDRESSES].sort());
    expect(final.resources.every((r) => Number.isInteger(r.seconds))).toBe(true);

    const events = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map(
        (line) =>
          JSON.parse(line) as { type: string; address?: string; done: number; total: number; at: string },
      );
    const types = events.map((event) => event.type);
    expect(types.filter((type) => type === 'planned')).toHaveLength(4);
    expect(types.lastIndexOf('planned')).toBeLessThan(types.indexOf('started'));
    expect(types.filter((type) => type === 'completed')).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({ type: 'summary', add: 4, change: 0, remove: 0, done: 4, total: 4 });
    expect(events.every((event) => !Number.isNaN(Date.parse(event.at)))).toBe(true);

    const quiet = await runCli(['destroy', '--dir', root, '--env', 'mock', '--yes', '--json']);
    expect(quiet.exitCode, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(JSON.parse(quiet.stdout)).toMatchObject({ destroyed: true });
  });
});

describe('apply progress on a terminal', () => {
  it('a live task list: done/total, each in-flight resource with its elapsed time, then the slowest', async () => {
    const root = await makeRoot(PROGRESS_ROOT);
    const tty = terminal(['apply', '--dir', root, '--env', 'mock', '--yes']);
    await tty.expect('terraform apply (env mock)', 120_000);
    await tty.expect('terraform_data.slow[', 60_000);
    expect(await tty.exited).toBe(0);
    const output = tty.output();
    expect(output).toMatch(/terraform_data\.slow\[\d\] {2}creating {2}\d+ s/);
    expect(output).toMatch(/terraform apply \(env mock\): 4\/4 done in \d+ s/);
    expect(output).toMatch(/slowest: terraform_data\.slow\[\d\] \d+ s/);
    expect(output).toContain('\u001b[2K'); // the list redraws itself in place
    expect(output).toContain('Applied to env mock.');
  });
});

describe('Ctrl-C with the progress display', () => {
  it('still forwards one interrupt to terraform and exits 130', async () => {
    const root = await makeRoot({
      'main.tf': `resource "terraform_data" "slow" {
  provisioner "local-exec" {
    command = "touch started && sleep 60"
  }
}
`,
      'vars/mock.tfvars.json': '{}\n',
    });
    const cli = runCli(['apply', '--dir', root, '--env', 'mock', '--yes']);
    for (let waited = 0; !existsSync(join(root, 'started')); waited += 100) {
      if (waited > 60_000) throw new Error('the apply never started');
      await sleep(100);
    }
    process.kill(cli.pid as number, 'SIGINT');
    const result = await cli;
    expect(result.exitCode).toBe(130);
    expect(result.stderr.match(/interrupted: Terraform is stopping/g)).toHaveLength(1);
    expect(result.stderr).toContain('Interrupted: terraform apply (env mock) was stopped');
    // Terraform repeats its "execution halted" diagnostic; it is said once.
    expect(result.stderr.match(/error: execution halted/g)).toHaveLength(1);
    writeFileSync(join(root, 'vars', 'mock.tfvars.json'), '{}\n');
    const again = await runCli(['plan', '--dir', root, '--env', 'mock', '--lock-timeout', '0s']);
    expect(again.exitCode, again.stderr).toBe(0);
  }, 180_000);
});
