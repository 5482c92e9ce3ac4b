import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { summarizePlan } from '@challenge/infra';
import { type ProviderSchemas, stateFromPlan } from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identities, type ResourceIdentity } from './helpers/plan-identity.js';
import { expectDeployedImagesKept, expectHostsRollOnNewTemplate } from './helpers/plan-safety.js';
import {
  byAddress,
  type PlannedResource,
  type RealPlanRoot,
  startRealPlanRoot,
} from './helpers/real-plan.js';

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

describe('the plan right after a CodeDeploy reroute', () => {
  // After a deployment CodeDeploy has left production on a weighted forward (green 100, blue 0): what a
  // refresh puts in state, and what the listener read through the marker parameter reports.
  const LISTENER = 'module.load_balancer.aws_lb_listener.http';
  const SERVICE = 'module.service.aws_ecs_service.app';
  const ACCOUNT = 'arn:aws:elasticloadbalancing:us-east-2:123456789012';
  const BALANCER_ARN = `${ACCOUNT}:loadbalancer/app/challenge-mock-alb/0123456789abcdef`;
  const LISTENER_ARN = `${ACCOUNT}:listener/app/challenge-mock-alb/0123456789abcdef/1111111111111111`;
  const BLUE_ARN = `${ACCOUNT}:targetgroup/challenge-mock-tg/0123456789abcdef`;
  const GREEN_ARN = `${ACCOUNT}:targetgroup/challenge-mock-tg-green/fedcba9876543210`;
  const MARKER = '/challenge/challenge-mock/load-balancer/production-listener';
  const weighted = [
    { arn: BLUE_ARN, weight: 0 },
    { arn: GREEN_ARN, weight: 100 },
  ];

  type StateResource = {
    module?: string;
    type: string;
    name: string;
    instances: Array<{ index_key?: number; attributes: Record<string, unknown> }>;
  };
  type Change = {
    address: string;
    change: {
      actions: string[];
      before: Record<string, unknown>;
      after: Record<string, unknown>;
      after_unknown: Record<string, unknown>;
      replace_paths?: unknown[][];
    };
  };

  /** The blue/green plan's state as the first apply left it, then rerouted by CodeDeploy. */
  const rerouteState = async () => {
    const first = await root.shownPlanIn('mock', BLUE_GREEN);
    const schemas = JSON.parse(await root.terraform(['providers', 'schema', '-json'])) as ProviderSchemas;
    const state = stateFromPlan(first, schemas, {
      addresses: [
        'module.network.aws_vpc.this',
        'module.load_balancer.aws_lb.this',
        'module.load_balancer.aws_lb_target_group.app',
        'module.load_balancer.aws_lb_target_group.green[0]',
        LISTENER,
        SERVICE,
      ],
    }) as { resources: StateResource[] };
    const attributesOf = (type: string, name: string) => {
      const found = state.resources.find((r) => r.type === type && r.name === name);
      if (!found) throw new Error(`${type}.${name} is not in the state`);
      return found.instances[0]!.attributes;
    };
    // The ARNs AWS gave at apply, which the references between these resources carry.
    const arnOf = (type: string, name: string, arn: string, suffix: string) =>
      Object.assign(attributesOf(type, name), { arn, id: arn, arn_suffix: suffix });
    arnOf('aws_lb', 'this', BALANCER_ARN, BALANCER_ARN.split(':loadbalancer/')[1]);
    const vpc = attributesOf('aws_vpc', 'this')['id'];
    Object.assign(arnOf('aws_lb_target_group', 'app', BLUE_ARN, BLUE_ARN.split(':').pop()), { vpc_id: vpc });
    Object.assign(arnOf('aws_lb_target_group', 'green', GREEN_ARN, GREEN_ARN.split(':').pop()), {
      vpc_id: vpc,
    });
    // What a refresh reads from the listener CodeDeploy rerouted.
    Object.assign(attributesOf('aws_lb_listener', 'http'), {
      arn: LISTENER_ARN,
      id: LISTENER_ARN,
      load_balancer_arn: BALANCER_ARN,
      default_action: [
        {
          type: 'forward',
          order: 1,
          target_group_arn: '',
          forward: [{ target_group: weighted, stickiness: [{ enabled: false, duration: 0 }] }],
          redirect: [],
          fixed_response: [],
          authenticate_cognito: [],
          authenticate_oidc: [],
        },
      ],
    });
    const service = attributesOf('aws_ecs_service', 'app');
    service['load_balancer'] = (service['load_balancer'] as Array<Record<string, unknown>>).map((lb) => ({
      ...lb,
      target_group_arn: GREEN_ARN,
    }));
    return state;
  };

  it("shows no change to the production listener or the service's target group, where the plain rendering would move traffic", async () => {
    const state = await rerouteState();
    // The mock workspace (its prefix names the resources of the first plan); its state goes at the end.
    const statePath = join(root.dir, 'terraform.tfstate.d', 'mock', 'terraform.tfstate');
    await root.terraform(['workspace', 'select', '-or-create', 'mock']);
    await mkdir(join(root.dir, 'terraform.tfstate.d', 'mock'), { recursive: true });
    await writeFile(statePath, JSON.stringify(state));
    // The marker the first apply wrote, and the listener as ELBv2 describes it now.
    root.parameters[MARKER] = LISTENER_ARN;
    root.listeners.push({
      arn: LISTENER_ARN,
      loadBalancerArn: BALANCER_ARN,
      port: 80,
      protocol: 'HTTP',
      defaultActions: [{ forward: { targetGroups: weighted, stickiness: { enabled: false } } }],
    });
    const planChanges = async (file: string, extraArgs: string[] = []) => {
      await root.terraform([
        'plan',
        '-input=false',
        '-no-color',
        '-var-file=vars/mock.tfvars.json',
        ...BLUE_GREEN,
        '-refresh=false',
        ...extraArgs,
        `-out=${file}`,
      ]);
      const plan = JSON.parse(await root.terraform(['show', '-json', file])) as {
        resource_changes: Change[];
      };
      return (address: string) => {
        const found = plan.resource_changes.find((c) => c.address === address);
        if (!found) throw new Error(`${address} is not in the plan`);
        return found.change;
      };
    };
    try {
      root.fake.requests.length = 0;
      const rerouted = await planChanges('reroute.tfplan');
      expect(root.fake.requests.map((r) => r.action)).toContain('DescribeListeners');
      expect(rerouted(LISTENER).actions).toEqual(['no-op']);
      // The cluster is not in this state (its unknown ARN replaces the service); the group the service
      // serves from stays green, and does not force the replacement.
      expect(rerouted(SERVICE).after['load_balancer']).toEqual(rerouted(SERVICE).before['load_balancer']);
      expect(
        (rerouted(SERVICE).after['load_balancer'] as Array<{ target_group_arn: string }>)[0]!
          .target_group_arn,
      ).toBe(GREEN_ARN);
      expect((rerouted(SERVICE).replace_paths ?? []).map((path) => path.join('.'))).toEqual(['cluster']);

      // Control: the plain rendering (one target group, as before the listener was read) would rewrite
      // CodeDeploy's forward.
      await writeFile(
        join(root.dir, 'modules', 'load_balancer', 'reroute_control_override.tf'),
        'locals {\n  live_weighted_forward = null\n}\n',
      );
      const plain = await planChanges('reroute-plain.tfplan', [`-target=${LISTENER}`]);
      expect(plain(LISTENER).actions).toEqual(['update']);
      expect(plain(LISTENER).after['default_action']).not.toEqual(plain(LISTENER).before['default_action']);
    } finally {
      await rm(join(root.dir, 'modules', 'load_balancer', 'reroute_control_override.tf'), { force: true });
      await rm(statePath, { force: true });
      delete root.parameters[MARKER];
      root.listeners.length = 0;
    }
  });
});
