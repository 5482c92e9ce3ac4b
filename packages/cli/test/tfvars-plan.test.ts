import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { repoRoot, terraformEnv } from '@challenge/testkit';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `challenge plan` checks the env's tfvars against the root's variables before Terraform runs:
 * each bad file gets a clear message and fix, exit 1, no file changed and no terraform run (no .terraform).
 */
const cli = join(repoRoot(), 'packages', 'cli', 'bin', 'run.js');

const MAIN_TF = `
variable "app_name" {
  description = "Name of the app"
  type        = string
}

variable "replicas" {
  description = "How many copies, 0 to 2"
  type        = number
  default     = 1
  validation {
    condition     = var.replicas >= 0 && var.replicas <= 2
    error_message = "Between 0 and 2 replicas."
  }
}

variable "zones" {
  type    = list(string)
  default = ["a"]
}

variable "enabled" {
  type    = bool
  default = true
}

variable "size" {
  type    = string
  default = "small"
  validation {
    condition     = contains(["small", "large"], var.size)
    error_message = "small or large."
  }
}

resource "terraform_data" "app" {
  input = [var.app_name, var.replicas, var.zones, var.enabled, var.size]
}
`;

const created: string[] = [];
afterAll(async () => {
  await Promise.all(
    created.flatMap((dir) => [dir, `${dir}-cache`]).map((dir) => rm(dir, { recursive: true, force: true })),
  );
});

async function fixtureRoot(tfvars: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'cli-tfvars-'));
  created.push(root);
  await writeFile(join(root, 'main.tf'), MAIN_TF);
  await mkdir(join(root, 'vars'));
  await writeFile(join(root, 'vars', 'mock.tfvars.json'), tfvars);
  return root;
}

