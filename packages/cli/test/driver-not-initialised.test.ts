import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRoot, runCli, snapshot } from './helpers/cli.js';

const S3_ROOT = {
  'versions.tf': 'terraform {\n  backend "s3" {}\n}\n',
  'main.tf': 'resource "terraform_data" "marker" {\n  input = "x"\n}\n',
  'vars/dev.tfvars.json': '{}\n',
};

/** Every command that works on an env, as a user would type it for env dev. */
const COMMANDS: Array<[string, string[]]> = [
  ['plan', ['plan']],
  ['drift', ['drift']],
  ['apply', ['apply', '--yes']],
  ['destroy', ['destroy', '--yes']],
  ['output', ['output']],
  ['status', ['status']],
  ['approve', ['approve', '--yes']],
  ['ship app', ['ship', 'app']],
  ['smoke', ['smoke']],
  ['unlock', ['unlock', '--yes']],
  ['logs', ['logs']],
  ['logs --build', ['logs', '--build']],
  ['rollback', ['rollback', '--yes']],
];

let home: string;
let awsEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'not-init-home-'));
  await writeFile(
    join(home, 'config'),
    '[profile dev]\nregion = us-east-2\n\n[profile ops]\nregion = us-east-2\n',
  );
  await writeFile(
    join(home, 'credentials'),
    '[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n',
  );
  awsEnv = {
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    // Nothing may reach AWS: these failures are found before any call.
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PROFILE: '',
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
  };
});

async function expectRefused(
  root: string,
  args: string[],
  message: RegExp,
  hint: RegExp,
  env: NodeJS.ProcessEnv = {},
): Promise<void> {
  await expectRunRefused(root, [...args, '--dir', root, '--env', 'dev'], message, hint, env);
}

/** `argv` (which names the root and the env(s)) exits 1 with the cause and the fix, before Terraform ran. */
async function expectRunRefused(
  root: string,
  argv: string[],
  message: RegExp,
  hint: RegExp,
  env: NodeJS.ProcessEnv = {},
): Promise<void> {
  const before = await snapshot(root);
  const result = await runCli(argv, { env: { ...awsEnv, ...env } });
  expect(result.exitCode, result.stderr).toBe(1);
  expect(result.stderr).toMatch(new RegExp(`^Error: ${message.source}`));
  expect(result.stderr).toMatch(new RegExp(`\\nFix: ${hint.source}`));
  expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(2); // the cause and the fix, nothing else
  expect(existsSync(join(root, '.terraform'))).toBe(false); // Terraform never ran
  expect(await snapshot(root)).toEqual(before);
}

describe.concurrent('an env whose S3 backend settings were never written (challenge init never ran)', () => {
  let root: string;
  beforeAll(async () => {
    root = await makeRoot(S3_ROOT);
  });

  it.each(COMMANDS)(
    '%s says what is missing and to run challenge init, before Terraform',
    async (_name, args) => {
      await expectRefused(
        root,
        args,
        /Env dev is not initialised: the root keeps its state in S3 \(backend "s3" in versions\.tf\), and backends\/dev\.s3\.tfbackend, which names the state bucket, does not exist\./,
        /Run `challenge init --env dev` to choose the state bucket and write it\./,
      );
    },
  );

  it('--json gives the same as {error: {code, message, hint}}', async () => {
    const result = await runCli(['status', '--dir', root, '--env', 'dev', '--json'], { env: awsEnv });
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'ENV_NOT_INITIALIZED',
        message: expect.stringContaining('backends/dev.s3.tfbackend'),
        hint: 'Run `challenge init --env dev` to choose the state bucket and write it.',
      },
    });
  });

  it('doctor reports it as a failed check with the same fix', async () => {
    const result = await runCli(['doctor', '--dir', root, '--env', 'dev', '--json'], { env: awsEnv });
    expect(result.exitCode).toBe(1);
    const { checks } = JSON.parse(result.stdout) as {
      checks: Array<{ name: string; ok: boolean; hint?: string }>;
    };
    expect(checks.find((check) => check.name === 'backend settings')).toMatchObject({
      ok: false,
      hint: expect.stringContaining('challenge init --env dev'),
    });
    // One root cause, one failure: the workspace cannot be selected before the backend is known.
    expect(checks.find((check) => check.name === 'workspace')).toMatchObject({
      ok: false,
      skipped: true,
      detail: 'not checked: needs the backend settings',
    });
    expect(JSON.parse(result.stdout).error.message).toBe('1 check failed: backend settings.');
  });
});

