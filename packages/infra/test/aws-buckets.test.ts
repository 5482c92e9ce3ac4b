import { DEFAULT_IDENTITY, type FakeAwsRequest } from '@challenge/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBucket, createStateBucket, hardenBucket } from '../src/aws/index.js';
import { readS3Object } from '../src/aws/s3-object.js';
import { type FakeAwsEnv, fakeAwsEnv } from './aws-fake-env.js';

// Issue 14.9: every bucket call names the expected owner; creating never takes over an existing bucket.

let env: FakeAwsEnv | undefined;
afterEach(async () => {
  await env?.restore();
  env = undefined;
});

const dev = { profile: 'dev', region: 'eu-west-1' };
const account = DEFAULT_IDENTITY.account;
const POLICY = '{"Version":"2012-10-17","Statement":[{"Sid":"Theirs"}]}';

function isCreateBucket(request: FakeAwsRequest): boolean {
  return request.method === 'PUT' && [...request.query.keys()].length === 0;
}

function s3Calls(fake: FakeAwsEnv) {
  return fake.fake.calls('s3');
}

describe('bucket calls carry ExpectedBucketOwner', () => {
  it('checkBucket without an account looks it up (STS) and names it on every call', async () => {
    env = await fakeAwsEnv({ buckets: [{ name: 'state', region: 'eu-west-1', versioning: 'Enabled' }] });
    await expect(checkBucket(dev, 'state')).resolves.toEqual({
      name: 'state',
      exists: true,
      versioned: true,
      encryption: undefined,
      publicAccessBlocked: false,
    });
    const calls = s3Calls(env);
    expect(calls).toHaveLength(4);
    for (const call of calls) expect(call.headers['x-amz-expected-bucket-owner']).toBe(account);
    expect(env.fake.calls('sts', 'GetCallerIdentity')).toHaveLength(1);
  });

  it('an account known to the session is sent without asking STS', async () => {
    env = await fakeAwsEnv({ buckets: [{ name: 'state', region: 'eu-west-1' }] });
    await checkBucket({ ...dev, account }, 'state');
    expect(env.fake.calls('sts')).toHaveLength(0);
    for (const call of s3Calls(env)) expect(call.headers['x-amz-expected-bucket-owner']).toBe(account);
  });

  it('a bucket of another account is refused (403), even when the name exists in our region', async () => {
    env = await fakeAwsEnv({ buckets: [{ name: 'theirs', owner: '999999999999', region: 'eu-west-1' }] });
    await expect(checkBucket(dev, 'theirs')).rejects.toMatchObject({ code: 'S3_BUCKET_FOREIGN' });
  });

  it('a bucket in another region is named with its region (301 PermanentRedirect)', async () => {
    env = await fakeAwsEnv({ buckets: [{ name: 'east', region: 'us-east-1' }] });
    await expect(checkBucket(dev, 'east', account)).rejects.toMatchObject({
      code: 'S3_BUCKET_OTHER_REGION',
      message: expect.stringContaining('"east" is in us-east-1, not in eu-west-1'),
      hint: expect.stringContaining('challenge init --region us-east-1'),
    });
  });

  it('reads the public access block', async () => {
    env = await fakeAwsEnv({ buckets: [{ name: 'state', region: 'eu-west-1', publicAccessBlocked: true }] });
    await expect(checkBucket(dev, 'state', account)).resolves.toMatchObject({ publicAccessBlocked: true });
  });
});

