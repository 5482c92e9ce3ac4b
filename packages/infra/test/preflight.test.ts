import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveEnvironment, resolveRegion } from '../src/environment/index.js';
import { renderBackendFile } from '../src/init/backend-file.js';
import { assertPreflight, runAwsPreflight } from '../src/preflight/index.js';
import { type FakeAwsEnv, fakeAwsEnv } from './aws-fake-env.js';

let env: FakeAwsEnv | undefined;
let root: string | undefined;
afterEach(async () => {
  await env?.restore();
  env = undefined;
  if (root) rmSync(root, { recursive: true, force: true });
});

function makeEnvRoot(
  tfvars: Record<string, unknown>,
  backendBucket?: string,
  options: { tf?: string; settings?: Record<string, string> } = {},
): string {
  root = mkdtempSync(join(tmpdir(), 'preflight-'));
  mkdirSync(join(root, 'vars'));
  mkdirSync(join(root, '.challenge'));
  writeFileSync(join(root, 'main.tf'), options.tf ?? '');
  writeFileSync(join(root, 'vars', 'mock.tfvars.json'), JSON.stringify(tfvars));
  writeFileSync(
    join(root, '.challenge', 'mock.json'),
    JSON.stringify(options.settings ?? { awsProfile: 'dev', region: 'eu-west-1' }),
  );
  if (backendBucket) {
    mkdirSync(join(root, 'backends'));
    writeFileSync(
      join(root, 'backends', 'mock.s3.tfbackend'),
      renderBackendFile({ bucket: backendBucket, key: 'k', region: 'eu-west-1' }),
    );
  }
  return root;
}

describe('runAwsPreflight', () => {
  it('checks nothing for an env that uses no AWS resources', async () => {
    env = await fakeAwsEnv();
    const dir = makeEnvRoot({ greeting: 'hi' });
    expect(await runAwsPreflight(await resolveEnvironment({ dir, env: 'mock' }))).toEqual([]);
    expect(env.fake.requests).toHaveLength(0);
  });

  it('passes five checks for a complete env, sending the calls at once', async () => {
    env = await fakeAwsEnv({
      keyPairs: { 'eu-west-1': [{ name: 'laptop' }] },
      buckets: [
        { name: 'state', region: 'eu-west-1', versioning: 'Enabled', encryption: 'AES256' },
        { name: 'artifacts', region: 'eu-west-1' },
      ],
    });
    const dir = makeEnvRoot({ ec2_key_pair_name: 'laptop', artifact_store: 'artifacts' }, 'state');
    const results = await runAwsPreflight(await resolveEnvironment({ dir, env: 'mock' }));
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['credentials', true],
      ['region', true],
      ['key pair', true],
      ['state bucket', true],
      ['artifact bucket', true],
    ]);
    expect(() => assertPreflight(results)).not.toThrow();
  });

  it('reports each failure with its fix: missing key pair, unversioned state bucket, missing artifact bucket', async () => {
    env = await fakeAwsEnv({ buckets: [{ name: 'state', region: 'eu-west-1', encryption: 'AES256' }] });
    const dir = makeEnvRoot({ ec2_key_pair_name: 'laptop', artifact_store: 'artifacts' }, 'state');
    const results = await runAwsPreflight(await resolveEnvironment({ dir, env: 'mock' }));
    const failed = Object.fromEntries(results.filter((r) => !r.ok).map((r) => [r.name, r]));
    expect(Object.keys(failed).sort()).toEqual(['artifact bucket', 'key pair', 'state bucket']);
    expect(failed['key pair']?.detail).toBe(
      'EC2 key pair "laptop" does not exist in eu-west-1, the region Terraform deploys env mock to (.challenge/mock.json).',
    );
    expect(failed['key pair']?.hint).toContain(
      'challenge init --env mock --key-pair laptop --import-public-key',
    );
    expect(failed['state bucket']?.hint).toContain('put-bucket-versioning --bucket state');
    expect(failed['artifact bucket']?.detail).toContain('"artifacts" does not exist');
    expect(() => assertPreflight(results)).toThrow(/AWS preflight failed: .*key pair/);
    expect(() => assertPreflight(results, { detailsShown: true })).toThrow(
      /^AWS preflight failed: key pair, state bucket, artifact bucket \(see above\)\.$/,
    );
  });
});

