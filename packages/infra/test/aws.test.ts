import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_IDENTITY, makeOpenSshPublicKey } from '@challenge/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkBucket,
  checkBucketName,
  checkKeyPair,
  checkRegion,
  createStateBucket,
  importKeyPair,
  listKeyPairs,
  listProfiles,
  listRegions,
  whoAmI,
} from '../src/aws/index.js';
import { type FakeAwsEnv, fakeAwsEnv } from './aws-fake-env.js';

let env: FakeAwsEnv | undefined;
afterEach(async () => {
  await env?.restore();
  env = undefined;
});

const dev = { profile: 'dev', region: 'eu-west-1' };
const account = DEFAULT_IDENTITY.account;

describe('AWS profiles and identity', () => {
  it('lists profiles of both files with their regions and SSO flag', async () => {
    env = await fakeAwsEnv();
    const profiles = await listProfiles();
    expect(profiles.map((p) => p.name)).toEqual(['denied', 'dev', 'old', 'sso-user']);
    expect(profiles.find((p) => p.name === 'dev')).toMatchObject({ region: 'eu-west-1', sso: false });
    expect(profiles.find((p) => p.name === 'sso-user')).toMatchObject({ region: 'eu-central-1', sso: true });
  });

  it('resolves the profile credentials and shows account and ARN', async () => {
    env = await fakeAwsEnv();
    await expect(whoAmI(dev)).resolves.toEqual({ account, arn: DEFAULT_IDENTITY.arn });
    expect(env.fake.calls('sts', 'GetCallerIdentity')[0]?.accessKeyId).toBe('AKIDDEV');
  });

  it('uses environment credentials when no profile is chosen', async () => {
    env = await fakeAwsEnv();
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIDENV';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'secret-env';
    await whoAmI({ profile: undefined, region: 'eu-west-1' });
    expect(env.fake.calls('sts')[0]?.accessKeyId).toBe('AKIDENV');
  });

  it('an endpoint that cannot be reached is named as a network problem, not as a credentials one', async () => {
    env = await fakeAwsEnv();
    await env.fake.close(); // nothing listens on its port any more
    await expect(whoAmI(dev)).rejects.toMatchObject({
      code: 'AWS_UNREACHABLE',
      message: expect.stringMatching(/^Could not reach AWS while .*ECONNREFUSED.*\(region eu-west-1\)\.$/),
      hint: expect.stringContaining('Check your network connection'),
    });
  });

  it('names an unknown profile and lists the known ones', async () => {
    env = await fakeAwsEnv();
    await expect(whoAmI({ profile: 'prod', region: 'eu-west-1' })).rejects.toMatchObject({
      code: 'AWS_UNKNOWN_PROFILE',
      message: expect.stringContaining('"prod"'),
      hint: expect.stringContaining('denied, dev, old, sso-user'),
    });
  });

  it('explains an expired session with how to refresh it, without leaking the token', async () => {
    env = await fakeAwsEnv();
    const error = await whoAmI({ profile: 'old', region: 'us-east-1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'AWS_EXPIRED_TOKEN',
      hint: expect.stringContaining('--profile old'),
    });
    expect(JSON.stringify({ m: (error as Error).message, h: (error as { hint: string }).hint })).not.toMatch(
      /token-old|secret-old/,
    );
  });

  it('tells an SSO profile without a session to log in again', async () => {
    env = await fakeAwsEnv();
    await expect(whoAmI({ profile: 'sso-user', region: 'eu-west-1' })).rejects.toMatchObject({
      code: 'AWS_SSO_LOGIN_REQUIRED',
      message: expect.stringContaining('SSO session of AWS profile "sso-user"'),
      hint: 'Log in again: `aws sso login --profile sso-user`.',
    });
    expect(env.fake.requests).toHaveLength(0);
  });

  it('asks STS once per access key, however many checks need the account', async () => {
    env = await fakeAwsEnv();
    const identities = await Promise.all([whoAmI(dev), whoAmI(dev), whoAmI(dev)]);
    expect(new Set(identities.map((identity) => identity.account))).toEqual(new Set([account]));
    expect(env.fake.calls('sts', 'GetCallerIdentity')).toHaveLength(1);
  });

  it('says so when no credentials exist at all', async () => {
    env = await fakeAwsEnv();
    writeFileSync(join(env.dir, 'credentials'), '');
    writeFileSync(join(env.dir, 'config'), '');
    await expect(whoAmI({ profile: undefined, region: 'eu-west-1' })).rejects.toMatchObject({
      code: 'AWS_NO_CREDENTIALS',
      hint: expect.stringContaining('--profile'),
    });
  });
});

