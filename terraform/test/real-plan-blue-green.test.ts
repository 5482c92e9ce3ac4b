import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { summarizePlan } from '@challenge/infra';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identities, type ResourceIdentity } from './helpers/plan-identity.js';
import { expectDeployedImagesKept, expectHostsRollOnNewTemplate } from './helpers/plan-safety.js';
import { type PlannedResource, type RealPlanRoot, startRealPlanRoot } from './helpers/real-plan.js';

// deployment_strategy: the rolling default keeps the stack as it was; blue_green plans for real against
// the loopback AWS endpoint (test/helpers/real-plan.ts).

let root: RealPlanRoot;
const BLUE_GREEN = ['-var=deployment_strategy=blue_green'];

beforeAll(async () => {
  root = await startRealPlanRoot();
});

afterAll(async () => {
  await root?.close();
});

const byAddress = (resources: PlannedResource[], address: string): PlannedResource => {
  const found = resources.find((r) => r.address === address);
  if (!found) throw new Error(`${address} is not in the plan`);
  return found;
};

type Stage = {
  name: string;
  action: Array<{ provider: string; input_artifacts: string[]; configuration: Record<string, string> }>;
};
const stagesOf = (resources: PlannedResource[]) =>
  byAddress(resources, 'module.pipeline.aws_codepipeline.app').values['stage'] as Stage[];
/** Each stage as "name:provider" of its first action. */
const stageProviders = (resources: PlannedResource[]) =>
  stagesOf(resources).map((stage) => `${stage.name}:${stage.action[0]?.provider}`);
const deployAction = (resources: PlannedResource[]) => {
  const stages = stagesOf(resources);
  const deploy = stages.find((stage) => stage.name === 'Deploy');
  if (!deploy) throw new Error('the pipeline has no Deploy stage');
  return deploy.action[0]!;
};

/** The cluster's ECS Exec session logging as planned: "NONE", or "OVERRIDE:<log group>". */
const execLogging = (resources: PlannedResource[]) => {
  const cluster = byAddress(resources, 'module.ecs_cluster.aws_ecs_cluster.this').values;
  const [configuration] = cluster['configuration'] as Array<{
    execute_command_configuration: Array<{
      logging: string;
      log_configuration: Array<{ cloud_watch_log_group_name: string }>;
    }>;
  }>;
  const exec = configuration!.execute_command_configuration[0]!;
  const group = exec.log_configuration[0]?.cloud_watch_log_group_name;
  return group ? `${exec.logging}:${group}` : exec.logging;
};

