import { describe, expect, it } from 'vitest';
import { type EnvStatus, healthProblems } from '../src/index.js';

const healthy: EnvStatus = {
  pipeline: { ok: true, value: [] },
  lastExecution: { ok: false, error: 'not read' },
  service: { ok: true, value: { desired: 2, running: 2, pending: 0, rollout: 'COMPLETED' } },
  targets: { ok: true, value: [{ id: 'i-1', port: 32768, state: 'healthy', reason: null }] },
  gtg: { ok: true, value: { status: 200, ms: 3 } },
};

describe('whether the source env of a promotion is healthy', () => {
  it('is healthy with the service steady, every target healthy and /gtg 200', () => {
    expect(healthProblems(healthy)).toEqual([]);
  });

  it('names each problem: tasks missing, a rollout under way, an unhealthy target, /gtg failing', () => {
    expect(
      healthProblems({
        ...healthy,
        service: { ok: true, value: { desired: 2, running: 1, pending: 1, rollout: 'IN_PROGRESS' } },
        targets: {
          ok: true,
          value: [
            { id: 'i-1', port: 32768, state: 'healthy', reason: null },
            { id: 'i-2', port: 32769, state: 'unhealthy', reason: 'Target.FailedHealthChecks' },
          ],
        },
        gtg: { ok: true, value: { status: 503, ms: 3 } },
      }),
    ).toEqual([
      'ECS service: 1 of 2 tasks running',
      'ECS service: rollout IN_PROGRESS',
      'target i-2:32769 is unhealthy (Target.FailedHealthChecks)',
      'GET /gtg: HTTP 503',
    ]);
  });

  it('counts what cannot be seen as a problem: unreadable parts, no targets, nothing running', () => {
    expect(
      healthProblems({
        ...healthy,
        service: { ok: true, value: { desired: 0, running: 0, pending: 0, rollout: 'COMPLETED' } },
        targets: { ok: true, value: [] },
        gtg: { ok: false, error: "no app_url in the env's outputs" },
      }),
    ).toEqual([
      'ECS service: desired count is 0 (nothing runs)',
      'targets: none registered in the target group',
      "GET /gtg: no answer (no app_url in the env's outputs)",
    ]);
    expect(healthProblems({ ...healthy, service: { ok: false, error: 'AccessDenied: no' } })).toEqual([
      'ECS service: cannot be read (AccessDenied: no)',
    ]);
  });

  it('on a blue/green env: the serving task set steady is settled; a CodeDeploy deployment still running is not', () => {
    const deployment = (status: string, phase: 'waiting-for-reroute' | 'succeeded') => ({
      id: 'd-ABCDEFGHI',
      application: 'challenge-staging-app',
      group: 'challenge-staging-app',
      status,
      phase,
      detail: '',
      createdAt: undefined,
      completedAt: undefined,
      creator: 'user',
      lifecycle: [],
      taskSets: [],
      error: undefined,
      rollback: undefined,
    });
    const blueGreen = {
      ...healthy,
      service: { ok: true as const, value: { desired: 2, running: 2, pending: 0, rollout: 'STEADY_STATE' } },
    };
    expect(
      healthProblems({
        ...blueGreen,
        blueGreen: {
          ok: true,
          value: { deployment: deployment('Succeeded', 'succeeded'), targetGroups: [] },
        },
      }),
    ).toEqual([]);
    expect(
      healthProblems({
        ...blueGreen,
        service: { ok: true, value: { desired: 2, running: 2, pending: 0, rollout: 'STABILIZING' } },
        blueGreen: {
          ok: true,
          value: { deployment: deployment('Ready', 'waiting-for-reroute'), targetGroups: [] },
        },
      }),
    ).toEqual([
      'ECS service: rollout STABILIZING',
      'CodeDeploy deployment d-ABCDEFGHI: waiting for traffic reroute',
    ]);
    expect(
      healthProblems({ ...blueGreen, blueGreen: { ok: false, error: 'AccessDeniedException: no' } }),
    ).toEqual(['CodeDeploy: cannot be read (AccessDeniedException: no)']);
  });
});
