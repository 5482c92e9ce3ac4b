import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot } from './helpers/cli.js';
import { CTRL_C, DOWN, ENTER, terminal } from './helpers/terminal.js';
import { initWorld, protectedBucket, readJson } from './init-fixture.js';

describe('challenge init on a terminal', () => {
  it('asks each question, creates what is missing and writes the files; a re-run keeps the answers', async () => {
    const world = await initWorld({ publicKey: true, keyPairs: {} });
    const args = ['init', '--dir', world.root, '--no-terraform-init'];
    const first = terminal(args, world.env);
    await first.answer('Environment name', `stage${ENTER}`);
    await first.answer('AWS credentials', ENTER); // first choice: profile dev
    await first.answer('AWS region', ENTER); // dev's region eu-west-1
    await first.answer('EC2 key pair (eu-west-1)', ENTER); // import ~/.ssh/id_ed25519.pub
    await first.answer('Name of the imported key pair', `laptop${ENTER}`);
    await first.answer('S3 bucket for Terraform state', `team-state${ENTER}`);
    await first.answer('does not exist. Create it', `y${ENTER}`);
    await first.answer('S3 bucket for pipeline artifacts', ENTER); // suggested name
    await first.answer('does not exist. Create it', `y${ENTER}`);
    expect(await first.exited, first.output()).toBe(0);
    expect(first.output()).toContain('AWS account 123456789012 (arn:aws:iam::123456789012:user/tester)');
    expect(first.output()).toContain('Next: challenge apply --env stage');

    const tfvars = JSON.parse(await readFile(join(world.root, 'vars', 'stage.tfvars.json'), 'utf8'));
    expect(tfvars).toEqual({
      ec2_key_pair_name: 'laptop',
      artifact_store: 'challenge-artifacts-123456789012-eu-west-1',
      region: 'eu-west-1',
    });
    expect(await readFile(join(world.root, 'backends', 'stage.s3.tfbackend'), 'utf8')).toMatch(
      /bucket\s+= "team-state"/,
    );
    expect(world.ec2.keyPairs('eu-west-1').map((pair) => pair.name)).toEqual(['laptop']);
    expect(world.s3.bucket('team-state')).toMatchObject({ versioning: 'Enabled', publicAccessBlocked: true });

    const before = await snapshot(world.root);
    const again = terminal(args, world.env);
    await again.answer('Environment name', `stage${ENTER}`);
    await again.answer('AWS credentials', ENTER);
    await again.answer('AWS region', ENTER);
    await again.answer('S3 bucket for Terraform state', ENTER);
    await again.answer('S3 bucket for pipeline artifacts', ENTER);
    expect(await again.exited, again.output()).toBe(0);
    expect(again.output()).not.toContain('EC2 key pair (');
    expect(await snapshot(world.root)).toEqual(before);
    expect(world.fake.calls('ec2', 'ImportKeyPair')).toHaveLength(1);
  });

  it('picks the environment credentials with the arrow keys', async () => {
    const world = await initWorld();
    const run = terminal(['init', '--dir', world.root, '--env', 'mock', '--no-terraform-init'], {
      ...world.env,
      AWS_ACCESS_KEY_ID: 'AKIDENV',
      AWS_SECRET_ACCESS_KEY: 'secret-env',
    });
    await run.answer('AWS credentials', `${DOWN}${DOWN}${ENTER}`);
    await run.answer('AWS region', `eu-west-1${ENTER}`);
    await run.answer('EC2 key pair (eu-west-1)', ENTER);
    await run.answer('S3 bucket for Terraform state', `env-state${ENTER}`);
    await run.answer('does not exist. Create it', `y${ENTER}`);
    await run.answer('S3 bucket for pipeline artifacts', `env-artifacts${ENTER}`);
    await run.answer('does not exist. Create it', `y${ENTER}`);
    expect(await run.exited, run.output()).toBe(0);
    expect(world.fake.calls('sts')[0]?.accessKeyId).toBe('AKIDENV');
    // No profile to save: the region and the account the credentials belong to.
    expect(JSON.parse(await readFile(join(world.root, '.challenge', 'mock.json'), 'utf8'))).toEqual({
      region: 'eu-west-1',
      awsAccountId: '123456789012',
    });
  });

  it('--advanced asks optional variables and re-asks until the value passes validation', async () => {
    const world = await initWorld({
      buckets: [
        {
          name: 'my-state',
          region: 'eu-west-1',
          versioning: 'Enabled',
          encryption: 'AES256',
          publicAccessBlocked: true,
        },
        { name: 'my-artifacts', region: 'eu-west-1' },
      ],
    });
    const run = terminal(
      [
        'init',
        '--dir',
        world.root,
        '--env',
        'dev',
        '--profile',
        'dev',
        '--region',
        'eu-west-1',
        '--key-pair',
        'laptop',
        '--state-bucket',
        'my-state',
        '--artifact-bucket',
        'my-artifacts',
        '--advanced',
        '--no-terraform-init',
      ],
      world.env,
    );
    await run.answer('instance_count — How many instances', `7${ENTER}`);
    await run.answer('instance_count must be 1 to 3', '');
    await run.answer('instance_count — How many instances', `2${ENTER}`);
    expect(await run.exited, run.output()).toBe(0);
    const tfvars = JSON.parse(await readFile(join(world.root, 'vars', 'dev.tfvars.json'), 'utf8'));
    expect(tfvars).toMatchObject({ instance_count: 2 });
  });

  it('Ctrl-C at a prompt exits 130 and keeps the answers given so far; the next init confirms them once (issue 25 item 9)', async () => {
    const world = await initWorld({
      buckets: [protectedBucket('team-state'), { name: 'team-artifacts', region: 'eu-west-1' }],
    });
    const before = await snapshot(world.root);
    const run = terminal(['init', '--dir', world.root, '--no-terraform-init'], world.env);
    await run.answer('Environment name', `dev${ENTER}`);
    await run.answer('AWS credentials', ENTER);
    await run.answer('AWS region', ENTER);
    await run.answer('EC2 key pair (eu-west-1)', ENTER);
    await run.answer('S3 bucket for Terraform state', CTRL_C);
    expect(await run.exited).toBe(130);
    expect(run.output()).toMatch(/the answers given so far are kept in .*\.challenge\/dev\.json/);
    // Only the pending answers file: no tfvars, no backend file, nothing in AWS.
    const after = await snapshot(world.root);
    expect(Object.keys(after).filter((path) => !(path in before))).toEqual([
      '.challenge',
      join('.challenge', 'dev.json'),
    ]);
    expect(world.fake.calls('s3')).toHaveLength(0);
    expect(await readJson(join(world.root, '.challenge', 'dev.json'))).toMatchObject({
      pending: { profile: 'dev', region: 'eu-west-1', keyPair: 'laptop' },
    });

    const again = terminal(['init', '--dir', world.root, '--no-terraform-init'], world.env);
    await again.answer('Environment name (dev)', ENTER);
    await again.expect('profile dev, region eu-west-1, key pair laptop');
    await again.answer('Continue with these answers?', ENTER);
    await again.answer('S3 bucket for Terraform state', `team-state${ENTER}`);
    await again.answer('S3 bucket for pipeline artifacts', `team-artifacts${ENTER}`);
    expect(await again.exited, again.output()).toBe(0);
    expect(again.output()).not.toMatch(/AWS credentials|AWS region|EC2 key pair \(/);
    expect(await readJson(join(world.root, 'vars', 'dev.tfvars.json'))).toMatchObject({
      ec2_key_pair_name: 'laptop',
      region: 'eu-west-1',
    });
  });
});