/** Every file under root with a hash of its content, so any change (or new file) shows. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    files[relative(root, path)] = entry.isFile()
      ? createHash('sha256')
          .update(await readFile(path))
          .digest('hex')
      : 'dir';
  }
  return files;
}

async function plan(root: string, ...extra: string[]) {
  return execa('node', [cli, 'plan', '--env', 'mock', '--dir', root, ...extra], {
    env: terraformEnv({
      CI: 'true',
      NO_COLOR: '1',
      XDG_CACHE_HOME: `${root}-cache`,
    }),
    reject: false,
    stdin: 'ignore',
  });
}

const CASES: Array<{ name: string; tfvars: string; expected: RegExp[] }> = [
  {
    name: 'malformed JSON',
    tfvars: '{\n  "app_name": "web"\n  "replicas": 1\n}\n',
    expected: [
      /mock\.tfvars\.json:3:3: invalid JSON: expected ',' or '}' after the value of "app_name"/,
      /Fix: .*line 3, column 3/,
    ],
  },
  {
    name: 'a file that is not an object',
    tfvars: '["app_name", "web"]',
    expected: [
      /must hold a JSON object of variable values, not an array/,
      /Fix: Write it as \{ "variable_name": value/,
    ],
  },
  {
    name: 'an unknown variable',
    tfvars: JSON.stringify({ app_name: 'web', replica: 2 }),
    expected: [
      /"replica" is not a variable of this root; did you mean "replicas"\?/,
      /Fix: Edit .*mock\.tfvars\.json/,
    ],
  },
  {
    name: 'a missing required variable',
    tfvars: JSON.stringify({ replicas: 1 }),
    expected: [/"app_name" \(Name of the app\) is required but not set; add "app_name": <a string>/],
  },
  {
    name: 'a string for a number',
    tfvars: JSON.stringify({ app_name: 'web', replicas: 'two' }),
    expected: [/"replicas": expected a number, got a string \("two"\); write a number without quotes/],
  },
  {
    name: 'a number for a bool',
    tfvars: JSON.stringify({ app_name: 'web', enabled: 1 }),
    expected: [/"enabled": expected a bool \(true or false\), got a number \(1\)/],
  },
  {
    name: 'a string for a list',
    tfvars: JSON.stringify({ app_name: 'web', zones: 'a' }),
    expected: [
      /"zones": expected a list \(JSON array\) of strings, got a string \("a"\); write it as an array: \["a"\]/,
    ],
  },
  {
    name: 'an out-of-range number',
    tfvars: JSON.stringify({ app_name: 'web', replicas: 5 }),
    expected: [
      /"replicas": 5 is out of range: must be between 0 and 2 \(validation: "Between 0 and 2 replicas\."\)/,
    ],
  },
  {
    name: 'a value not in the allowed list',
    tfvars: JSON.stringify({ app_name: 'web', size: 'huge' }),
    expected: [/"size": "huge" is not one of "small", "large"/],
  },
  {
    name: 'several problems at once',
    tfvars: JSON.stringify({ replicas: 9, zones: 'a', colour: 'red' }, null, 2),
    expected: [
      /has 4 problems/,
      /line 2: "replicas"/,
      /line 3: "zones"/,
      /line 4: "colour"/,
      /"app_name" .* is required/,
    ],
  },
];

describe('challenge plan rejects bad tfvars before Terraform runs', () => {
  it.each(CASES)('$name', async ({ tfvars, expected }) => {
    const root = await fixtureRoot(tfvars);
    const before = await snapshot(root);
    const result = await plan(root);
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/^Error: /);
    for (const pattern of expected) expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at .*\.js:\d+/); // no stack trace
    expect(await snapshot(root)).toEqual(before);
    expect(existsSync(join(root, '.terraform'))).toBe(false);
  });

  it.each(['apply', 'destroy'])('%s --yes checks the file the same way', async (command) => {
    const root = await fixtureRoot(JSON.stringify({ app_name: 'web', replicas: 3 }));
    const before = await snapshot(root);
    const result = await execa('node', [cli, command, '--yes', '--env', 'mock', '--dir', root], {
      env: terraformEnv({ CI: 'true', NO_COLOR: '1', XDG_CACHE_HOME: `${root}-cache` }),
      reject: false,
      stdin: 'ignore',
    });
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/"replicas": 3 is out of range: must be between 0 and 2/);
    expect(await snapshot(root)).toEqual(before);
    expect(existsSync(join(root, '.terraform'))).toBe(false);
  });

  it('lets a valid file through to Terraform (the control for the cases above)', async () => {
    const root = await fixtureRoot(JSON.stringify({ app_name: 'web', replicas: '2', zones: ['a', 'b'] }));
    const result = await plan(root);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(existsSync(join(root, '.terraform'))).toBe(true);
  });

  it('names the missing tfvars file and the init command', async () => {
    const root = await fixtureRoot('{}');
    await writeFile(join(root, 'vars', 'dev.tfvars.json'), JSON.stringify({ app_name: 'web' }));
    const before = await snapshot(root);
    const result = await execa('node', [cli, 'plan', '--env', 'qa', '--dir', root], {
      env: terraformEnv({ CI: 'true', NO_COLOR: '1' }),
      reject: false,
      stdin: 'ignore',
    });
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/vars\/qa\.tfvars\.json/);
    expect(result.stderr).toContain('challenge init --env qa');
    expect(await snapshot(root)).toEqual(before);
    expect(existsSync(join(root, '.terraform'))).toBe(false);
  });

  it('gives the problems as JSON with --json', async () => {
    const root = await fixtureRoot(JSON.stringify({ app_name: 'web', replicas: 'two' }));
    const result = await plan(root, '--json');
    expect(result.exitCode).toBe(1);
    const output = JSON.parse(result.stdout) as { error: { code: string; message: string; hint: string } };
    expect(output.error.code).toBe('TFVARS_INVALID');
    expect(output.error.message).toContain('"replicas": expected a number');
    expect(output.error.hint).toContain('mock.tfvars.json');
    expect(existsSync(join(root, '.terraform'))).toBe(false);
  });
});
