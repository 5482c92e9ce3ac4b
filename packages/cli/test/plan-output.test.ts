import type { CheckResult } from '@challenge/infra';
import { planJsonSummary, summarizePlan } from '@challenge/infra';
import { describe, expect, it } from 'vitest';
import { renderPreflight } from '../src/render/checks.js';
import { renderChangesByType } from '../src/render/plan-summary.js';

const change = (address: string, ...actions: string[]) => ({ address, change: { actions } });
const PLAN = {
  resource_changes: [
    change('module.app.aws_iam_role_policy.task["logs"]', 'create'),
    change('module.app.aws_iam_role_policy.task["ecr"]', 'create'),
    change('module.lb.aws_lb_target_group.blue', 'create'),
    change('aws_iam_role_policy.pipeline', 'create'),
    change('module.lb.aws_lb_listener.http', 'update'),
    change('aws_s3_bucket.old', 'delete'),
    change('data.aws_caller_identity.current', 'read'),
    change('aws_ecr_repository.app', 'no-op'),
  ],
};

describe('what a plan says it does', () => {
  const summary = summarizePlan(PLAN);

  it('groups the changes by action and resource type; --verbose lists every address', () => {
    expect(renderChangesByType(summary.resources, false)).toEqual([
      '  adds: 3 aws_iam_role_policy, 1 aws_lb_target_group',
      '  changes: 1 aws_lb_listener',
      '  destroys: 1 aws_s3_bucket',
      '  (--verbose lists every address)',
    ]);
    const verbose = renderChangesByType(summary.resources, true);
    expect(verbose).toContain('    module.app.aws_iam_role_policy.task["logs"]');
    expect(verbose).toContain('  destroys:');
    expect(verbose.join('\n')).not.toContain('data.aws_caller_identity');
  });

  it('--json: the counts and one {address, action} per changed resource (reads and no-ops left out)', () => {
    const json = planJsonSummary(summary);
    expect(json).toMatchObject({ add: 4, change: 1, destroy: 1, deletions: ['aws_s3_bucket.old'] });
    expect(json.changes).toHaveLength(6);
    expect(json.changes).toContainEqual({ address: 'module.lb.aws_lb_listener.http', action: 'update' });
    expect(JSON.stringify(json)).not.toContain('aws_caller_identity');
  });
});

describe('the preflight before plan/apply', () => {
  const passed: CheckResult[] = [
    { name: 'credentials', ok: true, detail: 'account 123456789012' },
    { name: 'region', ok: true, detail: 'us-east-2' },
    { name: 'key pair', ok: true, detail: 'laptop in us-east-2' },
  ];

  it('is one line when every check passes', () => {
    expect(renderPreflight(passed, 200)).toBe(
      '✓ AWS preflight: 3 checks passed (credentials, region, key pair)',
    );
  });

  it('lists every check when one fails or was not checked', () => {
    const failed = renderPreflight(
      [passed[0] as CheckResult, { name: 'region', ok: false, detail: 'bad', hint: 'fix it' }],
      200,
    ).split('\n');
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatch(/^✓ credentials/);
    expect(failed[1]).toMatch(/^✗ region/);
    const skipped = renderPreflight(
      [{ name: 'key pair', ok: false, skipped: true, detail: 'not checked' }],
      200,
    );
    expect(skipped).toMatch(/^– key pair/);
  });
});
