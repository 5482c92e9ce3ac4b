import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_IDENTITY, type FakeAwsRequest, restXmlError } from '@challenge/testkit';
import { describe, expect, it } from 'vitest';
import { runCli, snapshot } from './helpers/cli.js';
import { CTRL_C, ENTER, terminal } from './helpers/terminal.js';
import { importedKey, initWorld, protectedBucket, readJson } from './init-fixture.js';

// Issue 16 without a terminal: a flag answer gets the check a prompt answer gets, with the same message;
// every problem is listed at once. Issue 14.7: no file is written through a symbolic link.

const account = DEFAULT_IDENTITY.account;
const BUCKETS = [protectedBucket('team-state'), { name: 'team-artifacts', region: 'eu-west-1' }];
const ANSWERS = ['--profile', 'dev', '--key-pair', 'laptop', '--state-bucket', 'team-state'];
const ARTIFACTS = ['--artifact-bucket', 'team-artifacts'];

function init(root: string, ...flags: string[]): string[] {
  return ['init', '--dir', root, '--env', 'dev', '--yes', '--no-terraform-init', ...flags];
}

function isCreateBucket(request: FakeAwsRequest): boolean {
  return request.method === 'PUT' && [...request.query.keys()].length === 0;
}

/** The problem and fix lines of a refusal, as `Error: ... / Fix: ...` or as shown at a prompt. */
function problemText(text: string, message: string): string {
  const at = text.indexOf(message);
  const fix = text.indexOf('Fix: ', at);
  const line = (from: number) => {
    const end = text.indexOf('\n', from);
    return text.slice(from, end === -1 ? undefined : end).trim();
  };
  return `${line(at)} ${line(fix)}`;
}

