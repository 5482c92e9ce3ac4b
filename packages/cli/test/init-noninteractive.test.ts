import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_IDENTITY } from '@challenge/testkit';
import { describe, expect, it } from 'vitest';
import { runCli, snapshot } from './helpers/cli.js';
import { INIT_ANSWERS, initWorld } from './init-fixture.js';

const FULL = [...INIT_ANSWERS, '--no-terraform-init'];

/** An existing state bucket with every protection init asks for. */
const PROTECTED_STATE = {
  name: 'my-state',
  region: 'eu-west-1',
  versioning: 'Enabled',
  encryption: 'AES256',
  publicAccessBlocked: true,
} as const;

describe('challenge init (non-interactive)', () => {
  it('checks AWS, creates the buckets and writes tfvars, backend and per-user settings', async () => {
    const world = await initWorld();
    const result = await runCli(['init', '--dir', world.root, '--env', 'dev', '--yes', ...FULL], {
      env: world.env,
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`AWS account ${DEFAULT_IDENTITY.account} (${DEFAULT_IDENTITY.arn})`);
    expect(result.stdout).toContain('Next: challenge apply --env dev');
    expect(JSON.parse(await readFile(join(world.root, 'vars', 'dev.tfvars.json'), 'utf8'))).toEqual({
      ec2_key_pair_name: 'laptop',
      artifact_store: 'my-artifacts',
      region: 'eu-west-1',
    });
    const backend = await readFile(join(world.root, 'backends', 'dev.s3.tfbackend'), 'utf8');
    expect(backend).toMatch(/^bucket\s+= "my-state"$/m);
    expect(backend).toMatch(/^key\s+= "challenge\/dev\/terraform.tfstate"$/m);
    expect(backend).toMatch(/^region\s+= "eu-west-1"$/m);
    expect(backend).toMatch(/^use_lockfile = true$/m);
    expect(backend).toMatch(/^encrypt\s+= true$/m);
    expect(JSON.parse(await readFile(join(world.root, '.challenge', 'dev.json'), 'utf8'))).toEqual({
      awsProfile: 'dev',
      region: 'eu-west-1',
      awsAccountId: '123456789012',
    });
    expect(world.s3.bucket('my-state')).toMatchObject({
      versioning: 'Enabled',
      encryption: 'AES256',
      publicAccessBlocked: true,
    });
    expect(world.s3.bucket('my-artifacts')).toMatchObject({ region: 'eu-west-1' });
    // Secrets never reach output or files.
    const all = `${result.stdout}${JSON.stringify(await snapshot(world.root))}${backend}`;
    expect(all).not.toMatch(/secret-dev/);
  });

  it('a re-run keeps existing values and unknown keys, and takes --var', async () => {
    const world = await initWorld({
      buckets: [PROTECTED_STATE, { name: 'my-artifacts', region: 'eu-west-1' }],
    });
    const first = await runCli(['init', '--dir', world.root, '--env', 'dev', '--yes', ...FULL], {
      env: world.env,
    });
    expect(first.exitCode).toBe(0);
    const path = join(world.root, 'vars', 'dev.tfvars.json');
    const data = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(path, JSON.stringify({ ...data, team_note: 'keep me' })),
    );
    const again = await runCli(
      [
        'init',
        '--dir',
        world.root,
        '--env',
        'dev',
        '--yes',
        '--var',
        'instance_count=2',
        '--no-terraform-init',
      ],
      { env: world.env },
    );
    expect(again.stderr).toBe('');
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      ...data,
      team_note: 'keep me',
      instance_count: 2,
    });
  });

  it('imports ~/.ssh public key as the named key pair when it does not exist', async () => {
    const world = await initWorld({ publicKey: true, keyPairs: {} });
    const args = withFlag('--key-pair', 'desktop');
    const result = await runCli(
      [
        'init',
        '--dir',
        world.root,
        '--env',
        'dev',
        '--yes',
        '--import-public-key',
        join(world.home, '.ssh', 'id_ed25519.pub'),
        ...args,
      ],
      { env: world.env },
    );
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(result.stdout).toContain('as EC2 key pair "desktop" in eu-west-1');
    expect(world.ec2.keyPairs('eu-west-1').map((pair) => pair.name)).toEqual(['desktop']);
  });

  it('--json prints the result', async () => {
    const world = await initWorld();
    const result = await runCli(['init', '--dir', world.root, '--env', 'dev', '--yes', '--json', ...FULL], {
      env: world.env,
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(String(result.stdout))).toMatchObject({
      env: 'dev',
      account: DEFAULT_IDENTITY.account,
      stateBucket: 'my-state',
      artifactBucket: 'my-artifacts',
      keyPair: 'laptop',
      nextCommand: 'challenge apply --env dev',
    });
  });
});

interface BadCase {
  name: string;
  args: string[];
  world?: Parameters<typeof initWorld>[0];
  env?: NodeJS.ProcessEnv;
  setup?: (world: Awaited<ReturnType<typeof initWorld>>) => Promise<void>;
  message: RegExp;
  hint: RegExp;
}

