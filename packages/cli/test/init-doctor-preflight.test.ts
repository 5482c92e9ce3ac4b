import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, snapshot, unwrapped } from './helpers/cli.js';
import { INIT_ANSWERS, initWorld } from './init-fixture.js';

const INIT = ['--env', 'dev', '--yes', ...INIT_ANSWERS, '--no-terraform-init'];

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  hint?: string;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

describe('challenge doctor', () => {
  it('runs every check with a result, names the failing ones with a fix and exits 1', async () => {
    const world = await initWorld();
    expect((await runCli(['init', '--dir', world.root, ...INIT], { env: world.env })).exitCode).toBe(0);
    const result = await runCli(['doctor', '--dir', world.root, '--env', 'dev', '--json'], {
      env: world.env,
    });
    expect(result.exitCode).toBe(1);
    const { ok, checks } = JSON.parse(String(result.stdout)) as { ok: boolean; checks: Check[] };
    expect(ok).toBe(false);
    const byName = Object.fromEntries(checks.map((check) => [check.name, check]));
    for (const name of [
      'environment',
      'node',
      'git',
      'terraform',
      'tfvars',
      'backend settings',
      'credentials',
      'region',
      'key pair',
      'state bucket',
      'artifact bucket',
    ]) {
      expect(byName[name], name).toMatchObject({ ok: true });
    }
    expect(byName['credentials']?.detail).toContain('account 123456789012');
    // init ran with --no-terraform-init: the workspace does not exist yet, and doctor says how to fix it.
    expect(byName['workspace']).toMatchObject({
      ok: false,
      hint: expect.stringContaining('challenge init --env dev'),
    });
  });

  it('reports a missing key pair in text form with its fix', async () => {
    const world = await initWorld();
    expect((await runCli(['init', '--dir', world.root, ...INIT], { env: world.env })).exitCode).toBe(0);
    const other = await initWorld({
      keyPairs: {},
      buckets: [
        { name: 'my-state', region: 'eu-west-1', versioning: 'Enabled', encryption: 'AES256' },
        { name: 'my-artifacts', region: 'eu-west-1' },
      ],
    });
    const result = await runCli(['doctor', '--dir', world.root, '--env', 'dev'], {
      env: { ...world.env, COLUMNS: '80', AWS_ENDPOINT_URL: other.fake.url },
    });
    expect(result.exitCode).toBe(1);
    expect(unwrapped(result.stdout)).toMatch(
      /✗ key pair\s+EC2 key pair "laptop" does not exist in eu-west-1, the region Terraform deploys env dev to \(vars\/dev\.tfvars\.json \("region"\)\)\.\n {2}Fix: .*`challenge init --env dev --key-pair laptop --import-public-key/,
    );
    expect(result.stdout).toMatch(/✓ state bucket\s+my-state \(versioned, AES256\)/);
    expect(result.stderr).toContain('2 checks failed: workspace, key pair.');
    for (const line of result.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe('AWS preflight before plan/apply', () => {
  it('stops plan before terraform runs when a check fails; names the check and --skip-preflight', async () => {
    const world = await initWorld();
    expect((await runCli(['init', '--dir', world.root, ...INIT], { env: world.env })).exitCode).toBe(0);
    const empty = await initWorld({ keyPairs: {} });
    const before = await snapshot(world.root);
    const result = await runCli(['plan', '--dir', world.root, '--env', 'dev'], {
      env: { ...world.env, AWS_ENDPOINT_URL: empty.fake.url },
    });
    expect(result.exitCode).toBe(1);
    const stderr = unwrapped(result.stderr);
    expect(stderr).toMatch(/✗ key pair\s+EC2 key pair "laptop" does not exist in eu-west-1/);
    expect(stderr).toMatch(/✗ state bucket\s+S3 state bucket "my-state" does not exist/);
    expect(stderr).toContain(
      'Error: AWS preflight failed: key pair, state bucket, artifact bucket (see above).\n',
    );
    expect(stderr).toMatch(/Fix: key pair: .*challenge init --env dev --key-pair laptop/);
    expect(stderr).toMatch(
      /state bucket: .*challenge init --env dev --state-bucket my-state --create-state-bucket/,
    );
    expect(stderr).toMatch(/--skip-preflight/);
    expect(await exists(join(world.root, '.terraform'))).toBe(false);
    expect(await snapshot(world.root)).toEqual(before);
  });
});
