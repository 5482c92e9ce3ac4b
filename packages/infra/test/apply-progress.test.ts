import { describe, expect, it } from 'vitest';
import type { ApplyEvent } from '../src/terraform/apply-events.js';
import { ApplyProgress, summariseAddresses } from '../src/terraform/apply-progress.js';

const at = new Date('2026-01-01T00:00:00Z');
const planned = (address: string, action: string): ApplyEvent => ({ type: 'planned', at, address, action });
const completed = (address: string, action: string): ApplyEvent => ({
  type: 'completed',
  at,
  address,
  action,
  elapsedSeconds: 1,
});

describe('the progress of an apply counts what the plan counted', () => {
  it('leaves out data sources read during the apply (the plan said 3 to add: 0/3, never 0/5)', () => {
    const progress = new ApplyProgress(3);
    for (const address of ['aws_iam_role.a', 'aws_iam_role.b', 'aws_lb.main']) {
      progress.record(planned(address, 'create'));
    }
    progress.record(planned('data.aws_iam_policy_document.a', 'read'));
    progress.record(planned('data.aws_iam_policy_document.b', 'read'));
    expect(progress.total).toBe(3);
    progress.record(completed('data.aws_iam_policy_document.a', 'read'));
    progress.record(completed('aws_iam_role.a', 'create'));
    expect(`${progress.done}/${progress.total}`).toBe('1/3');
    expect(progress.notDone()).toEqual(['aws_iam_role.b', 'aws_lb.main']);
  });
});

describe('a failed apply is reported failing resource first, the rest summarised', () => {
  it('names the diagnostic first, counts the rest by type and names the failure in the fix', () => {
    const progress = new ApplyProgress(9);
    const left = [
      ...[1, 2, 3, 4].map((n) => `module.app.aws_iam_role_policy.p${n}`),
      'module.lb.aws_lb_target_group.blue',
      'module.lb.aws_lb_target_group.green',
      'aws_ecs_service.app',
    ];
    for (const address of ['aws_ecr_repository.app', 'aws_lb.main', ...left]) {
      progress.record(planned(address, 'create'));
    }
    progress.record(completed('aws_ecr_repository.app', 'create'));
    progress.record({ type: 'started', at, address: 'aws_lb.main', action: 'create' });
    progress.record({
      type: 'diagnostic',
      at,
      severity: 'error',
      summary: 'creating ELBv2 Load Balancer',
      detail: 'ValidationError: at least two subnets',
      address: 'aws_lb.main',
    });
    progress.record({ type: 'errored', at, address: 'aws_lb.main', action: 'create', elapsedSeconds: 2 });
    const report = progress.failureReport({ rerunPlan: 'challenge plan --env mock --verbose' }).split('\n');
    expect(report[0]).toBe(
      'aws_lb.main (create, after 2s): creating ELBv2 Load Balancer: ValidationError: at least two subnets',
    );
    expect(report[1]).toBe('Already done (1 of 9): aws_ecr_repository.app.');
    expect(report[2]).toBe(
      'Not done (7): 4 aws_iam_role_policy, 2 aws_lb_target_group, 1 aws_ecs_service; among them ' +
        `${left.slice(0, 5).join(', ')}. (\`challenge plan --env mock --verbose\` lists them all)`,
    );
    expect(progress.failureHint('challenge apply --env mock')).toBe(
      "Fix what made aws_lb.main fail (creating ELBv2 Load Balancer), then run `challenge apply --env mock` again: it applies what is not done yet (add --verbose to see Terraform's full output).",
    );
  });

  it('lists a few addresses whole', () => {
    expect(summariseAddresses(['a.b', 'c.d'])).toBe('a.b, c.d');
  });
});