const REGION_VARIABLE = 'variable "region" {\n  type    = string\n  default = "us-east-2"\n}\n';

describe('the region of every AWS check is the one Terraform uses', () => {
  it('the tfvars region wins over settings: a key pair only in the settings region fails, and says where it is', async () => {
    env = await fakeAwsEnv({ keyPairs: { 'eu-west-1': [{ name: 'laptop' }] } });
    const dir = makeEnvRoot({ ec2_key_pair_name: 'laptop', region: 'us-east-2' }, undefined, {
      tf: REGION_VARIABLE,
      settings: { awsProfile: 'dev' },
    });
    const results = await runAwsPreflight(await resolveEnvironment({ dir, env: 'mock' }));
    const keyPair = results.find((r) => r.name === 'key pair');
    expect(keyPair).toMatchObject({ ok: false });
    expect(keyPair?.detail).toBe(
      'EC2 key pair "laptop" does not exist in us-east-2, the region Terraform deploys env mock to (vars/mock.tfvars.json ("region")); it exists in eu-west-1, but key pairs are per region.',
    );
    expect(results.find((r) => r.name === 'region')?.detail).toBe(
      'us-east-2 (vars/mock.tfvars.json ("region"))',
    );
    // Asked in the stack's region; then in the profile's region (eu-west-1), only to say where it is.
    expect(env.fake.calls('ec2', 'DescribeKeyPairs').map((call) => call.region)).toEqual([
      'us-east-2',
      'eu-west-1',
    ]);
  });

  it('an unreadable tfvars: the region and what it names are "not checked", never the default as if set', async () => {
    env = await fakeAwsEnv({
      buckets: [{ name: 'state', region: 'eu-west-1', versioning: 'Enabled', encryption: 'AES256' }],
    });
    const dir = makeEnvRoot({}, 'state', { tf: REGION_VARIABLE });
    writeFileSync(join(dir, 'vars', 'mock.tfvars.json'), '{ "region": "eu-west-1", ');
    const results = await runAwsPreflight(await resolveEnvironment({ dir, env: 'mock' }), { always: true });
    const why = 'not checked: vars/mock.tfvars.json cannot be read (see the tfvars check)';
    for (const name of ['region', 'key pair', 'artifact bucket']) {
      expect(
        results.find((r) => r.name === name),
        name,
      ).toEqual({ name, ok: false, skipped: true, detail: why });
    }
    expect(results.find((r) => r.name === 'credentials')?.ok).toBe(true);
    expect(results.map((r) => r.detail).join('\n')).not.toContain('us-east-2');
  });

  it("uses the variable's default when the tfvars omit it, and fails when settings disagree", async () => {
    env = await fakeAwsEnv({
      keyPairs: { 'us-east-2': [{ name: 'laptop' }], 'eu-west-1': [{ name: 'laptop' }] },
    });
    const dir = makeEnvRoot({ ec2_key_pair_name: 'laptop' }, undefined, { tf: REGION_VARIABLE });
    const environment = await resolveEnvironment({ dir, env: 'mock' });
    expect(await resolveRegion(environment)).toMatchObject({
      region: 'us-east-2',
      source: 'variable default',
    });
    const results = await runAwsPreflight(environment);
    expect(results.find((r) => r.name === 'key pair')).toMatchObject({
      ok: true,
      detail: 'laptop in us-east-2',
    });
    const region = results.find((r) => r.name === 'region');
    expect(region?.ok).toBe(false);
    expect(region?.detail).toContain('deploys env mock to us-east-2');
    expect(region?.detail).toContain('your settings for it say eu-west-1');
    expect(region?.hint).toContain('challenge init --env mock --region us-east-2');
  });

  it('without a region variable: settings, then the profile, then AWS_REGION, then AWS_DEFAULT_REGION', async () => {
    env = await fakeAwsEnv();
    const dir = makeEnvRoot({}, undefined, { settings: { region: 'ap-southeast-2', awsProfile: 'dev' } });
    const regionOf = async (settings: Record<string, string>) => {
      writeFileSync(join(dir, '.challenge', 'mock.json'), JSON.stringify(settings));
      return resolveRegion(await resolveEnvironment({ dir, env: 'mock' }));
    };
    process.env['AWS_REGION'] = 'us-west-2';
    process.env['AWS_DEFAULT_REGION'] = 'eu-central-1';
    expect(await regionOf({ region: 'ap-southeast-2', awsProfile: 'dev' })).toMatchObject({
      region: 'ap-southeast-2',
      source: 'settings',
    });
    expect(await regionOf({ awsProfile: 'dev' })).toMatchObject({ region: 'eu-west-1', source: 'profile' });
    expect(await regionOf({})).toMatchObject({ region: 'us-west-2', source: 'AWS_REGION' });
    delete process.env['AWS_REGION'];
    expect(await regionOf({})).toMatchObject({ region: 'eu-central-1', source: 'AWS_DEFAULT_REGION' });
  });
});

