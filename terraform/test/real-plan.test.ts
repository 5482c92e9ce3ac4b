import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  composeHandlers,
  ec2AvailabilityZonesHandler,
  type FakeAws,
  repoRoot,
  ssmHandler,
  startFakeAws,
  stsHandler,
  terraformEnv,
} from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const AMI_PARAMETER = '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id';

interface PlannedResource {
  address: string;
  type: string;
  values: Record<string, unknown>;
}

let fake: FakeAws;
let root: string;

async function terraform(args: string[]): Promise<string> {
  const { stdout } = await run('terraform', args, {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
    env: terraformEnv({
      AWS_ENDPOINT_URL: fake.url,
      AWS_ACCESS_KEY_ID: 'AKIDPLAN',
      AWS_SECRET_ACCESS_KEY: 'plan-secret',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      TF_DATA_DIR: join(root, '.terraform'),
    }),
  });
  return stdout;
}

/** Plans the real root with vars/mock.tfvars.json in `workspace`, returning every planned resource. */
async function planIn(workspace: string): Promise<PlannedResource[]> {
  await terraform(['workspace', 'select', '-or-create', workspace]);
  await terraform([
    'plan',
    '-input=false',
    '-no-color',
    '-var-file=vars/mock.tfvars.json',
    `-out=${workspace}.tfplan`,
  ]);
  const plan = JSON.parse(await terraform(['show', '-json', `${workspace}.tfplan`])) as {
    planned_values: { root_module: Module };
  };
  type Module = { resources?: PlannedResource[]; child_modules?: Module[] };
  const collect = (module: Module): PlannedResource[] => [
    ...(module.resources ?? []),
    ...(module.child_modules ?? []).flatMap(collect),
  ];
  return collect(plan.planned_values.root_module);
}

beforeAll(async () => {
  fake = await startFakeAws({
    handlers: {
      sts: stsHandler(),
      ec2: composeHandlers(ec2AvailabilityZonesHandler()),
      ssm: ssmHandler({ [AMI_PARAMETER]: 'ami-0fedcba9876543210' }),
    },
  });
  root = await mkdtemp(join(tmpdir(), 'challenge-real-plan-'));
  await cp(join(repoRoot(), 'terraform'), root, {
    recursive: true,
    filter: (source) =>
      !source.includes(`${join('terraform', '.terraform')}`) && !source.endsWith('node_modules'),
  });
  // The real root has a partial S3 backend; a plan in a temp copy keeps its state locally.
  await writeFile(join(root, 'backend_override.tf'), 'terraform {\n  backend "local" {}\n}\n');
  await terraform(['init', '-input=false', '-no-color']);
});

afterAll(async () => {
  await fake?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('a real terraform plan of the stack against a loopback AWS endpoint', () => {
  it('plans every part of the architecture with the mock tfvars, creating nothing', async () => {
    const resources = await planIn('mock');
    const types = resources.map((r) => r.type);
    const count = (type: string) => types.filter((t) => t === type).length;
    expect(count('aws_vpc')).toBe(1);
    expect(count('aws_subnet')).toBe(2);
    expect(count('aws_internet_gateway')).toBe(1);
    for (const type of [
      'aws_lb',
      'aws_lb_listener',
      'aws_lb_target_group',
      'aws_launch_template',
      'aws_autoscaling_group',
      'aws_ecs_cluster',
      'aws_ecs_service',
      'aws_ecs_task_definition',
      'aws_dynamodb_table',
      'aws_ecr_repository',
      'aws_codecommit_repository',
      'aws_codebuild_project',
      'aws_codepipeline',
      'aws_cloudwatch_event_rule',
      'aws_cloudwatch_event_target',
    ]) {
      expect(count(type), type).toBe(1);
    }
    expect(count('aws_iam_role')).toBeGreaterThanOrEqual(5);
    expect(count('aws_security_group')).toBe(2);

    const subnets = resources
      .filter((r) => r.type === 'aws_subnet')
      .map((r) => r.values['availability_zone']);
    expect(subnets).toEqual(['us-east-2a', 'us-east-2b']);
    const template = resources.find((r) => r.type === 'aws_launch_template')!;
    expect(template.values['image_id']).toBe('ami-0fedcba9876543210');
    // Plan calls read-only APIs only.
    expect(
      fake.requests.map((r) => r.action).filter((a) => a && /^(Create|Put|Run|Import|Delete)/.test(a)),
    ).toEqual([]);
  });

  it('names the CodeBuild CONTAINER_NAME exactly as the container the ECS service routes to', async () => {
    // The task definition JSON holds the not-yet-known ECR URL at plan time; the service's load balancer
    // block names the same container (ECS rejects a mismatch), and tests/invariants checks the task definition.
    const resources = await planIn('mock');
    const build = resources.find((r) => r.type === 'aws_codebuild_project')!;
    const environment = (
      build.values['environment'] as Array<{ environment_variable: Array<{ name: string; value: string }> }>
    )[0]!;
    const containerName = environment.environment_variable.find((v) => v.name === 'CONTAINER_NAME')?.value;
    const service = resources.find((r) => r.type === 'aws_ecs_service')!;
    const balancers = service.values['load_balancer'] as Array<{
      container_name: string;
      container_port: number;
    }>;
    expect(containerName).toBeTruthy();
    expect(balancers.map((b) => b.container_name)).toEqual([containerName]);
    expect(balancers[0]?.container_port).toBe(8000);
  });

  it('prefixes names with the workspace so two environments coexist in one account', async () => {
    const names = (resources: PlannedResource[]) =>
      resources
        .filter((r) =>
          ['aws_lb', 'aws_ecs_cluster', 'aws_dynamodb_table', 'aws_codepipeline'].includes(r.type),
        )
        .map((r) => String(r.values['name']))
        .sort();
    const mock = names(await planIn('mock'));
    const dev = names(await planIn('dev'));
    expect(mock).toEqual([
      'challenge-mock-alb',
      'challenge-mock-candidates',
      'challenge-mock-cluster',
      'challenge-mock-pipeline',
    ]);
    expect(dev).toEqual([
      'challenge-dev-alb',
      'challenge-dev-candidates',
      'challenge-dev-cluster',
      'challenge-dev-pipeline',
    ]);
  });
});
