import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRoot, runCli, SIMPLE_ROOT, snapshot, unwrapped } from './helpers/cli.js';

/** Pids of live processes whose working directory is inside root (terraform and its children). */
function processesIn(root: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(join('/proc', entry, 'status'), 'utf8');
      if (readlinkSync(join('/proc', entry, 'cwd')).startsWith(root) && !/State:\s+Z/.test(status))
        pids.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

async function waitFor(condition: () => boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(100);
  }
}

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe.concurrent('bad values refused before Terraform runs', () => {
  let root: string;
  beforeAll(async () => {
    root = await makeRoot({ ...SIMPLE_ROOT, 'vars/dev.tfvars.json': '{ "greeting": "dev" }\n' });
  });

  async function refused(args: string[], env: NodeJS.ProcessEnv = {}) {
    const before = await snapshot(root);
    const result = await runCli([...args, '--dir', root], { env });
    expect(result.exitCode).toBe(1);
    expect(existsSync(join(root, '.terraform'))).toBe(false);
    expect(await snapshot(root)).toEqual(before);
    return result;
  }

  it.each([
    ['plan', 'abc', []],
    ['apply', '5', ['--yes']],
    ['destroy', '1d', ['--yes']],
    ['plan', '-1s', []],
  ])('%s --lock-timeout %s: not a Terraform duration', async (command, value, extra) => {
    const result = await refused([command, '--env', 'mock', ...extra, `--lock-timeout=${value}`]);
    expect(result.stderr).toBe(
      `Error: --lock-timeout ${JSON.stringify(value)} is not a duration Terraform understands.\nFix: Pass a number with a unit, e.g. --lock-timeout 0s, 90s, 5m or 1h30m.`,
    );
  });

  it('CHALLENGE_ENV=B: the fix names the variable the user set', async () => {
    const result = await refused(['plan'], { CHALLENGE_ENV: 'B' });
    expect(result.stderr).toMatch(
      /^Error: Invalid environment name "B" \(from CHALLENGE_ENV\): use 1-32 lowercase letters/,
    );
    expect(result.stderr).toContain(
      'Fix: Set a valid name in your shell (export CHALLENGE_ENV=b), or unset CHALLENGE_ENV and pass --env b.',
    );
  });

  it('CHALLENGE_ENV naming an env the root does not have: set it to one that exists', async () => {
    const result = await refused(['output'], { CHALLENGE_ENV: 'prod' });
    expect(result.stderr).toMatch(
      /^Error: Environment "prod" \(from CHALLENGE_ENV\) has no variables file: /,
    );
    expect(result.stderr).toContain(
      'Fix: Set CHALLENGE_ENV to one of: dev, mock (or unset it and pass --env), or create it with `challenge init --env prod`.',
    );
  });

  it('--env wins over CHALLENGE_ENV, and then the fix names --env', async () => {
    const result = await refused(['plan', '--env', 'Dev!'], { CHALLENGE_ENV: 'mock' });
    expect(result.stderr).toContain('Error: Invalid environment name "Dev!": use');
    expect(result.stderr).toContain('Fix: Use a name such as --env dev');
  });

  it('CHALLENGE_TERRAFORM_DIR pointing nowhere: the fix names the variable', async () => {
    const result = await runCli(['plan', '--env', 'mock'], {
      env: { CHALLENGE_TERRAFORM_DIR: join(root, 'nope') },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      `Error: Terraform root ${join(root, 'nope')} (from CHALLENGE_TERRAFORM_DIR) does not exist`,
    );
    expect(result.stderr).toContain(
      'Fix: Set CHALLENGE_TERRAFORM_DIR to the folder containing your .tf files (or unset it)',
    );
  });

  it('doctor lines wrap to the terminal width', async () => {
    const result = await runCli(['doctor', '--dir', root, '--env', 'mock'], { env: { COLUMNS: '60' } });
    const lines = result.stdout.split('\n');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(60);
    expect(unwrapped(result.stdout)).toContain(
      'Fix: Run `challenge init --env mock` (or `challenge plan --env mock`) to initialise it.',
    );
  });
});

describe('saved plans are private and do not outlive their run', () => {
  it('after kill -9 of the CLI mid-apply the plan (0600, in a 0700 folder) is swept by the next run', async () => {
    const root = await makeRoot({
      ...SIMPLE_ROOT,
      'slow.tf':
        'resource "terraform_data" "slow" {\n  provisioner "local-exec" {\n    command = "touch started && sleep 5"\n  }\n}\n',
    });
    const plans = join(root, '.terraform', 'envs', 'mock', 'plans');
    const cli = runCli(['apply', '--dir', root, '--env', 'mock', '--yes']);
    await waitFor(() => existsSync(join(root, 'started')));
    const [left] = readdirSync(plans);
    expect(left).toMatch(new RegExp(`^\\d+-${cli.pid}\\.tfplan$`));
    expect(await mode(plans)).toBe(0o700);
    expect(await mode(join(plans, left as string))).toBe(0o600);
    process.kill(cli.pid as number, 'SIGKILL');
    await cli;
    // Terraform runs in its own process group: it finishes this apply and releases the lock.
    await waitFor(() => processesIn(root).length === 0);
    expect(existsSync(join(plans, left as string))).toBe(true);
    expect(await mode(join(root, 'terraform.tfstate.d', 'mock', 'terraform.tfstate'))).toBe(0o600);

    // An old plan of a live process goes too; a fresh one of a live run (this test's) stays.
    const old = join(plans, `1000-${process.pid}9.tfplan`);
    const live = join(plans, `${Date.now()}-${process.pid}.tfplan`);
    await writeFile(old, 'x');
    await writeFile(live, 'x');
    await utimes(old, new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000));
    const next = await runCli(['plan', '--dir', root, '--env', 'mock', '--json']);
    expect(next.exitCode, next.stdout).toBe(0);
    expect(readdirSync(plans)).toEqual([`${live.slice(plans.length + 1)}`]);
  }, 180_000);
});
