import { taskDefinitionArn } from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDeployedImagesKept, expectHostsRollOnNewTemplate } from './helpers/plan-safety.js';
import {
  byAddress,
  PLANNED_AMI,
  type PlannedResource,
  type RealPlanRoot,
  startRealPlanRoot,
} from './helpers/real-plan.js';

interface ContainerDefinition {
  name: string;
  image: string;
  memoryReservation: number;
  environment: Array<{ name: string; value: string }>;
}

let root: RealPlanRoot;
const planIn = (workspace: string, extraArgs: string[] = [], options: { fresh?: boolean } = {}) =>
  root.planIn(workspace, extraArgs, options);
const terraform = (args: string[]) => root.terraform(args);

beforeAll(async () => {
  root = await startRealPlanRoot();
});

afterAll(async () => {
  await root?.close();
});

describe('a real terraform plan of the stack against a loopback AWS endpoint', () => {
  it('plans every part of the architecture with the mock tfvars, creating nothing', async () => {
    root.fake.requests.length = 0;
    const resources = await planIn('mock', [], { fresh: true });
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
      'aws_codecommit_repository',
      'aws_codepipeline',
      'aws_cloudwatch_event_rule',
      'aws_cloudwatch_event_target',
    ]) {
      expect(count(type), type).toBe(1);
    }
    // The Build stage's project, the Test stage's (test/real-plan-test-stage.test.ts) and the one that tags
    // the deployed image.
    expect(count('aws_codebuild_project')).toBe(3);
    expect(count('aws_iam_role')).toBeGreaterThanOrEqual(5);
    // The app's images (immutable tags, deployed by digest) and the build cache (one moving tag).
    const repositories = resources
      .filter((r) => r.type === 'aws_ecr_repository')
      .map((r) => `${r.values['name']}:${r.values['image_tag_mutability']}`)
      .sort();
    expect(repositories).toEqual(['challenge-mock-app-build-cache:MUTABLE', 'challenge-mock-app:IMMUTABLE']);
    expect(count('aws_security_group')).toBe(2);

    const subnets = resources
      .filter((r) => r.type === 'aws_subnet')
      .map((r) => r.values['availability_zone']);
    expect(subnets).toEqual(['us-east-2a', 'us-east-2b']);
    const template = resources.find((r) => r.type === 'aws_launch_template')!;
    expect(template.values['image_id']).toBe(PLANNED_AMI);
    // The stack's tags reach what the Auto Scaling group launches.
    const specifications = template.values['tag_specifications'] as Array<{
      resource_type: string;
      tags: Record<string, string>;
    }>;
    expect(specifications.map((s) => s.resource_type).sort()).toEqual([
      'instance',
      'network-interface',
      'volume',
    ]);
    for (const specification of specifications) {
      expect(specification.tags).toMatchObject({ project: 'project_name', env: 'mock' });
    }
    // Plan calls read-only APIs only.
    expect(
      root.fake.requests.map((r) => r.action).filter((a) => a && /^(Create|Put|Run|Import|Delete)/.test(a)),
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

  it('deletion-protects the candidates table in every environment', async () => {
    for (const workspace of ['mock', 'dev']) {
      const table = byAddress(await planIn(workspace), 'aws_dynamodb_table.candidates');
      expect(table.values['deletion_protection_enabled'], workspace).toBe(true);
    }
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

describe('the task definition: Terraform owns its content, the pipeline supplies the image', () => {
  const marker = '/challenge/challenge-mock/app/ecs-service';
  const deployedImage =
    '123456789012.dkr.ecr.us-east-2.amazonaws.com/challenge-mock-app@sha256:5f1c0c6b7e4b3a2f9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f';

  it('first apply: reads no ECS service (none exists yet) and records one for the next plan', async () => {
    root.fake.requests.length = 0;
    const resources = await planIn('mock', [], { fresh: true });
    expect(root.fake.calls('ecs')).toEqual([]);
    const listed = root.fake.calls('ssm', 'GetParametersByPath').map((r) => r.json?.['Path']);
    expect(listed).toContain('/challenge/challenge-mock/app');
    const recorded = byAddress(resources, 'module.service.aws_ssm_parameter.deployed_service');
    expect(recorded.values['name']).toBe(marker);
    const taskDefinition = byAddress(resources, 'module.service.aws_ecs_task_definition.app');
    expect(taskDefinition.values['track_latest']).toBe(true);
    // The bootstrap image names the ECR repository, which only exists after this apply.
    expect(taskDefinition.values['container_definitions']).toBeUndefined();
  });

  it('later apply: renders the image the service runs with the settings of this configuration', async () => {
    root.parameters[marker] = JSON.stringify({
      cluster_arn: 'arn:aws:ecs:us-east-2:123456789012:cluster/challenge-mock-cluster',
      service_name: 'challenge-mock-app',
    });
    // The pipeline's revision 7: a copy of Terraform's revision with the approved image swapped in,
    // made when an older configuration (memory 128, no AWS_DEFAULT_REGION) was in force.
    root.taskDefinitions.push({
      family: 'challenge-mock-app',
      revision: 7,
      containers: [
        {
          name: 'app',
          image: deployedImage,
          memoryReservation: 128,
          environment: { PORT: '8000' },
        },
      ],
    });
    root.services.push({
      cluster: 'challenge-mock-cluster',
      serviceName: 'challenge-mock-app',
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      taskDefinition: taskDefinitionArn('us-east-2', 'challenge-mock-app', 7),
      deployments: [],
    });
    try {
      root.fake.requests.length = 0;
      const resources = await planIn('mock', ['-var=task_memory_mib=384'], { fresh: true });
      expect(root.fake.calls('ecs', 'DescribeServices').map((r) => r.json?.['services'])).toEqual([
        ['challenge-mock-app'],
      ]);
      expect(
        root.fake.calls('ecs', 'DescribeTaskDefinition').map((r) => r.json?.['taskDefinition']),
      ).toContain(taskDefinitionArn('us-east-2', 'challenge-mock-app', 7));
      const taskDefinition = byAddress(resources, 'module.service.aws_ecs_task_definition.app');
      const [container] = JSON.parse(String(taskDefinition.values['container_definitions'])) as [
        ContainerDefinition,
      ];
      expect(container.image).toBe(deployedImage);
      expect(container.memoryReservation).toBe(384);
      expect(container.environment).toContainEqual({ name: 'AWS_DEFAULT_REGION', value: 'us-east-2' });
      expect(container.environment).toContainEqual({
        name: 'TC_DYNAMO_TABLE',
        value: 'challenge-mock-candidates',
      });
    } finally {
      delete root.parameters[marker];
      root.services.length = 0;
      root.taskDefinitions.length = 0;
    }
  });
});

describe('real-account details the plan shows', () => {
  it('orders the ALB and the hosts after the route to the internet gateway', async () => {
    await terraform(['workspace', 'select', '-or-create', 'mock']);
    const graph = await terraform(['graph', '-type=plan']);
    const edges = new Map<string, Set<string>>();
    for (const [, from, to] of graph.matchAll(/"([^"]+)" -> "([^"]+)"/g)) {
      const node = (name: string) => name.replace(/^\[root\] /, '').replace(/ \(expand\)$/, '');
      const set = edges.get(node(from!)) ?? new Set<string>();
      set.add(node(to!));
      edges.set(node(from!), set);
    }
    const dependsOn = (from: string, to: string): boolean => {
      const seen = new Set<string>();
      const stack = [from];
      while (stack.length > 0) {
        const next = stack.pop()!;
        if (next === to) return true;
        if (seen.has(next)) continue;
        seen.add(next);
        stack.push(...(edges.get(next) ?? []));
      }
      return false;
    };
    for (const consumer of [
      'module.load_balancer.aws_lb.this',
      'module.ecs_cluster.aws_autoscaling_group.hosts',
    ]) {
      expect(dependsOn(consumer, 'module.network.aws_route.internet'), consumer).toBe(true);
      expect(dependsOn(consumer, 'module.network.aws_route_table_association.public'), consumer).toBe(true);
    }
    expect(dependsOn('module.service.aws_ecs_service.app', 'module.load_balancer.aws_lb_listener.http')).toBe(
      true,
    );
  });

  it('keeps the deployed images in ECR and rolls the hosts onto a new launch template (rolling)', async () => {
    const resources = await planIn('mock');
    expectDeployedImagesKept(resources);
    expectHostsRollOnNewTemplate(resources);
  });

  it('gives long environment names a short, distinct prefix', async () => {
    const albNames = async (workspace: string) =>
      (await planIn(workspace)).filter((r) => r.type === 'aws_lb').map((r) => String(r.values['name']));
    const [first] = await albNames('feature-login-page-alpha');
    const [second] = await albNames('feature-login-page-beta');
    expect(first).toMatch(/^challenge-fea-[0-9a-f]{6}-alb$/);
    expect(second).toMatch(/^challenge-fea-[0-9a-f]{6}-alb$/);
    expect(first).not.toBe(second);
  });
});