/** What blue_green adds; a rolling plan must hold none of it. */
const BLUE_GREEN_ONLY = [
  /aws_codedeploy_/,
  /aws_lb_target_group\.green/,
  /aws_lb_listener\.test/,
  /aws_cloudwatch_metric_alarm\./,
  /aws_ssm_parameter\.(production_listener|task_definition_template)/,
  /aws_iam_role\.codedeploy|codedeploy\[/,
  /codebuild_template|codepipeline_codedeploy/,
  /ingress_rule\.test_listener/,
];

describe('deployment_strategy = "rolling" (the default) is the stack as it was before blue/green', () => {
  // The fixture is the rolling plan of main before blue/green merged (issue 13's Test stage included).
  it('plans every resource of the pre-blue/green stack under the same address and name, and nothing of blue/green', async () => {
    const before = JSON.parse(
      await readFile(join(import.meta.dirname, 'fixtures', 'rolling-plan-before-blue-green.json'), 'utf8'),
    ) as ResourceIdentity[];
    const rolling = identities(await root.planIn('mock'));
    const now = new Map(rolling.map((r) => [r.address, r.name]));
    for (const { address, name } of before) {
      expect(now.has(address), `${address} is gone from the rolling plan`).toBe(true);
      expect(now.get(address), `${address} was renamed`).toBe(name);
    }
    const added = rolling.filter((r) => !before.some((b) => b.address === r.address)).map((r) => r.address);
    expect(added.filter((address) => BLUE_GREEN_ONLY.some((pattern) => pattern.test(address)))).toEqual([]);
  });

  it('keeps the ECS deploy action, the ECS controller with its circuit breaker, and one target group; ECS Exec is on by default', async () => {
    const resources = await root.planIn('mock');
    expect(stageProviders(resources)).toEqual([
      'Source:CodeCommit',
      'Build:CodeBuild',
      'Test:CodeBuild',
      'Approval:Manual',
      'Deploy:ECS',
    ]);
    expect(deployAction(resources)).toMatchObject({
      provider: 'ECS',
      input_artifacts: ['build'],
      configuration: {
        ClusterName: 'challenge-mock-cluster',
        ServiceName: 'challenge-mock-app',
        FileName: 'imagedefinitions.json',
      },
    });
    const service = byAddress(resources, 'module.service.aws_ecs_service.app').values;
    expect(service['deployment_controller']).toEqual([{ type: 'ECS' }]);
    expect(service['deployment_circuit_breaker']).toEqual([{ enable: true, rollback: true }]);
    expect(resources.filter((r) => r.type === 'aws_lb_target_group').map((r) => r.values['name'])).toEqual([
      'challenge-mock-tg',
    ]);
    // ECS Exec on by default (exec_enabled): the service flag and the task role's four ssmmessages actions.
    expect(service['enable_execute_command']).toBe(true);
    const exec = byAddress(resources, 'module.service.aws_iam_role_policy.exec[0]').values;
    const policy = JSON.parse(String(exec['policy'])) as {
      Statement: Array<{ Action: string[]; Resource: string }>;
    };
    expect(policy.Statement.map((s) => [...s.Action].sort())).toEqual([
      [
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
      ],
    ]);
    expect(policy.Statement[0]!.Resource).toBe('*');
    expect(execLogging(resources)).toBe('NONE');
    const build = byAddress(resources, 'module.pipeline.aws_codebuild_project.app').values;
    const variables = (
      build['environment'] as Array<{ environment_variable: Array<{ name: string }> }>
    )[0]!.environment_variable
      .map((v) => v.name)
      .sort();
    expect(variables).toEqual([
      'AWS_ACCOUNT_ID',
      'AWS_DEFAULT_REGION',
      'CACHE_REPOSITORY_URI',
      'CONTAINER_NAME',
      'REPOSITORY_URI',
    ]);
  });
});

describe('deployment_strategy = "blue_green"', () => {
  it('plans CodeDeploy, two target groups, a CODE_DEPLOY service and the CodeDeployToECS action, creating nothing', async () => {
    root.fake.requests.length = 0;
    const resources = await root.planIn('mock', BLUE_GREEN, { fresh: true });
    const count = (type: string) => resources.filter((r) => r.type === type).length;
    expect(count('aws_codedeploy_app')).toBe(1);
    expect(count('aws_codedeploy_deployment_group')).toBe(1);
    expect(count('aws_cloudwatch_metric_alarm')).toBe(4);
    expect(
      resources
        .filter((r) => r.type === 'aws_lb_target_group')
        .map((r) => r.values['name'])
        .sort(),
    ).toEqual(['challenge-mock-tg', 'challenge-mock-tg-green']);

    // The Test stage stays between Build and Approval and reads the same Build artifact.
    expect(stageProviders(resources)).toEqual([
      'Source:CodeCommit',
      'Build:CodeBuild',
      'Test:CodeBuild',
      'Approval:Manual',
      'Deploy:CodeDeployToECS',
    ]);
    expect(stagesOf(resources)[2]!.action[0]!.input_artifacts).toEqual(['source', 'build']);

    const app = byAddress(resources, 'module.pipeline.aws_codedeploy_app.app[0]').values;
    expect(app).toMatchObject({ name: 'challenge-mock-app', compute_platform: 'ECS' });
    const group = byAddress(resources, 'module.pipeline.aws_codedeploy_deployment_group.app[0]').values;
    expect(group).toMatchObject({
      app_name: 'challenge-mock-app',
      deployment_group_name: 'challenge-mock-app',
      deployment_config_name: 'CodeDeployDefault.ECSAllAtOnce',
      deployment_style: [{ deployment_type: 'BLUE_GREEN', deployment_option: 'WITH_TRAFFIC_CONTROL' }],
      ecs_service: [{ cluster_name: 'challenge-mock-cluster', service_name: 'challenge-mock-app' }],
      auto_rollback_configuration: [{ enabled: true }],
    });

    const service = byAddress(resources, 'module.service.aws_ecs_service.app').values;
    expect(service['name']).toBe('challenge-mock-app');
    expect(service['deployment_controller']).toEqual([{ type: 'CODE_DEPLOY' }]);
    expect(service['deployment_circuit_breaker']).toEqual([]);
    expect(service['enable_execute_command']).toBe(true);

    expect(deployAction(resources)).toEqual(
      expect.objectContaining({
        provider: 'CodeDeployToECS',
        input_artifacts: ['build'],
        configuration: {
          ApplicationName: 'challenge-mock-app',
          DeploymentGroupName: 'challenge-mock-app',
          TaskDefinitionTemplateArtifact: 'build',
          TaskDefinitionTemplatePath: 'taskdef.json',
          AppSpecTemplateArtifact: 'build',
          AppSpecTemplatePath: 'appspec.yaml',
          Image1ArtifactName: 'build',
          Image1ContainerName: 'IMAGE1_NAME',
        },
      }),
    );
    const build = byAddress(resources, 'module.pipeline.aws_codebuild_project.app').values;
    const variables = (
      build['environment'] as Array<{ environment_variable: Array<{ name: string; value: string }> }>
    )[0]!.environment_variable;
    expect(variables).toContainEqual({
      name: 'TASK_DEFINITION_TEMPLATE_PARAMETER',
      value: '/challenge/challenge-mock/deploy/task-definition-template',
      type: 'PLAINTEXT',
    });
    expect(
      root.fake.requests
        .map((r) => r.action)
        .filter((a) => a && /^(Create|Put|Run|Import|Delete|Register)/.test(a)),
    ).toEqual([]);
  });

  // One plan for two switches (a full plan takes tens of seconds): the Test stage off, ECS Exec session logging on.
  it('without the Test stage, the approval follows Build and Deploy is still CodeDeployToECS; exec sessions log to the app group', async () => {
    const resources = await root.planIn('mock', [
      ...BLUE_GREEN,
      '-var=test_stage_enabled=false',
      '-var=exec_session_logging=true',
    ]);
    expect(execLogging(resources)).toBe('OVERRIDE:/ecs/challenge-mock/app');
    expect(byAddress(resources, 'module.service.aws_ecs_service.app').values['enable_execute_command']).toBe(
      true,
    );
    expect(
      resources
        .filter((r) => /aws_iam_role_policy\.exec(_logging)?\[/.test(r.address))
        .map((r) => r.values['name']),
    ).toEqual(['ecs-exec', 'ecs-exec-session-logging']);
    expect(stageProviders(resources)).toEqual([
      'Source:CodeCommit',
      'Build:CodeBuild',
      'Approval:Manual',
      'Deploy:CodeDeployToECS',
    ]);
    expect(
      resources
        .filter((r) => r.address.startsWith('module.pipeline.') && r.address.endsWith('.test[0]'))
        .map((r) => r.address),
    ).toEqual([]);
  });

  it('opens the test listener to the VPC only; the world still reaches port 80 alone', async () => {
    const resources = await root.planIn('mock', BLUE_GREEN);
    const test = byAddress(resources, 'module.load_balancer.aws_lb_listener.test[0]').values;
    expect(test).toMatchObject({ port: 8080, protocol: 'HTTP' });
    const vpc = byAddress(resources, 'module.network.aws_vpc.this').values['cidr_block'];
    const rules = resources
      .filter(
        (r) =>
          r.type === 'aws_vpc_security_group_ingress_rule' && r.address.startsWith('module.load_balancer.'),
      )
      .map(
        (r) =>
          `${r.values['cidr_ipv4'] ?? r.values['cidr_ipv6']} ${r.values['from_port']}-${r.values['to_port']}`,
      )
      .sort();
    expect(rules).toEqual(['0.0.0.0/0 80-80', `${vpc} 8080-8080`]);
  });

  it('keeps the deployed images in ECR and rolls the hosts onto a new launch template (blue/green)', async () => {
    const resources = await root.planIn('mock', BLUE_GREEN);
    expectDeployedImagesKept(resources);
    expectHostsRollOnNewTemplate(resources);
  });

  it('keeps the names of everything rolling and blue_green share', async () => {
    const rolling = new Map(identities(await root.planIn('mock')).map((r) => [r.address, r.name]));
    const blueGreen = identities(await root.planIn('mock', BLUE_GREEN));
    for (const { address, name } of blueGreen) {
      if (rolling.has(address)) expect(name, address).toBe(rolling.get(address));
    }
  });
});

describe('switching an existing environment between strategies', () => {
  it('replaces the ECS service for its deployment controller (the plan summary lists it); staying rolling does not', async () => {
    // Workspace "switch": prefix challenge-switch.
    const cluster = 'challenge-switch-cluster';
    root.services.push({
      cluster,
      serviceName: 'challenge-switch-app',
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      deployments: [],
    });
    try {
      await root.terraform(['workspace', 'select', '-or-create', 'switch']);
      // The rolling service as AWS reports it, in this workspace's state.
      await root.terraform([
        'import',
        '-input=false',
        '-no-color',
        '-var-file=vars/mock.tfvars.json',
        'module.service.aws_ecs_service.app',
        `${cluster}/challenge-switch-app`,
      ]);
      const planOf = async (extra: string[]) => {
        await root.terraform([
          'plan',
          '-input=false',
          '-no-color',
          '-var-file=vars/mock.tfvars.json',
          ...extra,
          '-out=switch.tfplan',
        ]);
        const plan = JSON.parse(await root.terraform(['show', '-json', 'switch.tfplan'])) as {
          resource_changes: Array<{ address: string; change: { replace_paths?: unknown[][] } }>;
        };
        const service = plan.resource_changes.find((r) => r.address === 'module.service.aws_ecs_service.app');
        // The cluster is planned here too (not imported), so its unknown ARN forces a replace in both
        // plans; what matters is whether the deployment controller does.
        const forcedBy = (service?.change.replace_paths ?? []).map((path) => path.join('.'));
        return { summary: summarizePlan(plan), forcedBy };
      };
      const staying = await planOf([]);
      expect(staying.forcedBy).not.toContain('deployment_controller.0.type');
      const switching = await planOf(BLUE_GREEN);
      expect(switching.forcedBy).toContain('deployment_controller.0.type');
      expect(switching.summary.replacements).toContain('module.service.aws_ecs_service.app');
    } finally {
      root.services.length = 0;
    }
  });
});
