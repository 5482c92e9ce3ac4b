import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_IDENTITY, type FakeAwsRequest, restXmlError } from '@challenge/testkit';
import { describe, expect, it } from 'vitest';
import { snapshot } from './helpers/cli.js';
import { DOWN, ENTER, terminal, UP } from './helpers/terminal.js';
import { importedKey, initWorld, protectedBucket, readJson } from './init-fixture.js';

// Issue 16, at a terminal: each wrong answer is named where it is given, asked again, and the corrected
// answer ends in the files written.

const account = DEFAULT_IDENTITY.account;

function initArgs(root: string, ...more: string[]): string[] {
  return ['init', '--dir', root, '--no-terraform-init', ...more];
}

async function tfvars(root: string, env: string): Promise<Record<string, unknown>> {
  return (await readJson(join(root, 'vars', `${env}.tfvars.json`))) as Record<string, unknown>;
}

/** A CreateBucket call (PUT on the bucket, no sub-resource): the one bucket call without an owner. */
function isCreateBucket(request: FakeAwsRequest): boolean {
  return request.method === 'PUT' && [...request.query.keys()].length === 0;
}

/** The bucket a path-style S3 call is about. */
function bucketOf(request: FakeAwsRequest): string | undefined {
  return request.path.split('/').filter(Boolean)[0];
}