describe('createStateBucket never takes over an existing bucket', () => {
  it('in us-east-1, where S3 answers CreateBucket on an owned bucket with 200 OK, it stops before creating', async () => {
    env = await fakeAwsEnv({ buckets: [{ name: 'mine', region: 'us-east-1', policy: POLICY }] });
    await expect(
      createStateBucket({ profile: 'dev', region: 'us-east-1' }, 'mine', account),
    ).rejects.toMatchObject({
      code: 'S3_BUCKET_EXISTS',
      hint: expect.stringContaining('--harden-state-bucket'),
    });
    expect(env.s3.bucket('mine')).toMatchObject({ policy: POLICY, publicAccessBlocked: false });
    expect(s3Calls(env).map((call) => call.method)).toEqual(['HEAD']);
  });

  it('stops on BucketAlreadyOwnedByYou (created between the check and the create), policy untouched', async () => {
    let headsAnswered = 0;
    env = await fakeAwsEnv({
      buckets: [{ name: 'mine', region: 'eu-west-1', policy: POLICY }],
      s3Before: (request) =>
        request.method === 'HEAD' && headsAnswered++ === 0 ? { status: 404 } : undefined,
    });
    await expect(createStateBucket(dev, 'mine', account)).rejects.toMatchObject({ code: 'S3_BUCKET_EXISTS' });
    expect(env.s3.bucket('mine')?.policy).toBe(POLICY);
    expect(s3Calls(env).filter((call) => call.method === 'PUT')).toHaveLength(1);
  });

  it('a new bucket is bucket-owner-enforced, and every later call names the owner', async () => {
    env = await fakeAwsEnv();
    await createStateBucket(dev, 'fresh', account);
    expect(env.s3.bucket('fresh')).toMatchObject({
      objectOwnership: 'BucketOwnerEnforced',
      versioning: 'Enabled',
      encryption: 'AES256',
      publicAccessBlocked: true,
    });
    const calls = s3Calls(env);
    const create = calls.find(isCreateBucket);
    expect(create?.headers['x-amz-object-ownership']).toBe('BucketOwnerEnforced');
    for (const call of calls.filter((c) => !isCreateBucket(c))) {
      expect(call.headers['x-amz-expected-bucket-owner'], `${call.method} ${[...call.query.keys()]}`).toBe(
        account,
      );
    }
    expect(calls.filter((call) => call.query.has('publicAccessBlock') && call.method === 'PUT')).toHaveLength(
      1,
    );
  });
});

describe('hardenBucket', () => {
  it('turns on only what is missing and leaves the policy alone', async () => {
    env = await fakeAwsEnv({
      buckets: [{ name: 'old', region: 'eu-west-1', versioning: 'Enabled', policy: POLICY }],
    });
    await expect(hardenBucket(dev, 'old', account)).resolves.toMatchObject({
      versioned: true,
      encryption: 'AES256',
      publicAccessBlocked: true,
    });
    expect(env.s3.bucket('old')?.policy).toBe(POLICY);
    const puts = s3Calls(env).filter((call) => call.method === 'PUT');
    expect(puts.map((call) => [...call.query.keys()][0])).toEqual(['encryption', 'publicAccessBlock']);
    for (const call of puts) expect(call.headers['x-amz-expected-bucket-owner']).toBe(account);
  });
});

describe('reading a state lock object names the owner too', () => {
  const lockKey = 'env:/a/challenge/a/terraform.tfstate.tflock';

  it('reads the object of our own bucket with ExpectedBucketOwner, undefined when it is absent', async () => {
    env = await fakeAwsEnv({ buckets: [{ name: 'state', region: 'eu-west-1' }] });
    env.s3.putObject('state', lockKey, '{"ID":"1"}');
    await expect(readS3Object(dev, 'state', lockKey)).resolves.toBe('{"ID":"1"}');
    await expect(readS3Object({ ...dev, account }, 'state', 'absent.tflock')).resolves.toBeUndefined();
    for (const call of s3Calls(env)) expect(call.headers['x-amz-expected-bucket-owner']).toBe(account);
  });

  it('refuses an object of a bucket another account owns', async () => {
    env = await fakeAwsEnv({ buckets: [{ name: 'theirs', owner: '999999999999', region: 'eu-west-1' }] });
    env.s3.putObject('theirs', lockKey, '{"ID":"planted"}');
    await expect(readS3Object(dev, 'theirs', lockKey)).rejects.toMatchObject({
      code: 'AWS_ACCESS_DENIED',
      message: expect.stringContaining(`reading s3://theirs/${lockKey}`),
    });
  });
});