describe('the account init saved for the env', () => {
  const buckets = [
    { name: 'state', region: 'eu-west-1', versioning: 'Enabled' as const, encryption: 'AES256' as const },
    { name: 'artifacts', region: 'eu-west-1' },
  ];

  it('names it as the bucket owner without waiting for STS', async () => {
    let s3BeforeSts = false;
    env = await fakeAwsEnv({
      buckets,
      // STS answers once the bucket checks have sent their calls; if they waited for STS to learn the
      // account, none arrives and the gate gives up after 10 s.
      stsGate: async () => {
        for (let waited = 0; waited < 10_000 && !s3BeforeSts; waited += 20) {
          s3BeforeSts = (env?.fake.requests.filter((r) => r.service === 's3').length ?? 0) >= 2;
          if (!s3BeforeSts) await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
    });
    const dir = makeEnvRoot({ artifact_store: 'artifacts' }, 'state', {
      settings: { awsProfile: 'dev', region: 'eu-west-1', awsAccountId: '123456789012' },
    });
    const results = await runAwsPreflight(await resolveEnvironment({ dir, env: 'mock' }));
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['credentials', true],
      ['region', true],
      ['state bucket', true],
      ['artifact bucket', true],
    ]);
    expect(s3BeforeSts).toBe(true);
    const s3Calls = env.fake.requests.filter((r) => r.service === 's3');
    expect(s3Calls.map((r) => r.headers['x-amz-expected-bucket-owner'])).toEqual(
      s3Calls.map(() => '123456789012'),
    );
    expect(env.fake.requests.filter((r) => r.service === 'sts')).toHaveLength(1);
  });

  it('credentials of another account are a failed check naming both accounts; the rest is skipped', async () => {
    env = await fakeAwsEnv({ buckets });
    const dir = makeEnvRoot({ artifact_store: 'artifacts' }, 'state', {
      settings: { awsProfile: 'dev', region: 'eu-west-1', awsAccountId: '999999999999' },
    });
    const results = await runAwsPreflight(await resolveEnvironment({ dir, env: 'mock' }));
    expect(results.map((r) => [r.name, r.ok, r.skipped ?? false])).toEqual([
      ['credentials', false, false],
      ['region', false, true],
      ['state bucket', false, true],
      ['artifact bucket', false, true],
    ]);
    expect(results[0]?.detail).toBe(
      'Env mock was set up for account 999999999999; these credentials (AWS profile "dev" (saved for env mock in .challenge/mock.json)) are account 123456789012.',
    );
    expect(results[0]?.hint).toBe(
      'Use credentials of account 999999999999 (--profile <name>), or run `challenge init --env mock` with credentials of account 123456789012 to set the env up there.',
    );
    expect(results[2]?.detail).toBe('not checked: needs credentials of account 999999999999');
  });
});

describe('one root cause, one message', () => {
  it('when credentials fail, the other checks are skipped, not failed', async () => {
    env = await fakeAwsEnv({ keyPairs: { 'eu-west-1': [{ name: 'laptop' }] } });
    const dir = makeEnvRoot({ ec2_key_pair_name: 'laptop', artifact_store: 'artifacts' }, 'state', {
      settings: { region: 'eu-west-1' },
    });
    const results = await runAwsPreflight(await resolveEnvironment({ dir, env: 'mock' }));
    expect(results.map((r) => [r.name, r.ok, r.skipped ?? false])).toEqual([
      ['credentials', false, false],
      ['region', false, true],
      ['key pair', false, true],
      ['state bucket', false, true],
      ['artifact bucket', false, true],
    ]);
    expect(results[0]?.detail).toMatch(/^No AWS credentials: the default AWS credential chain found none/);
    // Where the region comes from needs no AWS call: still said, as it is often the cause.
    expect(results[1]?.detail).toBe(
      'eu-west-1 (.challenge/mock.json); not checked: needs working AWS credentials',
    );
    expect(results[0]?.hint).toContain('--profile <name> (profiles: denied, dev, old, sso-user)');
    expect(results[0]?.hint).toContain('challenge init --env mock --profile <name>');
    expect(() => assertPreflight(results, { detailsShown: true })).toThrow(
      /^AWS preflight failed: credentials \(see above\)\.$/,
    );
  });
});

