import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveEnvironment } from '../src/environment/index.js';
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

function makeEnvRoot(tfvars: Record<string, unknown>, backendBucket?: string): string {
  root = mkdtempSync(join(tmpdir(), 'preflight-'));
  mkdirSync(join(root, 'vars'));
  mkdirSync(join(root, '.challenge'));
  writeFileSync(join(root, 'main.tf'), '');
  writeFileSync(join(root, 'vars', 'mock.tfvars.json'), JSON.stringify(tfvars));
  writeFileSync(
    join(root, '.challenge', 'mock.json'),
    JSON.stringify({ awsProfile: 'dev', region: 'eu-west-1' }),
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
    expect(failed['key pair']?.detail).toBe('EC2 key pair "laptop" does not exist in eu-west-1.');
    expect(failed['state bucket']?.hint).toContain('put-bucket-versioning --bucket state');
    expect(failed['artifact bucket']?.detail).toContain('"artifacts" does not exist');
    expect(() => assertPreflight(results)).toThrow(/AWS preflight failed: .*key pair/);
  });
});
