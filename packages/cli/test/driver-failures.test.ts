import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRoot, runCli, SIMPLE_ROOT, snapshot } from './helpers/cli.js';
import { backendFile, type S3BackendWorld, startS3Backend } from './helpers/s3-backend.js';
import { terminal } from './helpers/terminal.js';

async function waitForFile(path: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} never appeared`);
    await sleep(100);
  }
}

/** Files outside Terraform's own working data (which a failed init may leave, harmlessly). */
function userFiles(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).filter(([path]) => !path.startsWith('.terraform')));
}

/** A snapshot without the logs of Terraform runs (each run, even a refused one, keeps its own). */
function withoutRunLogs(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).filter(([path]) => !/(^|\/)runs(\/|$)/.test(path)));
}

const SLOW = {
  ...SIMPLE_ROOT,
  'main.tf': `terraform {
  backend "local" {}
}
${SIMPLE_ROOT['main.tf']}
resource "terraform_data" "slow" {
  provisioner "local-exec" {
    command = "touch started && sleep 60"
  }
}
`,
};

describe('a state lock held by a running apply (local backend)', () => {
  it('names the run in progress (pid, start, log) and how to follow it; unlock refuses while it runs', async () => {
    const root = await makeRoot(SLOW);
    const running = runCli(['apply', '--dir', root, '--env', 'mock', '--yes']);
    await waitForFile(join(root, 'started'));
    const before = withoutRunLogs(await snapshot(root));
    const plan = await runCli(['plan', '--dir', root, '--env', 'mock', '--lock-timeout', '0s']);
    expect(plan.exitCode).toBe(1);
    expect(plan.stderr).toMatch(
      /Error: A terraform apply \(env mock\) is in progress \(pid \d+, started \d{4}-\d\d-\d\dT[\d:.]+Z; log: \S+\.log\)\.\n/,
    );
    expect(plan.stderr).toMatch(
      /Fix: Follow it to its end with `challenge attach --env mock` \(or wait for it: pass --lock-timeout 10m\), then run `challenge plan --env mock` again\./,
    );
    expect(plan.stderr).not.toContain('Terraform acquires a state lock'); // no raw Terraform text
    const unlock = await runCli(['unlock', '--dir', root, '--env', 'mock', '--yes']);
    expect(unlock.exitCode).toBe(1);
    expect(unlock.stderr).toMatch(/Error: A terraform apply \(env mock\) is in progress \(pid \d+/);
    expect(unlock.stderr).toContain('challenge attach --env mock');
    expect(withoutRunLogs(await snapshot(root))).toEqual(before);
    process.kill(running.pid as number, 'SIGINT');
    expect((await running).exitCode).toBe(130);
  }, 180_000);
});

describe('a stale saved plan', () => {
  it('another apply between plan and confirmation: nothing applied, the fix is to run apply again', async () => {
    const root = await makeRoot(SIMPLE_ROOT);
    expect((await runCli(['apply', '--dir', root, '--env', 'mock', '--yes'])).exitCode).toBe(0);
    await writeFile(join(root, 'vars', 'mock.tfvars.json'), '{ "greeting": "first" }\n');
    const first = terminal(['apply', '--dir', root, '--env', 'mock']);
    // The prompt follows a whole terraform plan: allow a loaded machine its time.
    await first.expect('Apply these changes to env mock?', 60_000);
    await writeFile(join(root, 'vars', 'mock.tfvars.json'), '{ "greeting": "second" }\n');
    const second = await runCli(['apply', '--dir', root, '--env', 'mock', '--yes', '--json']);
    expect(second.exitCode, second.stdout).toBe(0);
    first.write('y\r');
    expect(await first.exited).toBe(1);
    expect(first.output()).toContain(
      'Error: terraform apply (env mock) failed: The saved plan of env mock is stale: another Terraform run changed the state after it was made, so nothing was applied.',
    );
    expect(first.output()).toContain(
      'Fix: Run `challenge apply --env mock` again: it plans from the current state.',
    );
    const output = JSON.parse((await runCli(['output', '--dir', root, '--env', 'mock', '--json'])).stdout);
    expect(output.greeting.value).toBe('second');
    expect(await readdir(join(root, '.terraform', 'envs', 'mock', 'plans'))).toEqual([]);
  }, 180_000);
});

describe('S3 backend failures and challenge unlock', () => {
  let world: S3BackendWorld;
  let root: string;
  const LOCK_ID = '2b7ad3c4-5e6f-4a1b-9c8d-7e6f5a4b3c2d';
  const LOCK_KEY = 'env:/a/challenge/a/terraform.tfstate.tflock';

  beforeAll(async () => {
    world = await startS3Backend(['state'], {
      expiredAccessKeyIds: ['AKIDOLD'],
      deniedAccessKeyIds: ['AKIDDENIED'],
    });
    root = await makeRoot({
      'main.tf': `terraform {\n  backend "s3" {}\n}\n${SIMPLE_ROOT['main.tf']}`,
      'vars/a.tfvars.json': '{ "greeting": "a" }\n',
      'vars/b.tfvars.json': '{ "greeting": "b" }\n',
      'vars/c.tfvars.json': '{ "greeting": "c" }\n',
      'backends/a.s3.tfbackend': backendFile('state', 'a'),
      'backends/b.s3.tfbackend': backendFile('state', 'b'),
      'backends/c.s3.tfbackend': backendFile('no-such-bucket', 'c'),
    });
    const applied = await runCli(['apply', '--dir', root, '--env', 'a', '--yes'], { env: world.env });
    expect(applied.exitCode, applied.stderr).toBe(0);
  }, 120_000);
  afterAll(() => world.close());

  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli([...args, '--dir', root], { env: { ...world.env, ...env } });

  it('a lock left by a run that died: plan names it; unlock shows it, asks, refuses another ID, then releases it', async () => {
    world.s3.putObject(
      'state',
      LOCK_KEY,
      JSON.stringify({
        ID: LOCK_ID,
        Operation: 'OperationTypeApply',
        Info: '',
        Who: 'ops@build-7',
        Version: '1.11.4',
        Created: '2026-11-30T22:15:03.123456789Z',
        Path: 'state/env:/a/challenge/a/terraform.tfstate',
      }),
    );
    const state = world.s3.object('state', 'env:/a/challenge/a/terraform.tfstate')?.body;
    const plan = await run(['plan', '--env', 'a', '--lock-timeout', '0s']);
    expect(plan.exitCode).toBe(1);
    expect(plan.stderr).toContain(
      `The state of env a is locked: apply by ops@build-7 since 2026-11-30T22:15:03.123Z (lock ID ${LOCK_ID}).`,
    );
    expect(plan.stderr).toContain(`If it died, release the lock: \`challenge unlock --env a ${LOCK_ID}\`.`);

    const before = await snapshot(root);
    const unconfirmed = await run(['unlock', '--env', 'a']);
    expect(unconfirmed.exitCode).toBe(1);
    expect(unconfirmed.stdout).toContain(
      `Env a is locked: apply by ops@build-7 since 2026-11-30T22:15:03.123Z (lock ID ${LOCK_ID})`,
    );
    expect(unconfirmed.stderr).toContain('Error: Not unlocking env a without a confirmation');
    expect(unconfirmed.stderr).toContain(
      `Fix: Check that the run holding it is gone, then pass --yes: \`challenge unlock --env a ${LOCK_ID} --yes\`.`,
    );
    const other = await run(['unlock', '--env', 'a', 'ffffffff-0000-0000-0000-000000000000', '--yes']);
    expect(other.exitCode).toBe(1);
    expect(other.stderr).toContain(`Error: The state of env a is locked with ID ${LOCK_ID}`);
    expect(other.stderr).toContain(
      `Fix: Check that this is the lock you mean, then run \`challenge unlock --env a ${LOCK_ID}\`.`,
    );
    expect(world.s3.object('state', LOCK_KEY)).toBeDefined();
    expect(await snapshot(root)).toEqual(before);

    const released = await run(['unlock', '--env', 'a', '--yes', '--json']);
    expect(released.exitCode, released.stdout).toBe(0);
    expect(JSON.parse(released.stdout)).toMatchObject({
      env: 'a',
      unlocked: true,
      lock: { id: LOCK_ID, who: 'ops@build-7', operation: 'OperationTypeApply' },
    });
    expect(world.s3.object('state', LOCK_KEY)).toBeUndefined();
    expect(world.s3.object('state', 'env:/a/challenge/a/terraform.tfstate')?.body).toBe(state);
    const again = await run(['unlock', '--env', 'a', '--yes']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('The state of env a is not locked: nothing to unlock.');
    expect((await run(['plan', '--env', 'a', '--lock-timeout', '0s'])).exitCode).toBe(0);
  }, 180_000);

  it.each([
    [
      'expired credentials',
      'b',
      { AWS_ACCESS_KEY_ID: 'AKIDOLD', AWS_SESSION_TOKEN: 'old-token' },
      /failed: The AWS credentials Terraform used for env b have expired \(the default AWS credential chain/,
      /Fix: Export fresh AWS_ACCESS_KEY_ID \/ AWS_SECRET_ACCESS_KEY \/ AWS_SESSION_TOKEN, or pass --profile <name> \(or save one with `challenge init --env b --profile <name>`\); then run `challenge output --env b` again\./,
    ],
    [
      'access to the state denied',
      'b',
      { AWS_ACCESS_KEY_ID: 'AKIDDENIED' },
      /failed: AWS denied access to the state in bucket "state" of env b/,
      /Fix: Use credentials whose IAM policy allows s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject/,
    ],
    [
      'a state bucket that does not exist',
      'c',
      {},
      /failed: The state bucket "no-such-bucket" of env c does not exist \(backends\/c\.s3\.tfbackend names it\)\./,
      /Fix: Create it, or choose another: `challenge init --env c --state-bucket <name> --create-state-bucket`\./,
    ],
  ])('output with %s: its own cause and fix, nothing written', async (_name, env, extra, message, hint) => {
    const before = world.s3.keys('state');
    const files = userFiles(await snapshot(root));
    const result = await run(['output', '--env', env], extra);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(hint);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(2);
    expect(world.s3.keys('state')).toEqual(before);
    expect(userFiles(await snapshot(root))).toEqual(files);
  });
});

describe('a provider registry that cannot be reached', () => {
  it('says which provider, that the registry is unreachable, and how to install from a mirror', async () => {
    const root = await makeRoot({
      ...SIMPLE_ROOT,
      'versions.tf':
        'terraform {\n  required_providers {\n    tls = {\n      source = "example-corp/tls"\n    }\n  }\n}\n',
    });
    const result = await runCli(['plan', '--dir', root, '--env', 'mock']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      'Error: terraform init (first init of this environment) failed: Terraform could not install provider example-corp/tls for env mock: the provider registry (registry.terraform.io) is unreachable.',
    );
    expect(result.stderr).toMatch(
      /Fix: Check your network and proxy \(HTTPS_PROXY\), or install providers from a local mirror/,
    );
    expect(
      Object.keys(await snapshot(root)).filter(
        (path) => path.endsWith('.tfstate') || path.endsWith('.lock.hcl'),
      ),
    ).toEqual([]);
  });
});
