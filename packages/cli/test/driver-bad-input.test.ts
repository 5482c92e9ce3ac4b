import { chmod, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRoot, runCli, SIMPLE_ROOT, snapshot } from './helpers/cli.js';

/** A stand-in terraform that reports an old version (for the version check). */
async function fakeTerraform(versionOutput: string, exitCode = 0): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'fake-terraform-')), 'terraform');
  await writeFile(path, `#!/bin/sh\nprintf '%s\\n' '${versionOutput}'\nexit ${exitCode}\n`);
  await chmod(path, 0o755);
  return path;
}

interface BadCase {
  name: string;
  args: (root: string) => string[];
  files?: Record<string, string>;
  env?: (root: string) => Promise<NodeJS.ProcessEnv> | NodeJS.ProcessEnv;
  message: RegExp;
  hint: RegExp;
}

const CASES: BadCase[] = [
  {
    name: 'env name with a path (../x)',
    args: (root) => ['plan', '--dir', root, '--env', '../x'],
    message: /Invalid environment name "\.\.\/x"/,
    hint: /Fix: Use a name such as --env x/,
  },
  {
    name: 'env name with capitals and punctuation (Mock!)',
    args: (root) => ['apply', '--dir', root, '--env', 'Mock!', '--yes'],
    message: /Invalid environment name "Mock!"/,
    hint: /Fix: Use a name such as --env mock/,
  },
  {
    name: 'env name with an underscore',
    args: (root) => ['destroy', '--dir', root, '--env', 'my_env', '--yes'],
    message: /Invalid environment name "my_env"/,
    hint: /--env my-env/,
  },
  {
    name: 'env without a tfvars file',
    args: (root) => ['plan', '--dir', root, '--env', 'prod'],
    message: /Environment "prod" has no variables file: .*vars\/prod\.tfvars\.json does not exist/,
    hint: /Fix: Create it with `challenge init --env prod` or use one of: mock/,
  },
  {
    name: 'no --env while the root has several',
    files: { 'vars/dev.tfvars.json': '{ "greeting": "x" }' },
    args: (root) => ['plan', '--dir', root],
    message: /No environment given and .* defines several: dev, mock/,
    hint: /Fix: Pass --env <name> \(or set CHALLENGE_ENV\)/,
  },
  {
    name: '--dir that does not exist',
    args: (root) => ['plan', '--dir', join(root, 'nope'), '--env', 'mock'],
    message: /Terraform root .*nope does not exist/,
    hint: /Fix: Pass --dir <folder containing your \.tf files>/,
  },
  {
    name: '--dir without .tf files',
    args: (root) => ['plan', '--dir', join(root, 'vars'), '--env', 'mock'],
    message: /holds no \.tf files, so it is not a Terraform root module/,
    hint: /Fix: Pass --dir/,
  },
  {
    name: 'CHALLENGE_TERRAFORM_BIN pointing nowhere',
    args: (root) => ['plan', '--dir', root, '--env', 'mock'],
    env: (root) => ({ CHALLENGE_TERRAFORM_BIN: join(root, 'no-such-dir', 'terraform') }),
    message: /CHALLENGE_TERRAFORM_BIN=\S*\/no-such-dir\/terraform is not an executable file/,
    hint: /Fix: .*Install Terraform >= 1\.10/,
  },
  {
    name: 'terraform not on PATH',
    args: (root) => ['plan', '--dir', root, '--env', 'mock'],
    env: () => ({ PATH: '/usr/bin:/bin' }),
    message: /terraform was not found on PATH/,
    hint: /Fix: Install Terraform >= 1\.10/,
  },
  {
    name: 'terraform too old',
    args: (root) => ['plan', '--dir', root, '--env', 'mock'],
    env: async () => ({
      CHALLENGE_TERRAFORM_BIN: await fakeTerraform('{"terraform_version":"1.5.7"}'),
    }),
    message: /Terraform 1\.5\.7 at .* is too old: challenge needs >= 1\.10\.0/,
    hint: /Fix: Install Terraform >= 1\.10/,
  },
  {
    name: 'terraform so old it has no version -json',
    args: (root) => ['apply', '--dir', root, '--env', 'mock', '--yes'],
    env: async () => ({
      CHALLENGE_TERRAFORM_BIN: await fakeTerraform('Terraform v0.12.31', 1),
    }),
    message: /Terraform 0\.12\.31 at .* is too old/,
    hint: /Fix: Install Terraform/,
  },
  {
    name: 'apply without --yes when not a terminal',
    args: (root) => ['apply', '--dir', root, '--env', 'mock'],
    message: /Cannot ask for confirmation: stdin is not a terminal or CI is set/,
    hint: /Fix: Pass --yes to proceed without a prompt/,
  },
];

describe('bad input: clear message and fix, non-zero exit, nothing written', () => {
  it.each(CASES)('$name', async (badCase) => {
    const root = await makeRoot({ ...SIMPLE_ROOT, ...badCase.files });
    const before = await snapshot(root);
    const result = await runCli(badCase.args(root), { env: await badCase.env?.(root) });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(badCase.message);
    expect(result.stderr).toMatch(badCase.hint);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await snapshot(root)).toEqual(before);
  });

  it('--json reports the error as JSON on stdout', async () => {
    const root = await makeRoot(SIMPLE_ROOT);
    const result = await runCli(['plan', '--dir', root, '--env', 'Mock!', '--json']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'INVALID_ENV_NAME',
        message: expect.stringContaining('Mock!'),
        hint: 'Use a name such as --env mock',
      },
    });
  });
});

describe('terraform failures', () => {
  it("a plan failure shows Terraform's error, exits 1 and leaves no plan or state", async () => {
    const root = await makeRoot({
      ...SIMPLE_ROOT,
      'broken.tf': 'resource "terraform_data" "broken" {\n  input = terraform_data.missing.id\n}\n',
    });
    const result = await runCli(['plan', '--dir', root, '--env', 'mock']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /terraform plan \(env mock\) failed:[\s\S]*Reference to undeclared resource/,
    );
    expect(result.stderr).toContain('Fix: Fix the problem Terraform reports above');
    expect(await readdir(join(root, '.terraform', 'envs', 'mock', 'plans'))).toEqual([]);
    const snap = await snapshot(root);
    expect(Object.keys(snap).filter((path) => path.endsWith('.tfstate'))).toEqual([]);
  });

  it('an apply failure exits 1 with the error, removes the plan and releases the lock', async () => {
    const root = await makeRoot({
      ...SIMPLE_ROOT,
      'fail.tf': `resource "terraform_data" "fails" {
  provisioner "local-exec" {
    command = "echo provisioning failed on purpose >&2; exit 3"
  }
}
`,
    });
    const result = await runCli(['apply', '--dir', root, '--env', 'mock', '--yes']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /terraform apply \(env mock\) failed:[\s\S]*provisioning failed on purpose/,
    );
    expect(await readdir(join(root, '.terraform', 'envs', 'mock', 'plans'))).toEqual([]);
    const snap = await snapshot(root);
    expect(Object.keys(snap).filter((path) => path.includes('.lock.info'))).toEqual([]);
    // The state is not locked: the next plan runs without force-unlock.
    const next = await runCli(['plan', '--dir', root, '--env', 'mock', '--json', '--lock-timeout', '0s']);
    expect(next.exitCode, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout).summary.replacements).toEqual(['terraform_data.fails']);
  });
});