describe.concurrent('an env whose AWS profile does not exist', () => {
  let root: string;
  beforeAll(async () => {
    root = await makeRoot({
      ...S3_ROOT,
      'backends/dev.s3.tfbackend': 'bucket = "state"\nkey = "k"\nregion = "us-east-2"\nuse_lockfile = true\n',
      '.challenge/dev.json': '{ "awsProfile": "gone" }\n',
    });
  });

  it.each(
    COMMANDS.filter(([name]) =>
      [
        'plan',
        'drift',
        'apply',
        'output',
        'status',
        'approve',
        'ship app',
        'unlock',
        'logs',
        'rollback',
      ].includes(name),
    ),
  )('%s names the saved profile, where it was saved, and how to choose another', async (_name, args) => {
    await expectRefused(
      root,
      args,
      /Env dev uses AWS profile "gone" \(saved in \.challenge\/dev\.json by challenge init\), which is not in your AWS config or credentials file \(.*config\)\./,
      /Save another profile with `challenge init --env dev --profile <name>` \(profiles: dev, ops\), or create it: `aws configure --profile gone`\./,
    );
  });

  it('--profile of a profile that does not exist names the flag and the profiles there are', async () => {
    await expectRefused(
      root,
      ['plan', '--profile', 'ghost'],
      /AWS profile "ghost" \(--profile\) is not in your AWS config or credentials file/,
      /Pass --profile with one of your profiles \(profiles: dev, ops\), or create it: `aws configure --profile ghost`\./,
    );
  });

  it('AWS_PROFILE of a profile that does not exist names the variable', async () => {
    const unsaved = await makeRoot({
      ...S3_ROOT,
      'backends/dev.s3.tfbackend': 'bucket = "state"\nkey = "k"\nregion = "us-east-2"\nuse_lockfile = true\n',
    });
    await expectRefused(
      unsaved,
      ['output'],
      /AWS_PROFILE=ghost is set, but that profile is not in your AWS config or credentials file/,
      /Unset AWS_PROFILE or pass --profile <name> \(profiles: dev, ops\)/,
      { AWS_PROFILE: 'ghost' },
    );
  });
});

describe.concurrent('promote: both envs are checked before Terraform reads either', () => {
  const TWO_ENVS = { ...S3_ROOT, 'vars/qa.tfvars.json': '{}\n' };
  const BACKEND = 'bucket = "state"\nkey = "k"\nregion = "us-east-2"\nuse_lockfile = true\n';
  const promote = (root: string, ...args: string[]) => [
    'promote',
    '--dir',
    root,
    '--from',
    'dev',
    '--to',
    'qa',
    '--yes',
    ...args,
  ];

  it('a target env never initialised is named, though the source is ready', async () => {
    const root = await makeRoot({ ...TWO_ENVS, 'backends/dev.s3.tfbackend': BACKEND });
    await expectRunRefused(
      root,
      promote(root),
      /Env qa is not initialised: .*backends\/qa\.s3\.tfbackend, which names the state bucket, does not exist\./,
      /Run `challenge init --env qa` to choose the state bucket and write it\./,
    );
  });

  it("the source env's saved profile that does not exist is named", async () => {
    const root = await makeRoot({
      ...TWO_ENVS,
      'backends/dev.s3.tfbackend': BACKEND,
      'backends/qa.s3.tfbackend': BACKEND,
      '.challenge/dev.json': '{ "awsProfile": "gone" }\n',
      '.challenge/qa.json': '{ "awsProfile": "ops" }\n',
    });
    await expectRunRefused(
      root,
      promote(root),
      /Env dev uses AWS profile "gone" \(saved in \.challenge\/dev\.json by challenge init\)/,
      /Save another profile with `challenge init --env dev --profile <name>` \(profiles: dev, ops\)/,
    );
  });

  it('--profile of a profile that does not exist names the flag', async () => {
    const root = await makeRoot({
      ...TWO_ENVS,
      'backends/dev.s3.tfbackend': BACKEND,
      'backends/qa.s3.tfbackend': BACKEND,
    });
    await expectRunRefused(
      root,
      promote(root, '--profile', 'ghost'),
      /AWS profile "ghost" \(--profile\) is not in your AWS config or credentials file/,
      /Pass --profile with one of your profiles \(profiles: dev, ops\)/,
    );
  });

  it('an invalid env name is refused naming the flag that gave it', async () => {
    const root = await makeRoot(TWO_ENVS);
    await expectRunRefused(
      root,
      ['promote', '--dir', root, '--from', 'dev', '--to', 'QA_Env', '--yes'],
      /Invalid environment name "QA_Env"/,
      /Use a name such as --to qa-env/,
    );
  });
});
