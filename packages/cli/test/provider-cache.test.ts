import { existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEnvironment, terraformProcessEnv } from '@challenge/infra';
import { terraformEnv } from '@challenge/testkit';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { makeRoot, runCli, SIMPLE_ROOT } from './helpers/cli.js';

const AWS_ROOT = {
  'main.tf': `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}

variable "greeting" {
  description = "What to say"
  type        = string
}

resource "terraform_data" "hello" {
  input = var.greeting
}
`,
  'backend.tf': 'terraform {\n  backend "local" {}\n}\n',
  'vars/a.tfvars.json': '{ "greeting": "a" }\n',
  'vars/b.tfvars.json': '{ "greeting": "b" }\n',
};

describe('one provider cache for every env', () => {
  it("a second env's first plan links hashicorp/aws from the user's cache", async () => {
    const root = await makeRoot(AWS_ROOT);
    const cache = mkdtempSync(join(tmpdir(), 'user-cache-'));
    const pluginCache = join(cache, 'challenge', 'terraform-plugins');
    mkdirSync(pluginCache, { recursive: true });
    const env = await resolveEnvironment({ dir: root, env: 'b' });
    expect(terraformProcessEnv(env, { XDG_CACHE_HOME: cache })['TF_PLUGIN_CACHE_DIR']).toBe(pluginCache);
    // A cache the user chose is theirs.
    const own = join(cache, 'own');
    expect(
      terraformProcessEnv(env, { XDG_CACHE_HOME: cache, TF_PLUGIN_CACHE_DIR: own })['TF_PLUGIN_CACHE_DIR'],
    ).toBe(own);

    // Env a installed the provider earlier (a raw init with the same cache: cheaper than a second CLI plan,
    // which loads the 700 MB provider's schema); env b's first plan goes through the CLI.
    await execa('terraform', ['init', '-input=false', '-backend=false'], {
      cwd: root,
      env: terraformEnv({
        TF_DATA_DIR: join(root, '.terraform', 'envs', 'a'),
        TF_PLUGIN_CACHE_DIR: pluginCache,
      }),
    });
    const plan = await runCli(['plan', '--dir', root, '--env', 'b', '--skip-preflight'], {
      env: { XDG_CACHE_HOME: cache, AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' },
    });
    expect(plan.exitCode, plan.stderr).toBe(0);
    const provider = join(
      root,
      '.terraform',
      'envs',
      'b',
      'providers',
      'registry.terraform.io',
      'hashicorp',
      'aws',
      '5.100.0',
      'linux_amd64',
    );
    expect(lstatSync(provider).isSymbolicLink()).toBe(true);
    expect(readlinkSync(provider)).toBe(
      join(pluginCache, 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', 'linux_amd64'),
    );
  }, 120_000);

  it('a HOME that does not exist is never created: caches are skipped, the command works', async () => {
    const root = await makeRoot(SIMPLE_ROOT);
    const home = join(mkdtempSync(join(tmpdir(), 'no-home-')), 'home');
    const plan = await runCli(['plan', '--dir', root, '--env', 'mock'], {
      env: { HOME: home, XDG_CACHE_HOME: '' },
    });
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect(existsSync(home)).toBe(false);
    const env = await resolveEnvironment({ dir: root, env: 'mock' });
    expect(terraformProcessEnv(env, { HOME: home })['TF_PLUGIN_CACHE_DIR']).toBeUndefined();
  }, 60_000);
});
