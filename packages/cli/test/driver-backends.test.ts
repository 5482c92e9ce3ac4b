import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRoot } from './helpers/cli.js';
import { backendFile, type S3BackendWorld, startS3Backend } from './helpers/s3-backend.js';
import { ENVS, firstInitsInOrder, ROTATIONS, threeEnvRoot } from './helpers/three-envs.js';

describe('three envs of a root without a backend block', () => {
  it.each(ROTATIONS)(
    'first inits in the order %s, %s, %s',
    async (...order) => {
      await firstInitsInOrder(await makeRoot(threeEnvRoot('')), order);
    },
    180_000,
  );
});

describe('three envs of a root with an S3 backend (backends/<env>.s3.tfbackend) on the loopback S3', () => {
  let world: S3BackendWorld;
  const buckets = ROTATIONS.map((_, i) => `state-${i}`);
  beforeAll(async () => {
    world = await startS3Backend(buckets);
  });
  afterAll(() => world.close());

  it.each(ROTATIONS.map((order, i) => [i, ...order] as const))(
    'first inits in the order %s: %s, %s, %s',
    async (i, ...order) => {
      const bucket = buckets[i] as string;
      const root = await makeRoot(
        threeEnvRoot(
          'terraform {\n  backend "s3" {}\n}\n',
          Object.fromEntries(ENVS.map((env) => [`backends/${env}.s3.tfbackend`, backendFile(bucket, env)])),
        ),
      );
      await firstInitsInOrder(
        root,
        order,
        world.env,
        async (env) => world.s3.object(bucket, `env:/${env}/challenge/${env}/terraform.tfstate`)?.body,
      );
      // Each env's state is its own object under the workspace prefix; no lock is left behind.
      const keys = world.s3.keys(bucket);
      expect(keys.filter((key) => key.endsWith('.tflock'))).toEqual([]);
      for (const env of order.slice(0, 2)) {
        const state = JSON.parse(
          world.s3.object(bucket, `env:/${env}/challenge/${env}/terraform.tfstate`)?.body ?? '{}',
        );
        expect(state.outputs.greeting.value).toBe(`hello from ${env}`);
      }
      // The third env's workspace exists (plan created it) and holds nothing of the others.
      const third = world.s3.object(bucket, `env:/${order[2]}/challenge/${order[2]}/terraform.tfstate`);
      expect(JSON.parse(third?.body ?? '{}').resources ?? []).toEqual([]);
    },
    180_000,
  );

  it('every call of the backend (S3 with create-only lock writes, STS, IMDS) was answered by the fake', () => {
    const services = new Set(world.fake.requests.map((request) => request.service));
    expect([...services].filter((service) => !['s3', 'sts', 'imds', 'ec2'].includes(service))).toEqual([]);
    expect(world.fake.calls('sts', 'GetCallerIdentity').length).toBeGreaterThan(0);
    const lockWrites = world.fake
      .calls('s3')
      .filter((call) => call.method === 'PUT' && call.path.endsWith('.tflock'));
    expect(lockWrites.length).toBeGreaterThan(0);
    expect(lockWrites.every((call) => call.headers['if-none-match'] === '*')).toBe(true);
  });
});
