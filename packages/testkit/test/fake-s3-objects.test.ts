import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, type FakeS3, s3Buckets, startFakeAws } from '../src/index.js';

let fake: FakeAws;
let s3: FakeS3;
let client: S3Client;

beforeAll(async () => {
  s3 = s3Buckets({ buckets: [{ name: 'state', versioning: 'Enabled', encryption: 'AES256' }] });
  fake = await startFakeAws({ handlers: { s3: s3.handler } });
  client = new S3Client({
    endpoint: fake.url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
  });
});
afterAll(() => fake.close());

describe('fake S3 objects, through the real SDK', () => {
  it('puts, heads, gets and deletes an object with its checksum, ETag and version', async () => {
    const put = await client.send(
      new PutObjectCommand({ Bucket: 'state', Key: 'env:/a/tf.tfstate', Body: '{"serial":1}' }),
    );
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(put.VersionId).toBeDefined();
    const head = await client.send(new HeadObjectCommand({ Bucket: 'state', Key: 'env:/a/tf.tfstate' }));
    expect(head).toMatchObject({ ContentLength: 12, ETag: put.ETag, ServerSideEncryption: 'AES256' });
    const got = await client.send(
      new GetObjectCommand({ Bucket: 'state', Key: 'env:/a/tf.tfstate', ChecksumMode: 'ENABLED' }),
    );
    expect(await got.Body?.transformToString()).toBe('{"serial":1}');
    await client.send(new DeleteObjectCommand({ Bucket: 'state', Key: 'env:/a/tf.tfstate' }));
    await expect(
      client.send(new GetObjectCommand({ Bucket: 'state', Key: 'env:/a/tf.tfstate' })),
    ).rejects.toMatchObject({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
    await expect(
      client.send(new HeadObjectCommand({ Bucket: 'state', Key: 'env:/a/tf.tfstate' })),
    ).rejects.toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
  });

  it('refuses a create-only write (If-None-Match: *) over an existing object with 412', async () => {
    const lock = { Bucket: 'state', Key: 'k.tflock', Body: '{"ID":"1"}', IfNoneMatch: '*' };
    await client.send(new PutObjectCommand(lock));
    await expect(client.send(new PutObjectCommand({ ...lock, Body: '{"ID":"2"}' }))).rejects.toMatchObject({
      name: 'PreconditionFailed',
      $metadata: { httpStatusCode: 412 },
    });
    expect(s3.object('state', 'k.tflock')?.body).toBe('{"ID":"1"}');
  });

  it('rejects a body that does not match its checksum', async () => {
    const bad = new PutObjectCommand({
      Bucket: 'state',
      Key: 'bad',
      Body: 'abc',
      ChecksumSHA256: Buffer.alloc(32).toString('base64'),
    });
    await expect(client.send(bad)).rejects.toMatchObject({ name: 'BadDigest' });
    expect(s3.object('state', 'bad')).toBeUndefined();
  });

  it('lists with prefix, delimiter and continuation tokens', async () => {
    for (const key of ['env:/b/x', 'env:/c/x', 'env:/c/y', 'other']) s3.putObject('state', key, key);
    const all = await client.send(new ListObjectsV2Command({ Bucket: 'state', Prefix: 'env:/' }));
    expect(all.Contents?.map((object) => object.Key)).toEqual(['env:/b/x', 'env:/c/x', 'env:/c/y']);
    expect(all).toMatchObject({ KeyCount: 3, IsTruncated: false, Prefix: 'env:/' });
    const folders = await client.send(
      new ListObjectsV2Command({ Bucket: 'state', Prefix: 'env:/', Delimiter: '/' }),
    );
    expect(folders.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['env:/b/', 'env:/c/']);
    const first = await client.send(
      new ListObjectsV2Command({ Bucket: 'state', Prefix: 'env:/', MaxKeys: 2 }),
    );
    expect(first).toMatchObject({ KeyCount: 2, IsTruncated: true });
    const second = await client.send(
      new ListObjectsV2Command({
        Bucket: 'state',
        Prefix: 'env:/',
        ContinuationToken: first.NextContinuationToken,
      }),
    );
    expect(second.Contents?.map((object) => object.Key)).toEqual(['env:/c/y']);
  });

  it('answers NoSuchBucket for objects of a bucket that does not exist', async () => {
    await expect(client.send(new ListObjectsV2Command({ Bucket: 'missing' }))).rejects.toMatchObject({
      name: 'NoSuchBucket',
    });
  });
});
