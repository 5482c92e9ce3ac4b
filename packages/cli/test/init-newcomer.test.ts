import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, snapshot, unwrapped } from './helpers/cli.js';
import { ENTER, terminal } from './helpers/terminal.js';
import { INIT_ANSWERS, initWorld, protectedBucket, readJson } from './init-fixture.js';

// Issue 25, items 5-8, 11, 12: init as a newcomer meets it.

function replaced(flag: string, value: string): string[] {
  const args = [...INIT_ANSWERS];
  args[args.indexOf(flag) + 1] = value;
  return args;
}

/** A loopback port nothing listens on (a server bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The committed mock env of the repository: the seed's placeholders where answers belong. */
const MOCK_TFVARS = {
  tags: { project: 'project_name', env: 'mock' },
  ec2_key_pair_name: 'key_pair_name',
  artifact_store: 'artifact-store-bucket-name',
  region: 'eu-west-1',
};

function linesOver(text: string, width: number): string[] {
  return text.split('\n').filter((line) => line.length > width && line.includes(' '));
}

describe('init for a newcomer (issue 25)', { timeout: 120_000 }, () => {
  it('5, 12. every problem at once (unknown profile, misspelt region, bad bucket name, --var typo), wrapped to 80 columns', async () => {
    const world = await initWorld();
    const before = await snapshot(world.root);
    const args = [...replaced('--profile', 'prod'), '--region', 'eu-wset-1', '--var', 'instance_cont=3'];
    args[args.indexOf('--state-bucket') + 1] = 'My_State';
    const result = await runCli(['init', '--dir', world.root, '--env', 'dev', ...args], {
      env: { ...world.env, COLUMNS: '80' },
    });
    expect(result.exitCode).toBe(1);
    const text = String(result.stderr).replace(/\n\s+(?!\d+\. |Fix: )/g, ' ');
    expect(text).toContain('AWS profile "prod" is not in your AWS config');
    expect(text).toContain('"eu-wset-1" is not an AWS region');
    expect(text).toContain('Did you mean eu-west-1?');
    expect(text).toContain('"My_State" is not a valid S3 bucket name');
    expect(text).toContain('Did you mean instance_count? (--var instance_count=3)');
    expect(text).not.toContain('ec2_key_pair_name, ');
    expect(linesOver(String(result.stderr), 80)).toEqual([]);
    expect(await snapshot(world.root)).toEqual(before);
  });

  it('5. a bad region does not hide a bad bucket name; an unreachable STS hides neither', async () => {
    const world = await initWorld();
    const args = [...replaced('--state-bucket', 'Bad_Bucket'), '--region', 'eu-wset-1'];
    const bad = await runCli(['init', '--dir', world.root, '--env', 'dev', ...args], { env: world.env });
    expect(bad.stderr).toContain('"eu-wset-1" is not an AWS region');
    expect(bad.stderr).toContain('"Bad_Bucket" is not a valid S3 bucket name');
    const offline = await runCli(['init', '--dir', world.root, '--env', 'dev', ...args], {
      env: {
        ...world.env,
        AWS_ENDPOINT_URL: `http://127.0.0.1:${await closedPort()}`,
        AWS_MAX_ATTEMPTS: '1',
      },
    });
    expect(offline.exitCode).toBe(1);
    expect(offline.stderr).toContain('init found 3 problems');
    expect(offline.stderr).toContain('"eu-wset-1" is not an AWS region');
    expect(offline.stderr).toContain('"Bad_Bucket" is not a valid S3 bucket name');
  });

  it('6. AWS_PROFILE is the profile answer', async () => {
    const world = await initWorld();
    const args = INIT_ANSWERS.slice(2); // without --profile dev
    const result = await runCli(
      ['init', '--dir', world.root, '--env', 'dev', '--no-terraform-init', ...args],
      {
        env: { ...world.env, AWS_PROFILE: 'dev' },
      },
    );
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(await readJson(join(world.root, '.challenge', 'dev.json'))).toMatchObject({ awsProfile: 'dev' });
  });

  it('8. the placeholders of the committed mock env are unanswered: asked for in CI, never checked', async () => {
    const world = await initWorld();
    await mkdir(join(world.root, 'vars'), { recursive: true });
    await writeFile(join(world.root, 'vars', 'mock.tfvars.json'), JSON.stringify(MOCK_TFVARS));
    const result = await runCli(['init', '--dir', world.root, '--profile', 'dev'], { env: world.env });
    expect(result.exitCode).toBe(1);
    expect(unwrapped(result.stderr)).toContain(
      'these answers are missing: --key-pair <name>, --state-bucket <name>',
    );
    expect(result.stderr).toContain('--artifact-bucket <name>');
    expect(result.stderr).not.toMatch(/key_pair_name|artifact-store-bucket-name/);
  });

  it('11. several envs and no --env without a terminal: refused, naming them', async () => {
    const world = await initWorld();
    await mkdir(join(world.root, 'vars'), { recursive: true });
    for (const env of ['dev', 'prod']) {
      await writeFile(join(world.root, 'vars', `${env}.tfvars.json`), '{}\n');
    }
    const before = await snapshot(world.root);
    const result = await runCli(['init', '--dir', world.root, '--yes', ...INIT_ANSWERS], { env: world.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('--env <name> (the root defines several envs: dev, prod)');
    expect(await snapshot(world.root)).toEqual(before);
  });

  it('7, 8. at a terminal: no ✔ before a refusal, no flag in a prompt or its fix, no placeholder offered or checked', async () => {
    const world = await initWorld({
      buckets: [protectedBucket('team-state'), { name: 'team-artifacts', region: 'eu-west-1' }],
    });
    await mkdir(join(world.root, 'vars'), { recursive: true });
    await writeFile(join(world.root, 'vars', 'mock.tfvars.json'), JSON.stringify(MOCK_TFVARS));
    const run = terminal(['init', '--dir', world.root, '--env', 'mock', '--no-terraform-init'], world.env);
    await run.answer('AWS credentials', ENTER);
    await run.answer('AWS region', `eu-wset-1${ENTER}`);
    await run.expect('✗ "eu-wset-1" is not an AWS region.');
    await run.answer('AWS region (eu-west-1)', ENTER);
    await run.answer('EC2 key pair (eu-west-1)', ENTER);
    await run.answer('S3 bucket for Terraform state', `new-state${ENTER}`);
    await run.answer('does not exist. Create it', `n${ENTER}`);
    await run.expect('Fix: Answer yes to create it, or name an existing bucket.');
    await run.answer('S3 bucket for Terraform state', `team-state${ENTER}`);
    await run.answer('S3 bucket for pipeline artifacts', `team-artifacts${ENTER}`);
    expect(await run.exited, run.output()).toBe(0);
    const output = run.output();
    expect(output).not.toContain('✔');
    // Up to the final screen (whose "Next:" command is a command line to copy).
    const prompts = output.slice(0, output.indexOf('is ready'));
    expect(prompts.match(/.{0,60}--[a-z].{0,30}/g) ?? []).toEqual([]);
    expect(output).not.toMatch(/key_pair_name|artifact-store-bucket-name/);
    expect(await readJson(join(world.root, 'vars', 'mock.tfvars.json'))).toMatchObject({
      ec2_key_pair_name: 'laptop',
      artifact_store: 'team-artifacts',
    });
  });
});

describe('init when terraform init fails (issue 25 item 12)', { timeout: 120_000 }, () => {
  it("quotes Terraform's error rather than pointing above at output it did not show", async () => {
    const world = await initWorld();
    await writeFile(
      join(world.root, 'versions.tf'),
      'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.100"\n    }\n  }\n}\n',
    );
    // A lock file whose recorded checksum no package matches: terraform init refuses to install.
    await writeFile(
      join(world.root, '.terraform.lock.hcl'),
      'provider "registry.terraform.io/hashicorp/aws" {\n  version     = "5.100.0"\n  constraints = "~> 5.100"\n  hashes = [\n    "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",\n  ]\n}\n',
    );
    const result = await runCli(['init', '--dir', world.root, '--env', 'dev', '--yes', ...INIT_ANSWERS], {
      env: world.env,
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).not.toContain('see above');
    expect(unwrapped(result.stderr)).toContain('Terraform could not install provider hashicorp/aws');
    expect(result.stderr).toMatch(/Terraform said:\n\s+Error: Failed to install provider/);
    expect(result.stderr).toContain('checksums');
  });
});