describe('CodeCommit, for roots that declare a repository', () => {
  const CODECOMMIT = 'resource "aws_codecommit_repository" "app" {\n  repository_name = "app"\n}\n';

  it('is checked with ListRepositories in the stack region', async () => {
    env = await fakeAwsEnv({ codecommit: { repositories: { 'eu-west-1': ['other'] } } });
    const dir = makeEnvRoot({}, undefined, { tf: CODECOMMIT });
    const results = await runAwsPreflight(await resolveEnvironment({ dir, env: 'mock' }));
    expect(results.find((r) => r.name === 'codecommit')).toMatchObject({
      ok: true,
      detail: 'usable in eu-west-1 (1 repository)',
    });
    expect(env.fake.calls('codecommit', 'ListRepositories')).toHaveLength(1);
  });

  it('explains OperationNotAllowedException (an account that never had a repository)', async () => {
    env = await fakeAwsEnv({ codecommit: { notAllowed: true } });
    const dir = makeEnvRoot({}, undefined, { tf: CODECOMMIT });
    const check = (await runAwsPreflight(await resolveEnvironment({ dir, env: 'mock' }))).find(
      (r) => r.name === 'codecommit',
    );
    expect(check?.ok).toBe(false);
    expect(check?.detail).toContain('OperationNotAllowedException');
    expect(check?.detail).toContain('already had a CodeCommit repository');
    expect(check?.hint).toContain('challenge init --env mock --profile <name>');
  });

  it('is not checked for roots without a repository', async () => {
    env = await fakeAwsEnv();
    const dir = makeEnvRoot({ artifact_store: 'artifacts' });
    const results = await runAwsPreflight(await resolveEnvironment({ dir, env: 'mock' }));
    expect(results.map((r) => r.name)).not.toContain('codecommit');
  });

  it('a region AWS does not know is one problem with one fix; the checks made in it are "not checked"', async () => {
    env = await fakeAwsEnv({ keyPairs: { 'us-east-2': [{ name: 'laptop' }] } });
    const dir = makeEnvRoot({ ec2_key_pair_name: 'laptop', region: 'us-est-2' }, undefined, {
      tf: REGION_VARIABLE,
      settings: { awsProfile: 'dev' },
    });
    const results = await runAwsPreflight(await resolveEnvironment({ dir, env: 'mock' }));
    expect(results.find((r) => r.name === 'region')).toMatchObject({
      ok: false,
      detail: '"us-est-2" is not an AWS region.',
      // doctor and plan have no --region: the tfvars are what to change.
      hint: 'Did you mean us-east-2? Set "region" to us-east-2 in vars/mock.tfvars.json.',
    });
    expect(results.find((r) => r.name === 'key pair')).toEqual({
      name: 'key pair',
      ok: false,
      skipped: true,
      detail: 'not checked: needs a valid region (see the region check)',
    });
    expect(() => assertPreflight(results, { detailsShown: true })).toThrow(
      /^AWS preflight failed: region \(see above\)\.$/,
    );
  });

  it('no credentials and no region: the key pair is listed as not checked, not left out', async () => {
    env = await fakeAwsEnv();
    const dir = makeEnvRoot({ ec2_key_pair_name: 'laptop' }, undefined, { settings: {} });
    const results = await runAwsPreflight(await resolveEnvironment({ dir, env: 'mock' }));
    expect(results.map((r) => [r.name, r.ok, r.skipped ?? false])).toEqual([
      ['credentials', false, false],
      ['region', false, false],
      ['key pair', false, true],
    ]);
    expect(results[2]?.detail).toBe('not checked: needs a region (see the region check)');
    // Two problems, each with its own fix, none of them contradicting the other.
    expect(results.filter((r) => r.hint?.includes('--region'))).toHaveLength(1);
  });
});
