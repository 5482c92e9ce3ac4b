import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_IDENTITY, type FakeAws, jsonResult, startFakeAws, stsHandler } from '../src/index.js';

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function sts(url: string, accessKeyId: string) {
  return new STSClient({
    endpoint: url,
    region: 'eu-west-1',
    credentials: { accessKeyId, secretAccessKey: 'test-secret', sessionToken: 'test-session' },
  });
}

describe('fake AWS endpoint', () => {
  it('answers the real SDK and records service, region, operation and session token', async () => {
    fake = await startFakeAws({ handlers: { sts: stsHandler() } });
    const identity = await sts(fake.url, 'AKIDTEST').send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: DEFAULT_IDENTITY.account, Arn: DEFAULT_IDENTITY.arn });
    expect(fake.calls('sts', 'GetCallerIdentity')).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      service: 'sts',
      region: 'eu-west-1',
      accessKeyId: 'AKIDTEST',
      sessionToken: 'test-session',
    });
  });

  it('gives the SDK the STS error shape of an expired token', async () => {
    fake = await startFakeAws({ handlers: { sts: stsHandler({ expiredAccessKeyIds: ['AKIDOLD'] }) } });
    await expect(sts(fake.url, 'AKIDOLD').send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'ExpiredToken',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('fails loudly with 501 for a service it does not implement', async () => {
    fake = await startFakeAws({ handlers: {} });
    await expect(sts(fake.url, 'AKIDTEST').send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 501 },
    });
  });

  it('refuses an answer from a handler outside defineFakeService, so no operation escapes the conformance test', async () => {
    fake = await startFakeAws({ handlers: { sts: () => jsonResult({}) } });
    const error = await sts(fake.url, 'AKIDTEST')
      .send(new GetCallerIdentityCommand({}))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 500 } });
    expect(fake.exchanges).toEqual([]);
  });

  it('records each answered operation with its request and response', async () => {
    fake = await startFakeAws({ handlers: { sts: stsHandler() } });
    await sts(fake.url, 'AKIDTEST').send(new GetCallerIdentityCommand({}));
    expect(fake.exchanges).toHaveLength(1);
    expect(fake.exchanges[0]).toMatchObject({
      model: 'sts',
      operation: 'GetCallerIdentity',
      protocol: 'query',
      request: { method: 'POST', body: 'Action=GetCallerIdentity&Version=2011-06-15' },
      response: { status: 200 },
    });
  });

  it('adds the configured latency to every answer', async () => {
    fake = await startFakeAws({ handlers: { sts: stsHandler() }, latencyMs: 150 });
    const started = performance.now();
    await sts(fake.url, 'AKIDTEST').send(new GetCallerIdentityCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
  });
});