// Several CLI runs per test, each waiting for its prompts: generous for a loaded machine.
describe('init at a terminal: each answer checked where it is given (issue 16)', { timeout: 180_000 }, () => {
  it('1. a mistyped region is refused at the prompt and asked again with the closest region as default', async () => {
    const world = await initWorld({
      keyPairs: { 'us-west-2': [{ name: 'laptop' }] },
      buckets: [protectedBucket('team-state', 'us-west-2'), { name: 'team-artifacts', region: 'us-west-2' }],
    });
    const run = terminal(initArgs(world.root, '--env', 'dev'), world.env);
    await run.answer('AWS credentials', ENTER);
    await run.answer('AWS region', `us-wst-2${ENTER}`);
    await run.expect('✗ "us-wst-2" is not an AWS region.');
    await run.expect('Fix: Did you mean us-west-2?');
    await run.answer('AWS region (us-west-2)', ENTER);
    await run.answer('EC2 key pair (us-west-2)', ENTER);
    await run.answer('S3 bucket for Terraform state', `team-state${ENTER}`);
    await run.answer('S3 bucket for pipeline artifacts', `team-artifacts${ENTER}`);
    expect(await run.exited, run.output()).toBe(0);
    expect(await tfvars(world.root, 'dev')).toMatchObject({ region: 'us-west-2' });
    expect(await readFile(join(world.root, 'backends', 'dev.s3.tfbackend'), 'utf8')).toMatch(
      /^region\s+= "us-west-2"$/m,
    );
    expect(run.output()).toContain(join(world.root, 'vars', 'dev.tfvars.json'));
    expect(run.output()).toContain('Next: challenge apply --env dev');
  });

  it('2. credentials are checked with STS as soon as a profile is chosen; expired, revoked and SSO sessions are explained and asked again', async () => {
    const world = await initWorld({
      moreProfiles: true,
      buckets: [protectedBucket('team-state'), { name: 'team-artifacts', region: 'eu-west-1' }],
    });
    const run = terminal(initArgs(world.root, '--env', 'dev'), world.env);
    // Choices: dev, old, revoked, sso (no environment credentials: none are set).
    await run.answer('AWS credentials', `${DOWN}${ENTER}`);
    await run.expect('✗ The temporary credentials of AWS profile "old" have expired');
    await run.expect('Fix: Store fresh keys in the profile: `aws configure --profile old`');
    await run.answer('AWS credentials', `${DOWN}${DOWN}${ENTER}`);
    await run.expect('✗ The SSO session of AWS profile "sso" has expired or was never started');
    await run.expect('Fix: Log in again: `aws sso login --profile sso`');
    await run.answer('AWS credentials', `${UP}${ENTER}`);
    await run.expect('✗ AWS rejected the access key of AWS profile "revoked" as invalid');
    await run.answer('AWS credentials', `${UP}${UP}${ENTER}`);
    await run.expect(`AWS account ${account} (${DEFAULT_IDENTITY.arn})`);
    await run.answer('AWS region', ENTER);
    await run.answer('EC2 key pair (eu-west-1)', ENTER);
    await run.answer('S3 bucket for Terraform state', `team-state${ENTER}`);
    await run.answer('S3 bucket for pipeline artifacts', `team-artifacts${ENTER}`);
    expect(await run.exited, run.output()).toBe(0);
    expect(run.output()).not.toContain('environment credentials');
    expect(world.fake.calls('sts', 'GetCallerIdentity').map((call) => call.accessKeyId)).toEqual([
      'AKIDOLD',
      'AKIDREVOKED',
      'AKIDDEV',
    ]);
    expect(await readJson(join(world.root, '.challenge', 'dev.json'))).toEqual({
      awsProfile: 'dev',
      region: 'eu-west-1',
      awsAccountId: '123456789012',
    });
  });

  it('3. with no profile and no credential variables, says how to get credentials before any question and exits 1', async () => {
    const world = await initWorld({ noAwsFiles: true });
    const before = await snapshot(world.root);
    const run = terminal(initArgs(world.root), world.env);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('No AWS credentials found');
    expect(run.output()).toMatch(/aws configure`.*aws configure sso`.*AWS_ACCESS_KEY_ID/s);
    expect(run.output()).not.toContain('Environment name');
    expect(world.fake.requests).toHaveLength(0);
    expect(await snapshot(world.root)).toEqual(before);
  });

  it('4a. an import name taken by another key is refused at the prompt; the name is asked again', async () => {
    const world = await initWorld({
      publicKey: true,
      keyPairs: {
        'eu-west-1': [{ name: 'laptop', fingerprint: '1f:51:ae:28:bf:89:e9:d8:1f:25:5d:37:2d:7d:b8:ca' }],
      },
      buckets: [protectedBucket('team-state'), { name: 'team-artifacts', region: 'eu-west-1' }],
    });
    const run = terminal(initArgs(world.root, '--env', 'dev'), world.env);
    await run.answer('AWS credentials', ENTER);
    await run.answer('AWS region', ENTER);
    await run.answer('EC2 key pair (eu-west-1)', `${DOWN}${ENTER}`); // import ~/.ssh/id_ed25519.pub
    await run.answer('Name of the imported key pair', `laptop${ENTER}`);
    await run.expect('✗ EC2 key pair "laptop" already exists in eu-west-1 and holds another key');
    await run.answer('Name of the imported key pair (challenge-dev)', ENTER);
    await run.answer('S3 bucket for Terraform state', `team-state${ENTER}`);
    await run.answer('S3 bucket for pipeline artifacts', `team-artifacts${ENTER}`);
    expect(await run.exited, run.output()).toBe(0);
    expect(await tfvars(world.root, 'dev')).toMatchObject({ ec2_key_pair_name: 'challenge-dev' });
    const imports = world.fake.calls('ec2', 'ImportKeyPair');
    expect(imports.map((call) => call.params['KeyName'])).toEqual(['challenge-dev']);
  });

  it('4b. an import name that already holds the same key (same fingerprint) is offered as is, with no import', async () => {
    const key = importedKey('laptop');
    const world = await initWorld({
      publicKey: key.line,
      keyPairs: { 'eu-west-1': [key.pair] },
      buckets: [protectedBucket('team-state'), { name: 'team-artifacts', region: 'eu-west-1' }],
    });
    const run = terminal(initArgs(world.root, '--env', 'dev'), world.env);
    await run.answer('AWS credentials', ENTER);
    await run.answer('AWS region', ENTER);
    await run.answer('EC2 key pair (eu-west-1)', `${DOWN}${ENTER}`);
    await run.answer('Name of the imported key pair', `laptop${ENTER}`);
    await run.answer('already holds', `y${ENTER}`);
    await run.expect('Using EC2 key pair "laptop": it already holds');
    await run.answer('S3 bucket for Terraform state', `team-state${ENTER}`);
    await run.answer('S3 bucket for pipeline artifacts', `team-artifacts${ENTER}`);
    expect(await run.exited, run.output()).toBe(0);
    expect(await tfvars(world.root, 'dev')).toMatchObject({ ec2_key_pair_name: 'laptop' });
    expect(world.fake.calls('ec2', 'ImportKeyPair')).toHaveLength(0);
  });

  it("5. buckets of another account or region are named as such; an unprotected one is hardened at the user's word, its policy kept", async () => {
    const policy = '{"Version":"2012-10-17","Statement":[]}';
    const world = await initWorld({
      buckets: [
        { name: 'theirs', owner: '999999999999', region: 'eu-west-1' },
        { name: 'east-state', region: 'us-east-1' },
        { name: 'old-state', region: 'eu-west-1', policy },
      ],
    });
    const run = terminal(initArgs(world.root, '--env', 'dev'), world.env);
    await run.answer('AWS credentials', ENTER);
    await run.answer('AWS region', ENTER);
    await run.answer('EC2 key pair (eu-west-1)', ENTER);
    await run.answer('S3 bucket for Terraform state', `theirs${ENTER}`);
    await run.expect(`✗ S3 bucket "theirs" exists but is not in your account ${account}`);
    await run.answer('S3 bucket for Terraform state', `east-state${ENTER}`);
    await run.expect('✗ S3 bucket "east-state" is in us-east-1, not in eu-west-1');
    await run.expect('answer us-east-1 at the region question');
    await run.answer('S3 bucket for Terraform state', `old-state${ENTER}`);
    await run.answer(
      'S3 bucket "old-state" has no versioning, default encryption and public access block. Turn them on now',
      `y${ENTER}`,
    );
    await run.answer('S3 bucket for pipeline artifacts', ENTER); // suggested name, does not exist
    await run.answer('does not exist. Create it', `y${ENTER}`);
    expect(await run.exited, run.output()).toBe(0);
    expect(run.output()).toContain(
      'Turned on versioning, default encryption, public access block for S3 bucket "old-state"',
    );
    expect(world.s3.bucket('old-state')).toMatchObject({
      versioning: 'Enabled',
      encryption: 'AES256',
      publicAccessBlocked: true,
      policy,
    });
    expect(await readFile(join(world.root, 'backends', 'dev.s3.tfbackend'), 'utf8')).toMatch(
      /^bucket\s+= "old-state"$/m,
    );
    // Issue 14.9: every bucket call names the expected owner; the new bucket enforces bucket-owner ownership.
    const calls = world.fake.calls('s3');
    for (const call of calls.filter((c) => !isCreateBucket(c))) {
      expect(call.headers['x-amz-expected-bucket-owner'], `${call.method} ${call.path}`).toBe(account);
    }
    const creates = calls.filter(isCreateBucket);
    expect(creates.map(bucketOf)).toEqual([`challenge-artifacts-${account}-eu-west-1`]);
    expect(creates[0]?.headers['x-amz-object-ownership']).toBe('BucketOwnerEnforced');
  });

  it('6. a failed AWS action keeps the answers; the next init resumes with them as defaults', async () => {
    let denied = false;
    const world = await initWorld({
      // The first CreateBucket of the state bucket is refused, as IAM refuses a user without s3:CreateBucket.
      s3Before: (request) => {
        if (denied || !isCreateBucket(request) || bucketOf(request) !== 'team-state') return undefined;
        denied = true;
        return restXmlError(403, 'AccessDenied', 'Access Denied');
      },
    });
    const first = terminal(initArgs(world.root), world.env);
    await first.answer('Environment name', `stage${ENTER}`);
    await first.answer('AWS credentials', ENTER);
    await first.answer('AWS region', ENTER);
    await first.answer('EC2 key pair (eu-west-1)', ENTER);
    await first.answer('S3 bucket for Terraform state', `team-state${ENTER}`);
    await first.answer('does not exist. Create it', `y${ENTER}`);
    await first.answer('S3 bucket for pipeline artifacts', `team-artifacts${ENTER}`);
    await first.answer('does not exist. Create it', `y${ENTER}`);
    expect(await first.exited, first.output()).toBe(1);
    expect(first.output()).toContain(
      'AWS denied access to AWS profile "dev" while creating S3 bucket "team-state"',
    );
    expect(first.output()).toMatch(/Your answers are kept in .*\.challenge\/stage\.json/);
    expect(first.output()).toContain('Then run `challenge init --env stage`: it resumes with those answers.');
    expect(Object.keys(await snapshot(world.root))).not.toContain(join('vars', 'stage.tfvars.json'));
    expect(await readJson(join(world.root, '.challenge', 'stage.json'))).toMatchObject({
      pending: { profile: 'dev', region: 'eu-west-1', keyPair: 'laptop', stateBucket: 'team-state' },
    });

    // Issue 25 item 9: the kept answers are confirmed once, not asked again one by one.
    const again = terminal(initArgs(world.root), world.env);
    await again.answer('Environment name (stage)', ENTER);
    await again.expect('Resuming with the answers an earlier run saved');
    await again.expect('profile dev, region eu-west-1, key pair laptop, state bucket team-state (create)');
    await again.answer('Continue with these answers?', ENTER);
    expect(await again.exited, again.output()).toBe(0);
    expect(again.output()).not.toMatch(/EC2 key pair \(|AWS region|S3 bucket for/);
    expect(await tfvars(world.root, 'stage')).toEqual({
      ec2_key_pair_name: 'laptop',
      artifact_store: 'team-artifacts',
      region: 'eu-west-1',
    });
    expect(await readJson(join(world.root, '.challenge', 'stage.json'))).toEqual({
      awsProfile: 'dev',
      region: 'eu-west-1',
      awsAccountId: '123456789012',
    });
    expect(world.s3.bucket('team-state')).toMatchObject({ versioning: 'Enabled', publicAccessBlocked: true });
  });
});