describe('regions and key pairs', () => {
  it('accepts a listed region and suggests the closest one for a typo', async () => {
    env = await fakeAwsEnv();
    const regions = await listRegions(dev);
    expect(regions).toContain('eu-west-1');
    expect(() => checkRegion('eu-west-1', regions)).not.toThrow();
    expect(() => checkRegion('eu-wset-1', regions)).toThrow(/not an AWS region/);
    try {
      checkRegion('eu-wset-1', regions);
    } catch (error) {
      expect((error as { hint: string }).hint).toContain('Did you mean eu-west-1');
    }
  });

  it('lists key pairs of the region and finds a named one', async () => {
    env = await fakeAwsEnv({
      keyPairs: { 'eu-west-1': [{ name: 'laptop' }], 'us-east-1': [{ name: 'other' }] },
    });
    expect((await listKeyPairs(dev)).map((pair) => pair.name)).toEqual(['laptop']);
    await expect(checkKeyPair(dev, 'laptop')).resolves.toMatchObject({ name: 'laptop' });
  });

  it('reports a missing key pair by name and region with the import fix', async () => {
    env = await fakeAwsEnv({ keyPairs: { 'us-east-1': [{ name: 'laptop' }] } });
    await expect(checkKeyPair(dev, 'laptop')).rejects.toMatchObject({
      code: 'AWS_KEY_PAIR_NOT_FOUND',
      message: 'EC2 key pair "laptop" does not exist in eu-west-1.',
      hint: expect.stringContaining('--import-public-key'),
    });
  });

  it('imports a public key and refuses a private key without echoing it', async () => {
    env = await fakeAwsEnv();
    const pub = join(env.dir, 'id.pub');
    writeFileSync(pub, `${makeOpenSshPublicKey('ed25519')}\n`);
    await expect(importKeyPair(dev, 'laptop', pub)).resolves.toMatchObject({ name: 'laptop' });
    expect(env.ec2.keyPairs('eu-west-1').map((pair) => pair.name)).toEqual(['laptop']);
    const priv = join(env.dir, 'id');
    writeFileSync(priv, '-----BEGIN OPENSSH PRIVATE KEY-----\nsecretmaterial\n');
    const error = await importKeyPair(dev, 'other', priv).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PUBLIC_KEY_INVALID' });
    expect((error as Error).message).not.toContain('secretmaterial');
    expect(env.fake.calls('ec2', 'ImportKeyPair')).toHaveLength(1);
  });

  it('a name taken since it was checked (InvalidKeyPair.Duplicate) is named with the fix', async () => {
    env = await fakeAwsEnv({ keyPairs: { 'eu-west-1': [{ name: 'laptop' }] } });
    const pub = join(env.dir, 'id.pub');
    writeFileSync(pub, `${makeOpenSshPublicKey('rsa')}\n`);
    await expect(importKeyPair(dev, 'laptop', pub)).rejects.toMatchObject({
      code: 'AWS_KEY_PAIR_EXISTS',
      message: 'EC2 key pair "laptop" already exists in eu-west-1.',
      hint: expect.stringContaining('--key-pair laptop` without --import-public-key'),
    });
  });
});

