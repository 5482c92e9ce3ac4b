import { readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChallengeError, readVariables, type VariableSpec } from '../src/index.js';
import { removeTempRoots, tempRoot, VARIABLES_TF } from './tfvars-fixtures.js';

afterAll(removeTempRoots);

let cacheHome: string;
beforeEach(async () => {
  cacheHome = await tempRoot({});
  process.env.XDG_CACHE_HOME = cacheHome;
});

function byName(specs: VariableSpec[], name: string): VariableSpec {
  const spec = specs.find((s) => s.name === name);
  if (!spec) throw new Error(`no variable ${name}`);
  return spec;
}

describe('readVariables', () => {
  it('reads every variable block of the root, sorted by name, with types, defaults and flags', async () => {
    const root = await tempRoot({ 'variables.tf': VARIABLES_TF });
    const specs = await readVariables(root);
    expect(specs.map((s) => s.name)).toEqual([
      'app_port',
      'desired_instance_capacity',
      'ec2_key_pair_name',
      'enabled',
      'instance_type',
      'region',
      'secret',
      'settings',
      'strict',
      'subnets',
      'tags',
      'tricky',
      'untyped',
    ]);
    expect(byName(specs, 'ec2_key_pair_name')).toMatchObject({
      type: 'string',
      description: 'EC2 Key Pair',
      hasDefault: false,
      required: true,
      sensitive: false,
      nullable: true,
      file: 'variables.tf',
    });
    expect(byName(specs, 'tags')).toMatchObject({
      type: 'map(string)',
      hasDefault: true,
      required: false,
      default: { project: 'project_name', env: 'mock' },
    });
    expect(byName(specs, 'secret')).toMatchObject({ sensitive: true, default: 'correct-horse' });
    expect(byName(specs, 'strict')).toMatchObject({ nullable: false, required: true });
    expect(byName(specs, 'untyped')).toMatchObject({ type: 'any', default: 1 });
    expect(byName(specs, 'settings').type).toMatch(/^object\(\{\s+name\s+= string/);
  });

  it('reads the rules of validation conditions it understands', async () => {
    const specs = await readVariables(await tempRoot({ 'variables.tf': VARIABLES_TF }));
    expect(byName(specs, 'desired_instance_capacity').validations).toEqual([
      {
        condition: 'var.desired_instance_capacity >= 0 && var.desired_instance_capacity <= 2',
        errorMessage: 'Between 0 and 2 instances.',
        range: { min: 0, max: 2 },
      },
    ]);
    expect(byName(specs, 'app_port').validations[0]?.range).toEqual({
      min: 1023,
      minExclusive: true,
      max: 65536,
      maxExclusive: true,
    });
    expect(byName(specs, 'ec2_key_pair_name').validations[0]?.length).toEqual({ min: 1, max: 255 });
    expect(byName(specs, 'instance_type').validations[0]?.oneOf).toEqual(['t3.micro', 't3.small']);
    // HCL escapes are decoded: "\\d" in the file is the regex \d.
    expect(byName(specs, 'region').validations[0]?.pattern).toBe('^[a-z]{2}(-[a-z]+)+-\\d$');
    // Only the readable part of an && is kept; the null guard of an || is understood.
    expect(byName(specs, 'tricky').validations[0]).toMatchObject({ range: { min: -5 } });
  });

  it('keeps a condition it cannot read without rules (Terraform still checks it)', async () => {
    const root = await tempRoot({
      'main.tf': `variable "x" {
  type = number
  validation {
    condition     = var.x % 2 == 0 || var.x > 100
    error_message = "Even or large."
  }
}`,
    });
    const [spec] = await readVariables(root);
    expect(spec?.validations).toEqual([
      { condition: 'var.x % 2 == 0 || var.x > 100', errorMessage: 'Even or large.' },
    ]);
  });

  it("reads all *.tf and *.tf.json files of the root but not its modules'", async () => {
    const root = await tempRoot({
      'a.tf': 'variable "from_a" {\n  type = string\n}\n',
      'b.tf.json': JSON.stringify({ variable: { from_json: { type: 'number', default: 3 } } }),
      'modules/child/variables.tf': 'variable "from_module" {\n  type = string\n}\n',
      'notes.txt': 'variable "not_terraform" {}',
    });
    const specs = await readVariables(root);
    expect(specs.map((s) => [s.name, s.type, s.file])).toEqual([
      ['from_a', 'string', 'a.tf'],
      ['from_json', 'number', 'b.tf.json'],
    ]);
  });

  it('follows symlinked files but not folders named like .tf files', async () => {
    const shared = await tempRoot({
      'shared.tf': 'variable "shared" {}\n',
      'odd.tf/inner.tf': 'variable "inner" {}\n',
    });
    const root = await tempRoot({ 'main.tf': 'variable "own" {}\n' });
    await symlink(join(shared, 'shared.tf'), join(root, 'shared.tf'));
    await symlink(join(shared, 'odd.tf'), join(root, 'odd.tf'));
    expect((await readVariables(root)).map((s) => s.name)).toEqual(['own', 'shared']);
  });

  it('applies *_override.tf files the way Terraform merges them', async () => {
    const root = await tempRoot({
      'variables.tf': 'variable "region" {\n  type    = string\n  default = "us-east-2"\n}\n',
      'local_override.tf': 'variable "region" {\n  default = "eu-west-1"\n}\n',
    });
    const [spec] = await readVariables(root);
    expect(spec).toMatchObject({ name: 'region', type: 'string', default: 'eu-west-1' });
  });

  it('names the file of an HCL syntax error', async () => {
    const root = await tempRoot({ 'broken.tf': 'variable "x" {\n  type = \n}\n' });
    const error = await readVariables(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChallengeError);
    expect((error as ChallengeError).message).toMatch(/broken\.tf.*broken\.tf:2/s);
    expect((error as ChallengeError).hint).toContain('terraform validate');
  });

  it('rejects a variable declared twice, naming both files', async () => {
    const root = await tempRoot({ 'a.tf': 'variable "x" {}\n', 'b.tf': 'variable "x" {}\n' });
    await expect(readVariables(root)).rejects.toThrow(/"x" is declared twice, in a\.tf and b\.tf/);
  });

  it('says so when the root does not exist', async () => {
    const missing = join(await tempRoot({}), 'no-such-root');
    const error = await readVariables(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChallengeError);
    expect((error as ChallengeError).message).toContain(`${missing} does not exist`);
    expect((error as ChallengeError).hint).toContain('--dir');
  });

  it('caches parsed variables outside the root and never serves a stale copy', async () => {
    const root = await tempRoot({ 'variables.tf': 'variable "first" {}\n' });
    const before = await readdir(root);
    expect((await readVariables(root)).map((s) => s.name)).toEqual(['first']);
    const cacheDir = join(cacheHome, 'challenge', 'variables');
    const [cacheFile] = await readdir(cacheDir);
    expect(JSON.parse(await readFile(join(cacheDir, cacheFile!), 'utf8')).value[0].name).toBe('first');
    expect(await readdir(root)).toEqual(before);

    // A fresh process (no in-memory copy) reads the cache file instead of parsing.
    const cached = JSON.parse(await readFile(join(cacheDir, cacheFile!), 'utf8'));
    cached.value[0].description = 'served from the cache';
    await writeFile(join(cacheDir, cacheFile!), JSON.stringify(cached));
    vi.resetModules();
    const fresh = (await import('../src/tfvars/read-variables.js')).readVariables;
    expect((await fresh(root))[0]?.description).toBe('served from the cache');

    // Same size, same second: only the content tells the two versions apart.
    await writeFile(join(root, 'variables.tf'), 'variable "other" {}\n');
    expect((await readVariables(root)).map((s) => s.name)).toEqual(['other']);
  });

  it('works when the cache directory cannot be written', async () => {
    const root = await tempRoot({ 'variables.tf': 'variable "x" {\n  default = 1\n}\n', 'a-file': '' });
    // A regular file where the cache directory should be: mkdir fails (root ignores permission bits).
    process.env.XDG_CACHE_HOME = join(root, 'a-file');
    expect((await readVariables(root)).map((s) => s.name)).toEqual(['x']);
  });
});
