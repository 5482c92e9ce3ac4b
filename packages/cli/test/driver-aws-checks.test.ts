import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  codeCommitHandler,
  ec2KeyPairs,
  type FakeAws,
  imdsHandler,
  s3Buckets,
  startFakeAws,
  stsHandler,
} from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRoot, runCli, snapshot, unwrapped } from './helpers/cli.js';

/** Like the real stack: a region variable (default us-east-2), a key pair and an artifact bucket. */
const STACK = {
  'variables.tf': `
variable "region" {
  description = "AWS region"
  type        = string
  default     = "us-east-2"
}

variable "ec2_key_pair_name" {
  description = "EC2 key pair"
  type        = string
}
`,
  'main.tf': 'resource "terraform_data" "marker" {\n  input = [var.region, var.ec2_key_pair_name]\n}\n',
  'vars/mock.tfvars.json': '{ "region": "us-east-2", "ec2_key_pair_name": "laptop" }\n',
  '.challenge/mock.json': '{ "awsProfile": "dev" }\n',
};

let fake: FakeAws;
let closed: FakeAws;
let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'aws-checks-home-'));
  // Profile dev's own region is us-east-1: only the tfvars say where the stack goes.
  await writeFile(
    join(home, 'config'),
    '[profile dev]\nregion = us-east-1\n\n[profile empty]\nregion = us-east-1\n',
  );
  await writeFile(
    join(home, 'credentials'),
    '[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n',
  );
  const handlers = {
    sts: stsHandler(),
    // The key pair "laptop" exists only in us-east-1; "east2" only in us-east-2.
    ec2: ec2KeyPairs({ keyPairs: { 'us-east-1': [{ name: 'laptop' }], 'us-east-2': [{ name: 'east2' }] } })
      .handler,
    s3: s3Buckets({ buckets: [] }).handler,
  };
  fake = await startFakeAws({
    handlers: { ...handlers, codecommit: codeCommitHandler({ repositories: {} }) },
    instanceMetadata: imdsHandler(),
  });
  closed = await startFakeAws({
    handlers: { ...handlers, codecommit: codeCommitHandler({ notAllowed: true }) },
    instanceMetadata: imdsHandler(),
  });
  env = {
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_ENDPOINT_URL: fake.url,
    AWS_EC2_METADATA_SERVICE_ENDPOINT: fake.url,
    AWS_PROFILE: '',
    AWS_REGION: '',
    AWS_DEFAULT_REGION: '',
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_SESSION_TOKEN: '',
  };
});
afterAll(async () => {
  await fake.close();
  await closed.close();
});

async function refused(root: string, args: string[], extra: NodeJS.ProcessEnv = {}) {
  const before = await snapshot(root);
  const result = await runCli([...args, '--dir', root, '--env', 'mock'], { env: { ...env, ...extra } });
  expect(result.exitCode, result.stderr).toBe(1);
  expect(existsSync(join(root, '.terraform')), 'terraform ran').toBe(false);
  expect(await snapshot(root)).toEqual(before);
  return { ...result, stderr: unwrapped(result.stderr), stdout: unwrapped(result.stdout) };
}