describe('state buckets', () => {
  it('reports a missing bucket as not existing', async () => {
    env = await fakeAwsEnv();
    await expect(checkBucket(dev, 'my-state', account)).resolves.toEqual({
      name: 'my-state',
      exists: false,
      versioned: false,
      encryption: undefined,
      publicAccessBlocked: false,
    });
  });

  it('creates a versioned, encrypted, private, TLS-only bucket with the region constraint', async () => {
    env = await fakeAwsEnv();
    await createStateBucket(dev, 'my-state', account);
    const bucket = env.s3.bucket('my-state');
    expect(bucket).toMatchObject({
      region: 'eu-west-1',
      owner: account,
      versioning: 'Enabled',
      encryption: 'AES256',
      publicAccessBlocked: true,
    });
    const policy = JSON.parse(bucket?.policy ?? '{}') as {
      Statement: { Condition: unknown; Effect: string }[];
    };
    expect(policy.Statement[0]).toMatchObject({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    await expect(checkBucket(dev, 'my-state', account)).resolves.toEqual({
      name: 'my-state',
      exists: true,
      versioned: true,
      encryption: 'AES256',
      publicAccessBlocked: true,
    });
  });

  it('creates in us-east-1 without a location constraint, with KMS when asked', async () => {
    env = await fakeAwsEnv();
    await createStateBucket({ profile: 'dev', region: 'us-east-1' }, 'east-state', account, {
      encryption: 'aws:kms',
    });
    expect(env.s3.bucket('east-state')).toMatchObject({ region: 'us-east-1', encryption: 'aws:kms' });
  });

  it('refuses a bucket of another account, sending ExpectedBucketOwner', async () => {
    env = await fakeAwsEnv({ buckets: [{ name: 'theirs', owner: '999999999999', region: 'eu-west-1' }] });
    await expect(checkBucket(dev, 'theirs', account)).rejects.toMatchObject({
      code: 'S3_BUCKET_FOREIGN',
      message: expect.stringContaining('not in your account 123456789012'),
    });
    expect(env.fake.requests.at(-1)?.headers['x-amz-expected-bucket-owner']).toBe(account);
  });

  it('reports a bucket that is not versioned nor encrypted', async () => {
    env = await fakeAwsEnv({ buckets: [{ name: 'plain', region: 'eu-west-1' }] });
    await expect(checkBucket(dev, 'plain', account)).resolves.toMatchObject({
      exists: true,
      versioned: false,
      encryption: undefined,
    });
  });

  it('a bucket the credentials may not read is refused as foreign, nothing created', async () => {
    env = await fakeAwsEnv();
    await expect(
      checkBucket({ profile: 'denied', region: 'eu-west-1' }, 'x-state', account),
    ).rejects.toMatchObject({
      code: 'S3_BUCKET_FOREIGN',
      message: expect.stringContaining('your credentials may not read it'),
    });
    await expect(
      createStateBucket({ profile: 'denied', region: 'eu-west-1' }, 'x-state', account),
    ).rejects.toMatchObject({ code: 'S3_BUCKET_FOREIGN' });
    expect(env.s3.bucket('x-state')).toBeUndefined();
  });

  it('refuses taken bucket names and invalid ones before any call', async () => {
    env = await fakeAwsEnv({ buckets: [{ name: 'taken', owner: '999999999999', region: 'eu-west-1' }] });
    await expect(createStateBucket(dev, 'taken', account)).rejects.toMatchObject({
      code: 'S3_BUCKET_FOREIGN',
    });
    const before = env.fake.requests.length;
    for (const bad of ['My_Bucket', 'ab', 'a..b', '192.168.1.1', '-start']) {
      expect(() => checkBucketName(bad)).toThrow(/not a valid S3 bucket name/);
    }
    await expect(checkBucket(dev, 'Bad_Name', account)).rejects.toMatchObject({
      code: 'S3_INVALID_BUCKET_NAME',
    });
    expect(env.fake.requests.length).toBe(before);
  });
});
