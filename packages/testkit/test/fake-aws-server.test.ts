import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_IDENTITY,
  type FakeAws,
  imdsHandler,
  jsonResult,
  startFakeAws,
  stsHandler,
} from '../src/index.js';

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

  it('answers instance metadata (not an AWS API) apart from the services: IMDSv2 without a role, no exchange', async () => {
    fake = await startFakeAws({ handlers: { sts: stsHandler() }, instanceMetadata: imdsHandler() });
    const token = await fetch(`${fake.url}/latest/api/token`, {
      method: 'PUT',
      headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' },
    });
    expect(token.status).toBe(200);
    const role = `${fake.url}/latest/meta-data/iam/security-credentials/`;
    const withToken = await fetch(role, { headers: { 'x-aws-ec2-metadata-token': await token.text() } });
    expect(withToken.status).toBe(404);
    expect((await fetch(role)).status).toBe(401);
    expect(fake.calls('imds')).toHaveLength(3);
    expect(fake.exchanges).toEqual([]);
  });

  it('has no instance metadata unless asked, and no service handler can stand in for it', async () => {
    fake = await startFakeAws({ handlers: { imds: () => jsonResult({}) } });
    expect((await fetch(`${fake.url}/latest/api/token`, { method: 'PUT' })).status).toBe(501);
    await fake.close();
    // A signed call to /latest/... is an AWS call: only a declared operation may answer it.
    fake = await startFakeAws({ handlers: { sts: () => jsonResult({}) }, instanceMetadata: imdsHandler() });
    const error = await sts(`${fake.url}/latest/meta-data`, 'AKIDTEST')
      .send(new GetCallerIdentityCommand({}))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 500 } });
    expect(fake.requests[0]).toMatchObject({ service: 'sts', path: '/latest/meta-data/' });
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