function withFlag(name: string, value: string | undefined): string[] {
  const args = [...FULL];
  const at = args.indexOf(name);
  if (value === undefined) args.splice(at, 2);
  else args[at + 1] = value;
  return args;
}

const CASES: BadCase[] = [
  {
    name: 'invalid env name',
    args: ['--env', 'My_Env', ...FULL],
    message: /Invalid environment name "My_Env"/,
    hint: /--env my-env/,
  },
  {
    name: 'unknown profile',
    args: ['--env', 'dev', ...withFlag('--profile', 'prod')],
    message: /AWS profile "prod" is not in your AWS config or credentials file/,
    hint: /Use one of: dev, old/,
  },
  {
    name: 'no credentials at all (no profile, no env keys)',
    args: ['--env', 'dev', ...withFlag('--profile', undefined)],
    message: /these answers are missing: --profile <aws profile>/,
    hint: /--profile/,
  },
  {
    name: 'profile without credentials',
    args: ['--env', 'dev', ...FULL],
    setup: async (world) => {
      const fs = await import('node:fs/promises');
      await fs.writeFile(join(world.home, '.aws', 'credentials'), '');
    },
    message: /No AWS credentials found for AWS profile "dev"/,
    hint: /aws configure --profile dev/,
  },
  {
    name: 'expired token',
    args: ['--env', 'dev', ...withFlag('--profile', 'old')],
    message: /The temporary credentials of AWS profile "old" have expired/,
    hint: /aws configure --profile old/,
  },
  {
    name: 'region typo',
    args: ['--env', 'dev', '--region', 'eu-wset-1', ...FULL],
    message: /"eu-wset-1" is not an AWS region/,
    hint: /Did you mean eu-west-1\?/,
  },
  {
    name: 'key pair missing and no .pub to import',
    args: ['--env', 'dev', ...withFlag('--key-pair', 'desktop')],
    message: /EC2 key pair "desktop" does not exist in eu-west-1/,
    hint: /ssh-keygen -t ed25519/,
  },
  {
    name: 'key pair missing, a .pub exists',
    world: { publicKey: true },
    args: ['--env', 'dev', ...withFlag('--key-pair', 'desktop')],
    message: /EC2 key pair "desktop" does not exist in eu-west-1/,
    hint: /--import-public-key .*id_ed25519\.pub/,
  },
  {
    name: 'invalid state bucket name',
    args: ['--env', 'dev', ...withFlag('--state-bucket', 'My_State')],
    message: /"My_State" is not a valid S3 bucket name/,
    hint: /lowercase/,
  },
  {
    name: 'state bucket of another account',
    world: { buckets: [{ name: 'my-state', owner: '999999999999', region: 'eu-west-1' }] },
    args: ['--env', 'dev', ...FULL],
    message: /S3 bucket "my-state" exists but is not in your account 123456789012/,
    hint: /pick another name/,
  },
  {
    name: 'state bucket missing without --create-state-bucket',
    args: ['--env', 'dev', ...FULL.filter((a) => a !== '--create-state-bucket')],
    message: /S3 state bucket "my-state" does not exist in account 123456789012/,
    hint: /--create-state-bucket/,
  },
  {
    name: 'non-TTY without flags lists every missing flag',
    args: ['--env', 'dev'],
    message: /--profile <aws profile>, --key-pair <name>, --state-bucket <name>.*--artifact-bucket <name>/,
    hint: /challenge init --env dev --profile <aws profile> --key-pair <name>/,
  },
  {
    name: 'invalid --var value',
    args: ['--env', 'dev', '--var', 'instance_count=7', ...FULL],
    message: /Variable instance_count: .*between 1 and 3/,
    hint: /a number, at least 1 and at most 3 \(--var instance_count=<value>\)/,
  },
  {
    name: '--var of an undeclared variable',
    args: ['--env', 'dev', '--var', 'instanse_count=2', ...FULL],
    message: /declares no variable "instanse_count"/,
    hint: /instance_count/,
  },
  {
    name: '--var without =',
    args: ['--env', 'dev', '--var', 'instance_count', ...FULL],
    message: /--var "instance_count" is not of the form name=value/,
    hint: /--var instance_count=2/,
  },
];

describe('challenge init bad input: clear message, non-zero exit, no file changed', () => {
  it.each(CASES)('$name', async (bad) => {
    const world = await initWorld(bad.world);
    await bad.setup?.(world);
    const before = await snapshot(world.root);
    const result = await runCli(['init', '--dir', world.root, ...bad.args], {
      env: { ...world.env, ...bad.env },
    });
    expect(result.stderr).toMatch(bad.message);
    expect(result.stderr).toMatch(new RegExp(`Fix: .*${bad.hint.source}`));
    expect(result.exitCode).toBe(1);
    expect(await snapshot(world.root)).toEqual(before);
    expect(`${result.stderr}${result.stdout}`).not.toMatch(/secret-|token-old/);
  });
});
