import type { PlanResult } from '@challenge/infra';
import { describe, expect, it } from 'vitest';
import { renderPlanSummary } from '../src/render/plan-summary.js';

const plan = (resources: Array<{ address: string; actions: string[] }>): PlanResult =>
  ({
    env: 'mock',
    hasChanges: true,
    destroy: false,
    planFile: 'mock.tfplan',
    initRan: false,
    consequences: [],
    summary: {
      add: resources.filter((r) => r.actions.includes('create')).length,
      change: resources.filter((r) => r.actions.includes('update')).length,
      destroy: 0,
      deletions: [],
      replacements: [],
      resources,
      outputChanges: 0,
    },
  }) satisfies PlanResult;

describe('the plan summary says when the apply rolls the ECS hosts', () => {
  it('notes the rolling replacement when the hosts launch template changes (a new AMI)', () => {
    const text = renderPlanSummary(
      plan([
        { address: 'module.ecs_cluster.aws_launch_template.hosts', actions: ['update'] },
        { address: 'module.ecs_cluster.aws_autoscaling_group.hosts', actions: ['update'] },
      ]),
      false,
    );
    expect(text).toContain('Plan for env mock: 0 to add, 2 to change, 0 to destroy.');
    expect(text).toContain(
      "The ECS hosts' launch template changes (a new ECS AMI or user data): the apply rolls the hosts",
    );
  });

  it('says nothing of the hosts when their template is only created, or something else changes', () => {
    const created = renderPlanSummary(
      plan([{ address: 'module.ecs_cluster.aws_launch_template.hosts', actions: ['create'] }]),
      false,
    );
    const other = renderPlanSummary(
      plan([{ address: 'module.service.aws_ecs_service.app', actions: ['update'] }]),
      false,
    );
    expect(created).not.toContain('rolls the hosts');
    expect(other).not.toContain('rolls the hosts');
  });
});