describe('init flags: the same checks as the prompts', { timeout: 180_000 }, () => {
  it('a mistyped --region is refused with the very message the prompt shows', async () => {
    const world = await initWorld({ buckets: BUCKETS });
    const flag = await runCli(init(world.root, ...ANSWERS, ...ARTIFACTS, '--region', 'us-wst-2'), {
      env: world.env,
    });
    expect(flag.exitCode).toBe(1);
    const prompt = terminal(['init', '--dir', world.root, '--env', 'dev', '--no-terraform-init'], world.env);
    await prompt.answer('AWS credentials', ENTER);
    await prompt.answer('AWS region', `us-wst-2${ENTER}`);
    await prompt.answer('AWS region (us-west-2)', CTRL_C);
    expect(await prompt.exited).toBe(130);
    const message = '"us-wst-2" is not an AWS region.';
    // The same problem; the fix names the flag only where a flag was given (issue 25 item 7).
    expect(problemText(String(flag.stderr), message)).toBe(
      '"us-wst-2" is not an AWS region. Fix: Did you mean us-west-2? Pass --region us-west-2.',
    );
    expect(problemText(prompt.output(), message)).toBe(
      '"us-wst-2" is not an AWS region. Fix: Did you mean us-west-2?',
    );
  });

  it('lists every problem at once, each with its fix, and changes nothing', async () => {
    const world = await initWorld({
      buckets: [
        { name: 'theirs', owner: '999999999999', region: 'eu-west-1' },
        { name: 'east-artifacts', region: 'us-east-1' },
      ],
    });
    const before = await snapshot(world.root);
    const result = await runCli(
      init(
        world.root,
        ...['--profile', 'dev', '--key-pair', 'nope', '--state-bucket', 'theirs'],
        ...['--artifact-bucket', 'east-artifacts', '--var', 'instance_count=7', '--var', 'instanse=1'],
      ),
      { env: world.env },
    );
    expect(result.exitCode).toBe(1);
    const stderr = String(result.stderr);
    expect(stderr).toContain('init found 5 problems with its answers:');
    expect(stderr).toMatch(/1\. --var instanse: .* declares no variable "instanse"\.\n\s+Fix: Use one of:/);
    expect(stderr).toMatch(/2\. EC2 key pair "nope" does not exist in eu-west-1\.\n\s+Fix: /);
    expect(stderr).toMatch(
      new RegExp(`3\\. S3 bucket "theirs" exists but is not in your account ${account}`),
    );
    expect(stderr).toMatch(/4\. S3 bucket "east-artifacts" is in us-east-1, not in eu-west-1/);
    expect(stderr).toMatch(/5\. Variable instance_count: .*\n\s+Fix: .*--var instance_count=<value>/);
    expect(stderr).toMatch(/^Fix: Fix each one .*`challenge init --help`/m);
    expect(await snapshot(world.root)).toEqual(before);
    expect(world.fake.calls('s3').filter(isCreateBucket)).toHaveLength(0);
  });

  it('a taken key pair name is refused before anything is created; the same key under that name is used as is', async () => {
    const key = importedKey('laptop');
    const other = await initWorld({
      publicKey: true,
      keyPairs: {
        'eu-west-1': [{ name: 'laptop', fingerprint: '1f:51:ae:28:bf:89:e9:d8:1f:25:5d:37:2d:7d:b8:ca' }],
      },
      buckets: BUCKETS,
    });
    const pub = (home: string) => ['--import-public-key', join(home, '.ssh', 'id_ed25519.pub')];
    const refused = await runCli(init(other.root, ...ANSWERS, ...ARTIFACTS, ...pub(other.home)), {
      env: other.env,
    });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/EC2 key pair "laptop" already exists in eu-west-1 and holds another key/);
    expect(refused.stderr).toMatch(
      /Fix: Import under a free name \(--key-pair challenge-dev --import-public-key/,
    );
    expect(other.fake.calls('ec2', 'ImportKeyPair')).toHaveLength(0);

    const same = await initWorld({
      publicKey: key.line,
      keyPairs: { 'eu-west-1': [key.pair] },
      buckets: BUCKETS,
    });
    const used = await runCli(init(same.root, ...ANSWERS, ...ARTIFACTS, ...pub(same.home)), {
      env: same.env,
    });
    expect(used.exitCode, String(used.stderr)).toBe(0);
    expect(used.stdout).toContain('Using EC2 key pair "laptop": it already holds');
    expect(same.fake.calls('ec2', 'ImportKeyPair')).toHaveLength(0);
  });

  it('an existing state bucket without protections is refused, naming them and --harden-state-bucket; with it, they are turned on', async () => {
    const policy = '{"Version":"2012-10-17","Statement":[]}';
    const world = await initWorld({
      buckets: [
        { name: 'old-state', region: 'eu-west-1', versioning: 'Enabled', policy },
        { name: 'team-artifacts', region: 'eu-west-1' },
      ],
    });
    const args = ['--profile', 'dev', '--key-pair', 'laptop', '--state-bucket', 'old-state', ...ARTIFACTS];
    const refused = await runCli(init(world.root, ...args), { env: world.env });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(
      'S3 state bucket "old-state" has no default encryption and public access block',
    );
    expect(refused.stderr).toMatch(/Fix: Pass --harden-state-bucket/);
    expect(world.s3.bucket('old-state')?.encryption).toBeUndefined();
    expect(world.s3.bucket('old-state')?.publicAccessBlocked).toBe(false);

    const hardened = await runCli(init(world.root, ...args, '--harden-state-bucket'), { env: world.env });
    expect(hardened.exitCode, String(hardened.stderr)).toBe(0);
    expect(hardened.stdout).toContain(
      'Turned on default encryption, public access block for S3 bucket "old-state"',
    );
    expect(world.s3.bucket('old-state')).toMatchObject({
      encryption: 'AES256',
      publicAccessBlocked: true,
      policy,
    });
  });

  it('with no profile and no credential variables, says how to get credentials (exit 1)', async () => {
    const world = await initWorld({ noAwsFiles: true });
    const result = await runCli(init(world.root, '--key-pair', 'laptop'), { env: world.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^Error: No AWS credentials found: /m);
    expect(result.stderr).toMatch(/^Fix: .*`aws configure`.*`aws configure sso`.*AWS_ACCESS_KEY_ID/m);
    expect(world.fake.requests).toHaveLength(0);
  });

  it('a failed AWS action keeps the answers (--json says where); `init --env dev --yes` then resumes with them', async () => {
    let denied = false;
    const world = await initWorld({
      s3Before: (request) => {
        if (denied || !isCreateBucket(request)) return undefined;
        denied = true;
        return restXmlError(403, 'AccessDenied', 'Access Denied');
      },
    });
    const creates = [
      '--create-state-bucket',
      '--artifact-bucket',
      'team-artifacts',
      '--create-artifact-bucket',
    ];
    const failed = await runCli(init(world.root, ...ANSWERS, ...creates, '--json'), { env: world.env });
    expect(failed.exitCode).toBe(1);
    const { error } = JSON.parse(String(failed.stdout)) as { error: { message: string; hint: string } };
    expect(error.message).toMatch(/Your answers are kept in .*\.challenge\/dev\.json\./);
    expect(error.hint).toContain('Then run `challenge init --env dev`: it resumes with those answers.');
    expect(await readdir(world.root)).not.toContain('vars');

    const resumed = await runCli(init(world.root), { env: world.env });
    expect(resumed.exitCode, String(resumed.stderr)).toBe(0);
    expect(resumed.stdout).toContain('Resuming with the answers an earlier run saved');
    expect(await readJson(join(world.root, 'vars', 'dev.tfvars.json'))).toEqual({
      ec2_key_pair_name: 'laptop',
      artifact_store: 'team-artifacts',
      region: 'eu-west-1',
    });
    expect(await readJson(join(world.root, '.challenge', 'dev.json'))).toEqual({
      awsProfile: 'dev',
      region: 'eu-west-1',
      awsAccountId: '123456789012',
    });
    expect(world.s3.bucket('team-state')).toMatchObject({ versioning: 'Enabled', publicAccessBlocked: true });
  });
});

describe('init never writes through a symbolic link (issue 14.7)', { timeout: 180_000 }, () => {
  async function outsideFolder(): Promise<{ dir: string; victim: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'outside-root-'));
    const victim = join(dir, 'victim.json');
    await writeFile(victim, '{ "ec2_key_pair_name": "laptop" }\n');
    return { dir, victim };
  }

  const CASES = [
    { name: 'a committed vars/dev.tfvars.json link', link: join('vars', 'dev.tfvars.json'), to: 'file' },
    { name: 'a committed backends/ folder link', link: 'backends', to: 'folder' },
    { name: 'a .challenge/dev.json link', link: join('.challenge', 'dev.json'), to: 'file' },
  ] as const;

  it.each(CASES)(
    '$name: refused with the link and the fix, the target untouched, nothing created in AWS',
    async ({ link, to }) => {
      const world = await initWorld({ buckets: BUCKETS });
      const outside = await outsideFolder();
      await mkdir(join(world.root, link, '..'), { recursive: true });
      await symlink(to === 'file' ? outside.victim : outside.dir, join(world.root, link));
      const result = await runCli(
        init(world.root, ...ANSWERS, '--artifact-bucket', 'new-artifacts', '--create-artifact-bucket'),
        {
          env: world.env,
        },
      );
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(
          `Error: Refusing to write .*: ${join(world.root, link).replaceAll('.', '\\.')} is a symbolic link`,
        ),
      );
      expect(result.stderr).toMatch(
        /Fix: Replace the link with a regular (file|folder) \(`rm .*`.*`challenge init --env dev`/,
      );
      expect(await readFile(outside.victim, 'utf8')).toBe('{ "ec2_key_pair_name": "laptop" }\n');
      expect(await readdir(outside.dir)).toEqual(['victim.json']);
      expect(world.fake.calls('s3').filter(isCreateBucket)).toHaveLength(0);
    },
  );

  it('an interactive run is refused the same way before any AWS action', async () => {
    const world = await initWorld({ buckets: BUCKETS });
    const outside = await outsideFolder();
    await mkdir(join(world.root, 'vars'), { recursive: true });
    await symlink(outside.victim, join(world.root, 'vars', 'dev.tfvars.json'));
    const run = terminal(['init', '--dir', world.root, '--env', 'dev', '--no-terraform-init'], world.env);
    await run.answer('AWS credentials', ENTER);
    await run.answer('AWS region', ENTER);
    await run.answer('S3 bucket for Terraform state', `team-state${ENTER}`);
    await run.answer('S3 bucket for pipeline artifacts', `new-artifacts${ENTER}`);
    await run.answer('does not exist. Create it', `y${ENTER}`);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('is a symbolic link');
    expect(await readFile(outside.victim, 'utf8')).toBe('{ "ec2_key_pair_name": "laptop" }\n');
    expect(world.fake.calls('s3').filter(isCreateBucket)).toHaveLength(0);
  });
});
