import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type FakeAws,
  type FakeParameterStore,
  ssmParameterStore,
  startFakeAws,
  stsHandler,
} from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsEnv, makeRoot, runCli } from './helpers/cli.js';

/**
 * `challenge drift` against real Terraform and the hashicorp/aws provider, whose SSM calls go to the
 * testkit's Parameter Store fake (AWS_ENDPOINT_URL): a test changes a parameter there "outside
 * Terraform" and drift must name it and the attributes that changed.
 */
const SSM_ROOT = {
  'main.tf': `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}

# Every call goes to the loopback fake (AWS_ENDPOINT_URL); no account, STS or metadata lookups.
provider "aws" {
  region                      = "eu-west-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

resource "aws_ssm_parameter" "greeting" {
  name           = "/challenge/mock/greeting"
  type           = "String"
  insecure_value = "hello"
  tags           = { Project = "challenge" }
}

resource "aws_ssm_parameter" "token" {
  name  = "/challenge/mock/token"
  type  = "SecureString"
  value = "s3cret-token"
}
`,
  'vars/mock.tfvars.json': '{}\n',
};

const GREETING = '/challenge/mock/greeting';
const TOKEN = '/challenge/mock/token';

let fake: FakeAws;
let store: FakeParameterStore;
let root: string;

const cli = (...args: string[]) =>
  runCli([...args, '--dir', root, '--env', 'mock'], {
    env: { ...fakeAwsEnv(fake.url, 'AKIDDRIFT'), AWS_REGION: 'eu-west-1' },
  });

async function stateDigest(): Promise<string> {
  const state = await readFile(join(root, 'terraform.tfstate.d', 'mock', 'terraform.tfstate'));
  return createHash('sha256').update(state).digest('hex');
}

async function expectApplied(): Promise<void> {
  const applied = await cli('apply', '--yes', '--skip-preflight');
  expect(applied.exitCode, applied.stderr).toBe(0);
}

beforeAll(async () => {
  store = ssmParameterStore();
  fake = await startFakeAws({ handlers: { ssm: store.handler, sts: stsHandler() } });
  root = await makeRoot(SSM_ROOT);
  await expectApplied();
  expect(store.parameters.get(GREETING)?.value).toBe('hello');
}, 240_000);

afterAll(async () => {
  await fake?.close();
});

describe.sequential('challenge drift', () => {
  it('exits 0 when every resource matches its recorded state, and status shows the check', async () => {
    const clean = await cli('drift');
    expect(clean.exitCode, clean.stderr).toBe(0);
    expect(clean.stdout).toBe('No drift: 2 resources of env mock match their recorded state.');

    const json = await cli('drift', '--json');
    expect(json.exitCode, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      env: 'mock',
      drifted: [],
      resources: 2,
      checkedAt: expect.any(String),
    });

    const status = await cli('status');
    expect(status.stdout).toMatch(/^drift: none \(checked \d+ s ago\)$/m);
  });

  it('exits 2 naming each changed parameter and attribute, the secret masked, the state untouched', async () => {
    const before = await stateDigest();
    store.change(GREETING, 'changed by hand');
    store.change(TOKEN, 'rotated-token');

    const result = await cli('drift');
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stdout).toContain(
      [
        'Drift in env mock: 2 of 2 resources changed outside Terraform.',
        '  ~ aws_ssm_parameter.greeting',
        '      insecure_value: "hello" -> "changed by hand"',
        '      version: 1 -> 2',
        '  ~ aws_ssm_parameter.token',
        '      value: (sensitive) -> (sensitive)',
        '      version: 1 -> 2',
      ].join('\n'),
    );
    expect(result.stdout).toContain('`challenge apply --env mock` puts back what the configuration says');
    for (const secret of ['s3cret-token', 'rotated-token']) {
      expect(result.stdout + result.stderr).not.toContain(secret);
    }

    const json = await cli('drift', '--json');
    expect(json.exitCode, json.stderr).toBe(2);
    const report = JSON.parse(json.stdout);
    expect(report).toEqual({
      env: 'mock',
      resources: 2,
      checkedAt: expect.any(String),
      drifted: [
        {
          address: 'aws_ssm_parameter.greeting',
          type: 'aws_ssm_parameter',
          name: 'greeting',
          action: 'update',
          attributes: [
            { path: 'insecure_value', before: 'hello', after: 'changed by hand', sensitive: false },
            { path: 'version', before: 1, after: 2, sensitive: false },
          ],
        },
        {
          address: 'aws_ssm_parameter.token',
          type: 'aws_ssm_parameter',
          name: 'token',
          action: 'update',
          attributes: [
            { path: 'value', before: null, after: null, sensitive: true },
            { path: 'version', before: 1, after: 2, sensitive: false },
          ],
        },
      ],
    });
    expect(json.stdout).not.toContain('rotated-token');

    // A refresh-only plan records nothing, and its plan file (real values in clear) is gone.
    expect(await stateDigest()).toBe(before);
    expect(await readdir(join(root, '.terraform', 'envs', 'mock', 'plans'))).toEqual([]);
    expect(store.parameters.get(TOKEN)?.value).toBe('rotated-token');

    const status = await cli('status');
    expect(status.stdout).toMatch(
      /^drift: 2 resources \(checked \d+ s ago; run `challenge drift --env mock`\)$/m,
    );
    const statusJson = JSON.parse((await cli('status', '--json')).stdout);
    expect(statusJson.drift).toEqual({
      checkedAt: report.checkedAt,
      resources: 2,
      drifted: ['aws_ssm_parameter.greeting', 'aws_ssm_parameter.token'],
    });
  });

  it('an apply puts the values back and clears the drift line of status', async () => {
    await expectApplied();
    expect(store.parameters.get(TOKEN)?.value).toBe('s3cret-token');
    const status = await cli('status', '--json');
    expect(JSON.parse(status.stdout).drift).toBeNull();
    expect((await cli('status')).stdout).not.toMatch(/^drift:/m);

    const clean = await cli('drift');
    expect(clean.exitCode, clean.stderr).toBe(0);
    expect(clean.stdout).toContain('No drift: 2 resources');
  });

  it('names a resource deleted outside Terraform', async () => {
    store.parameters.delete(GREETING);
    const result = await cli('drift');
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stdout).toContain('Drift in env mock: 1 of 2 resources changed outside Terraform.');
    expect(result.stdout).toContain('  - aws_ssm_parameter.greeting: deleted outside Terraform');
    expect(result.stdout).not.toContain('aws_ssm_parameter.token');
  });
});

