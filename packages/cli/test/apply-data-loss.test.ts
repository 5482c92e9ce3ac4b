import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  ec2AvailabilityZonesHandler,
  ecsHandler,
  type FakeAws,
  type ProviderSchemas,
  repoRoot,
  type ShownPlan,
  ssmHandler,
  startFakeAws,
  stateFromPlan,
  stsHandler,
  terraformEnv,
} from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const run = promisify(execFile);
const TABLE = 'aws_dynamodb_table.candidates';
const REPOSITORY = 'module.pipeline.aws_ecr_repository.app';

let fake: FakeAws;
let root: string;
let awsEnv: NodeJS.ProcessEnv;

// The real stack in a temp copy (local backend) whose state holds the table and the image repository as
// a first apply made them, against a loopback AWS account. Plans skip the refresh (the fake answers
// the stack's data sources, not the reads of every resource).
beforeAll(async () => {
  fake = await startFakeAws({
    handlers: {
      sts: stsHandler(),
      ec2: ec2AvailabilityZonesHandler(),
      ssm: ssmHandler({
        '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id': 'ami-0fedcba9876543210',
      }),
      ecs: ecsHandler({ services: [], taskDefinitions: [] }),
    },
  });
  root = await mkdtemp(join(tmpdir(), 'challenge-data-loss-'));
  const noFile = join(root, 'no-aws-config');
  awsEnv = {
    AWS_ENDPOINT_URL: fake.url,
    AWS_ACCESS_KEY_ID: 'AKIDPLAN',
    AWS_SECRET_ACCESS_KEY: 'plan-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: noFile,
    AWS_SHARED_CREDENTIALS_FILE: noFile,
    TF_CLI_ARGS_plan: '-refresh=false',
  };
  await cp(join(repoRoot(), 'terraform'), root, {
    recursive: true,
    filter: (source) => !source.includes(join('terraform', '.terraform')) && !source.endsWith('node_modules'),
  });
  await writeFile(join(root, 'backend_override.tf'), 'terraform {\n  backend "local" {}\n}\n');
  const terraform = async (args: string[]) =>
    (
      await run('terraform', args, {
        cwd: root,
        maxBuffer: 64 * 1024 * 1024,
        env: terraformEnv({ ...awsEnv, TF_DATA_DIR: join(root, '.seed') }),
      })
    ).stdout;
  await terraform(['init', '-input=false', '-no-color']);
  await terraform(['workspace', 'select', '-or-create', 'mock']);
  const targets = [TABLE, REPOSITORY].map((address) => `-target=${address}`);
  await terraform([
    'plan',
    '-input=false',
    '-no-color',
    '-var-file=vars/mock.tfvars.json',
    ...targets,
    '-out=seed.tfplan',
  ]);
  const seed = JSON.parse(await terraform(['show', '-json', 'seed.tfplan'])) as ShownPlan;
  const schemas = JSON.parse(await terraform(['providers', 'schema', '-json'])) as ProviderSchemas;
  await rm(join(root, 'seed.tfplan'));
  await mkdir(join(root, 'terraform.tfstate.d', 'mock'), { recursive: true });
  const state = stateFromPlan(seed, schemas, { addresses: [TABLE, REPOSITORY] });
  await writeFile(join(root, 'terraform.tfstate.d', 'mock', 'terraform.tfstate'), JSON.stringify(state));
}, 180_000);

afterAll(async () => {
  await fake?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('apply --yes of a plan that destroys data', () => {
  it('refuses without --allow-data-loss, naming what goes and why, and changes nothing', async () => {
    // A new key for the table and a new encryption for the repository: AWS replaces both.
    await writeFile(
      join(root, 'dynamodb_override.tf'),
      'resource "aws_dynamodb_table" "candidates" {\n  hash_key = "Email"\n  attribute {\n    name = "Email"\n    type = "S"\n  }\n}\n',
    );
    await writeFile(
      join(root, 'modules', 'pipeline', 'ecr_override.tf'),
      'resource "aws_ecr_repository" "app" {\n  encryption_configuration {\n    encryption_type = "KMS"\n  }\n}\n',
    );
    const statePath = join(root, 'terraform.tfstate.d', 'mock', 'terraform.tfstate');
    const before = await readFile(statePath, 'utf8');

    const refused = await runCli(['apply', '--dir', root, '--env', 'mock', '--yes', '--skip-preflight'], {
      env: awsEnv,
    });
    expect(refused.exitCode, refused.stderr).toBe(1);
    expect(refused.stderr).toContain(`destroys data (${TABLE}, ${REPOSITORY}): nothing was applied`);
    expect(refused.stderr).toContain('--allow-data-loss');
    const destroysData = refused.stdout.indexOf('Destroys data:');
    expect(destroysData).toBeGreaterThanOrEqual(0);
    expect(destroysData).toBeLessThan(refused.stdout.indexOf('Plan for env mock:'));
    expect(refused.stdout).toMatch(
      /-\/\+ aws_dynamodb_table\.candidates: replaces the table and every item in it .*\(forced by hash_key\)/,
    );
    expect(refused.stdout).toMatch(
      /-\/\+ module\.pipeline\.aws_ecr_repository\.app: .*forced by encryption_configuration/,
    );
    expect(await readFile(statePath, 'utf8')).toBe(before);
    expect(fake.requests.filter((r) => /Create|Delete|Put/.test(r.action ?? ''))).toEqual([]);
  }, 180_000);
});