describe('the region of every AWS check is the region Terraform deploys to', () => {
  it('a key pair that exists only in us-east-1 fails preflight for a us-east-2 stack, before Terraform', async () => {
    const root = await makeRoot(STACK);
    const result = await refused(root, ['plan']);
    expect(result.stderr).toContain(
      '✗ key pair         EC2 key pair "laptop" does not exist in us-east-2, the region Terraform deploys env mock to (vars/mock.tfvars.json ("region")); it exists in us-east-1, but key pairs are per region.',
    );
    expect(result.stderr).toContain('✓ region           us-east-2 (vars/mock.tfvars.json ("region"))');
    expect(result.stderr).toContain('Error: AWS preflight failed: key pair (see above).\n');
    expect(result.stderr).toContain(
      'Fix: Import your public key there: `challenge init --env mock --key-pair laptop --import-public-key ~/.ssh/id_ed25519.pub`',
    );
    const regions = fake.calls('ec2', 'DescribeKeyPairs').map((call) => call.region);
    expect(regions).toContain('us-east-2');
  });

  it('apply refuses the same way; doctor says where the region came from (the variable default here)', async () => {
    const root = await makeRoot({ ...STACK, 'vars/mock.tfvars.json': '{ "ec2_key_pair_name": "laptop" }\n' });
    const apply = await refused(root, ['apply', '--yes']);
    expect(apply.stderr).toMatch(/✗ key pair\s+EC2 key pair "laptop" does not exist in us-east-2/);
    const doctor = await refused(root, ['doctor']);
    expect(doctor.stdout).toContain(
      '✓ region           us-east-2 (default of variable "region" (variables.tf))',
    );
    expect(doctor.stdout).toContain(
      '✓ aws profile      AWS profile "dev" (saved for env mock in .challenge/mock.json)',
    );
  });

  it('settings that name another region than the tfvars are a failed check naming both and the fix', async () => {
    const root = await makeRoot({
      ...STACK,
      'vars/mock.tfvars.json': '{ "region": "us-east-2", "ec2_key_pair_name": "east2" }\n',
      '.challenge/mock.json': '{ "awsProfile": "dev", "region": "us-east-1" }\n',
    });
    const result = await refused(root, ['plan']);
    expect(result.stderr).toContain(
      '✗ region           Terraform deploys env mock to us-east-2 (vars/mock.tfvars.json ("region")), but your settings for it say us-east-1 (.challenge/mock.json).',
    );
    expect(result.stderr).toContain('✓ key pair         east2 in us-east-2');
    expect(result.stderr).toContain(
      'Fix: Keep one region: `challenge init --env mock --region us-east-2` updates your settings, or set "region" to us-east-1 in vars/mock.tfvars.json to deploy there.',
    );
  });

  it('without a region variable, Terraform is given the region the checks used (saved settings)', async () => {
    const root = await makeRoot({
      'main.tf': `
variable "ec2_key_pair_name" {
  description = "EC2 key pair"
  type        = string
}

resource "terraform_data" "region" {
  provisioner "local-exec" {
    command = "printf '%s' \\"$AWS_REGION\\" > region.txt"
  }
}
`,
      'vars/mock.tfvars.json': '{ "ec2_key_pair_name": "east2" }\n',
      '.challenge/mock.json': '{ "awsProfile": "dev", "region": "us-east-2" }\n',
    });
    const result = await runCli(['apply', '--dir', root, '--env', 'mock', '--yes'], {
      env: { ...env, AWS_REGION: 'eu-west-1' },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    // Every check passed: one line for all of them (doctor lists each).
    expect(unwrapped(result.stderr)).toMatch(
      /^✓ AWS preflight: \d+ checks passed \(.*region.*key pair.*\)$/m,
    );
    expect(result.stderr).not.toContain('✓ key pair');
    expect(await readFile(join(root, 'region.txt'), 'utf8')).toBe('us-east-2');
  });
});

describe('no AWS credentials: one root cause, one message', () => {
  const unsaved = { ...STACK, '.challenge/mock.json': '{}\n' };

  it('plan reports the credentials once, skips the checks that need them and names fixes that exist', async () => {
    const root = await makeRoot(unsaved);
    const result = await refused(root, ['plan']);
    const lines = result.stderr.split('\n');
    expect(lines.filter((line) => line.startsWith('✗'))).toEqual([
      expect.stringMatching(
        /^✗ credentials\s+No AWS credentials: the default AWS credential chain found none/,
      ),
    ]);
    expect(
      lines.filter((line) => line.startsWith('–')).map((line) => line.split(/\s+/).slice(1, 3).join(' ')),
    ).toEqual(['region us-east-2', 'key pair']);
    // The region is not checked against AWS, but where it comes from is said: often the cause.
    expect(unwrapped(result.stderr)).toContain(
      '– region           us-east-2 (vars/mock.tfvars.json ("region")); not checked: needs working AWS credentials',
    );
    const summary = lines.find((line) => line.startsWith('Error:'));
    expect(summary).toBe('Error: AWS preflight failed: credentials (see above).');
    expect(result.stderr).toContain(
      'Fix: Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile <name> (profiles: dev, empty), or save one with `challenge init --env mock --profile <name>`.',
    );
    expect(result.stderr.match(/No AWS credentials/g)).toHaveLength(1);
  });

  it('--json: one error object with the same cause and fix', async () => {
    const root = await makeRoot(unsaved);
    const result = await refused(root, ['apply', '--yes', '--json']);
    const { error } = JSON.parse(result.stdout);
    expect(Object.keys(error).sort()).toEqual(['code', 'hint', 'message']);
    expect(error.code).toBe('PREFLIGHT_FAILED');
    expect(error.message).toMatch(/^AWS preflight failed: credentials: No AWS credentials/);
    expect(error.hint).toContain('--profile <name>');
  });

  it('a --profile without credentials is named as the one used', async () => {
    const root = await makeRoot(unsaved);
    const result = await refused(root, ['plan', '--profile', 'empty']);
    expect(result.stderr).toMatch(
      /✗ credentials\s+No AWS credentials in AWS profile "empty" \(--profile\)\./,
    );
    expect(result.stderr).toContain('Fix: Configure it (`aws configure --profile empty`');
  });

  it('doctor says which profile is used: --profile, then AWS_PROFILE', async () => {
    const root = await makeRoot({
      ...unsaved,
      'vars/mock.tfvars.json': '{ "ec2_key_pair_name": "east2" }\n',
    });
    const viaFlag = await refused(root, ['doctor', '--profile', 'dev']);
    expect(viaFlag.stdout).toContain('✓ aws profile      AWS profile "dev" (--profile)');
    expect(viaFlag.stdout).toMatch(
      /✓ credentials\s+account 123456789012 \(.*\) via AWS profile "dev" \(--profile\)/,
    );
    const viaShell = await refused(root, ['doctor'], { AWS_PROFILE: 'dev' });
    expect(viaShell.stdout).toContain('✓ aws profile      AWS profile "dev" (AWS_PROFILE)');
    expect(viaShell.stdout).toContain('✓ key pair         east2 in us-east-2');
  });
});

describe('CodeCommit (roots that declare an aws_codecommit_repository)', () => {
  const withRepository = {
    ...STACK,
    'vars/mock.tfvars.json': '{ "ec2_key_pair_name": "east2" }\n',
    'pipeline.tf': 'resource "aws_codecommit_repository" "app" {\n  repository_name = "app"\n}\n',
  };

  it('an account CodeCommit is closed to fails doctor and preflight with the explanation, before Terraform', async () => {
    const root = await makeRoot(withRepository);
    const doctor = await refused(root, ['doctor'], { AWS_ENDPOINT_URL: closed.url });
    expect(doctor.stdout).toMatch(
      /✗ codecommit\s+CodeCommit is closed to this AWS account in us-east-2 \(OperationNotAllowedException\): AWS lets only accounts \(or organizations\) that already had a CodeCommit repository use it/,
    );
    expect(doctor.stdout).toContain(
      'Fix: Deploy env mock into an account that already has a CodeCommit repository',
    );
    const plan = await refused(root, ['plan'], { AWS_ENDPOINT_URL: closed.url });
    expect(plan.stderr).toContain('Error: AWS preflight failed: codecommit (see above).');
    expect(closed.calls('codecommit', 'ListRepositories').map((call) => call.region)).toContain('us-east-2');
  });

  it('zero repositories is "unknown, probably closed": doctor and plan say so before anything is created; plan refuses without --codecommit-unverified', async () => {
    const root = await makeRoot(withRepository);
    const doctor = await refused(root, ['doctor']);
    expect(doctor.stdout).toContain(
      '✗ codecommit       CodeCommit is unknown, probably closed to this account: us-east-2 has no CodeCommit repository, and since July 2024 AWS lets only accounts (or organizations) that already have one create repositories.',
    );
    const plan = await refused(root, ['plan']);
    expect(plan.stderr).toContain(
      '✗ codecommit       CodeCommit is unknown, probably closed to this account',
    );
    expect(plan.stderr).toContain('Error: AWS preflight failed: codecommit (see above).');
    expect(plan.stderr).toContain('pass --codecommit-unverified to plan/apply anyway');
    const apply = await refused(root, ['apply', '--yes']);
    expect(apply.stderr).toContain('Error: AWS preflight failed: codecommit (see above).');
  });

  it('--codecommit-unverified goes on, saying CodeCommit is unverified; an account with a repository passes', async () => {
    const root = await makeRoot(withRepository);
    const plan = await runCli(['plan', '--codecommit-unverified', '--dir', root, '--env', 'mock'], { env });
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect(unwrapped(plan.stderr)).toMatch(/^✓ AWS preflight: \d+ checks passed \(.*codecommit.*\)$/m);
    const open = await startFakeAws({
      handlers: {
        sts: stsHandler(),
        ec2: ec2KeyPairs({ keyPairs: { 'us-east-2': [{ name: 'east2' }] } }).handler,
        codecommit: codeCommitHandler({ repositories: { 'us-east-2': ['legacy'] } }),
      },
      instanceMetadata: imdsHandler(),
    });
    try {
      // exits 1 only for the workspace (a fresh root, never initialised)
      const doctor = await refused(await makeRoot(withRepository), ['doctor'], {
        AWS_ENDPOINT_URL: open.url,
      });
      expect(doctor.stdout).toContain('✓ codecommit       usable in us-east-2 (1 repository)');
    } finally {
      await open.close();
    }
  });
});