describe('challenge drift on an env that cannot be checked', () => {
  it('an env never applied: nothing is deployed yet, the fix names apply (also when its plan cannot run)', async () => {
    const simple = await makeRoot({
      'main.tf': 'resource "terraform_data" "marker" {\n  input = "x"\n}\n',
      'vars/mock.tfvars.json': '{}\n',
    });
    // Like the real stack on an empty state: an index into a resource list that has nothing yet.
    const failing = await makeRoot({
      'main.tf':
        'resource "terraform_data" "marker" {\n  count = 0\n  input = "x"\n}\n\noutput "first" {\n  value = terraform_data.marker[0].id\n}\n',
      'vars/mock.tfvars.json': '{}\n',
    });
    for (const dir of [simple, failing]) {
      const result = await runCli(['drift', '--dir', dir, '--env', 'mock']);
      expect(result.exitCode, dir).toBe(1);
      expect(result.stderr).toContain(
        'Error: Env mock has nothing deployed yet: its state holds no resources to compare.\nFix: Run `challenge apply --env mock` first; drift then compares what it created with AWS.',
      );
      expect(result.stderr).not.toMatch(/Invalid index|reports above/);
      expect(result.stdout).not.toMatch(/Invalid index/);
    }
    const json = await runCli(['drift', '--dir', simple, '--env', 'mock', '--json']);
    expect(JSON.parse(json.stdout).error.code).toBe('NOTHING_DEPLOYED');
  });

  it('an env never initialised: exit 1, the fix names challenge init --env, Terraform never runs', async () => {
    const s3Root = await makeRoot({
      'versions.tf': 'terraform {\n  backend "s3" {}\n}\n',
      'main.tf': 'resource "terraform_data" "marker" {\n  input = "x"\n}\n',
      'vars/dev.tfvars.json': '{}\n',
    });
    const result = await runCli(['drift', '--dir', s3Root, '--env', 'dev', '--json']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'ENV_NOT_INITIALIZED',
        message: expect.stringContaining('backends/dev.s3.tfbackend'),
        hint: 'Run `challenge init --env dev` to choose the state bucket and write it.',
      },
    });
    const human = await runCli(['drift', '--dir', s3Root, '--env', 'dev']);
    expect(human.exitCode).toBe(1);
    expect(human.stderr).toContain('Fix: Run `challenge init --env dev`');
    expect(existsSync(join(s3Root, '.terraform'))).toBe(false);
  });
});
