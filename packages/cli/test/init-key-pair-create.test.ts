import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOWN, ENTER, terminal } from './helpers/terminal.js';
import { initWorld, protectedBucket, readJson } from './init-fixture.js';

// Issue 25 item 10: no key pair in the region and no ~/.ssh/*.pub does not end init.

describe('init with no key pair in the region and no public key', { timeout: 120_000 }, () => {
  it("creates a key pair at the user's word; its private key is saved 0600 and shown nowhere", async () => {
    const world = await initWorld({
      keyPairs: {},
      buckets: [protectedBucket('team-state'), { name: 'team-artifacts', region: 'eu-west-1' }],
    });
    const run = terminal(['init', '--dir', world.root, '--env', 'dev', '--no-terraform-init'], world.env);
    await run.answer('AWS credentials', ENTER);
    await run.answer('AWS region', ENTER);
    // Choices: import another file, create a new key pair, use another region.
    await run.answer('EC2 key pair (eu-west-1): none exists in this region yet', `${DOWN}${ENTER}`);
    await run.answer('Name of the new key pair', ENTER);
    await run.answer('S3 bucket for Terraform state', `team-state${ENTER}`);
    await run.answer('S3 bucket for pipeline artifacts', `team-artifacts${ENTER}`);
    expect(await run.exited, run.output()).toBe(0);
    const path = join(world.home, '.ssh', 'challenge-dev.pem');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const key = await readFile(path, 'utf8');
    expect(key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(run.output()).toContain(
      'Created EC2 key pair "challenge-dev" in eu-west-1; its private key is in',
    );
    expect(run.output()).not.toContain('PRIVATE KEY');
    expect(run.output()).not.toContain(key.split('\n')[1]);
    expect(world.ec2.keyPairs('eu-west-1').map((pair) => pair.name)).toEqual(['challenge-dev']);
    expect(await readJson(join(world.root, 'vars', 'dev.tfvars.json'))).toMatchObject({
      ec2_key_pair_name: 'challenge-dev',
    });
  });

  it('offers another region, where the key pairs of that region are listed', async () => {
    const world = await initWorld({
      keyPairs: { 'us-west-2': [{ name: 'west' }] },
      buckets: [protectedBucket('west-state', 'us-west-2'), { name: 'west-artifacts', region: 'us-west-2' }],
    });
    const run = terminal(['init', '--dir', world.root, '--env', 'dev', '--no-terraform-init'], world.env);
    await run.answer('AWS credentials', ENTER);
    await run.answer('AWS region', ENTER);
    await run.answer('EC2 key pair (eu-west-1)', `${DOWN}${DOWN}${ENTER}`);
    // Regions other than eu-west-1: us-east-1, us-east-2, us-west-2, ...
    await run.answer('AWS region for the env', `${DOWN}${DOWN}${ENTER}`);
    await run.answer('EC2 key pair (us-west-2)', ENTER);
    await run.answer('S3 bucket for Terraform state', `west-state${ENTER}`);
    await run.answer('S3 bucket for pipeline artifacts', `west-artifacts${ENTER}`);
    expect(await run.exited, run.output()).toBe(0);
    expect(await readJson(join(world.root, 'vars', 'dev.tfvars.json'))).toMatchObject({
      ec2_key_pair_name: 'west',
      region: 'us-west-2',
    });
  });
});
