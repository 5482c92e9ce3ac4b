import { expect } from 'vitest';
import { byAddress, type PlannedResource } from './real-plan.js';

type Stage = {
  name: string;
  action: Array<{
    name: string;
    provider: string;
    run_order: number;
    input_artifacts: string[];
    configuration: Record<string, string>;
  }>;
};

/**
 * What production runs stays in ECR: the Deploy stage tags the deployed digest after the deploy action,
 * and the lifecycle policy's first rule keeps the deployed images, so the any-tag rule cannot expire them.
 */
export function expectDeployedImagesKept(resources: PlannedResource[]): void {
  const policy = JSON.parse(
    String(byAddress(resources, 'module.pipeline.aws_ecr_lifecycle_policy.app').values['policy']),
  ) as {
    rules: Array<{
      rulePriority: number;
      selection: { tagStatus: string; tagPrefixList?: string[]; countType: string; countNumber: number };
      action: { type: string };
    }>;
  };
  const rules = [...policy.rules].sort((a, b) => a.rulePriority - b.rulePriority);
  expect(rules.map((rule) => rule.selection)).toEqual([
    { tagStatus: 'tagged', tagPrefixList: ['deployed-'], countType: 'imageCountMoreThan', countNumber: 10 },
    { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 20 },
  ]);
  const stages = byAddress(resources, 'module.pipeline.aws_codepipeline.app').values['stage'] as Stage[];
  const deploy = stages.find((stage) => stage.name === 'Deploy')!;
  const record = deploy.action.find((action) => action.name === 'RecordDeployedImage');
  expect(record).toMatchObject({
    provider: 'CodeBuild',
    run_order: 2,
    input_artifacts: ['build'],
    configuration: { ProjectName: 'challenge-mock-record-deploy' },
  });
  expect(deploy.action.find((action) => action.name === 'Deploy')?.run_order).toBe(1);
  expect(JSON.parse(record!.configuration['EnvironmentVariables']!)).toEqual([
    { name: 'DEPLOYED_TAG', value: 'deployed-#{codepipeline.PipelineExecutionId}', type: 'PLAINTEXT' },
  ]);
  const project = byAddress(resources, 'module.pipeline.aws_codebuild_project.record_deploy').values;
  const buildspec = String((project['source'] as Array<{ buildspec: string }>)[0]!.buildspec);
  expect(buildspec).toContain(
    'aws ecr put-image --repository-name "$REPOSITORY_NAME" --image-tag "$DEPLOYED_TAG"',
  );
}

/** A new launch template (AMI release, user data) rolls the hosts, tasks drained first by ECS. */
export function expectHostsRollOnNewTemplate(resources: PlannedResource[]): void {
  const group = byAddress(resources, 'module.ecs_cluster.aws_autoscaling_group.hosts').values;
  expect(group['instance_refresh']).toEqual([
    {
      strategy: 'Rolling',
      triggers: null,
      preferences: [
        expect.objectContaining({
          min_healthy_percentage: 100,
          max_healthy_percentage: 200,
          instance_warmup: '120',
          skip_matching: true,
        }),
      ],
    },
  ]);
  expect(group['max_size']).toBe(4);
  const provider = byAddress(resources, 'module.ecs_cluster.aws_ecs_capacity_provider.hosts').values;
  expect(provider['auto_scaling_group_provider']).toEqual([
    expect.objectContaining({ managed_draining: 'ENABLED', managed_termination_protection: 'DISABLED' }),
  ]);
  const association = byAddress(
    resources,
    'module.ecs_cluster.aws_ecs_cluster_capacity_providers.this',
  ).values;
  expect(association['capacity_providers']).toEqual(['challenge-mock-hosts']);
}
