import { describe, expect, it } from 'vitest';
import { type DeploymentProgress, ecsAppSpec, phaseOf, StallDetector } from '../src/index.js';

const EVENTS = [
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic',
];

/** The ECS target's lifecycle with every event before `current` done and `current` in progress. */
function lifecycleAt(current: string | undefined) {
  const index = current ? EVENTS.indexOf(current) : EVENTS.length;
  return EVENTS.map((event, i) => ({
    event,
    status: i < index ? 'Succeeded' : i === index ? 'InProgress' : 'Pending',
  }));
}

describe('the phase of an ECS blue/green deployment', () => {
  it('follows the lifecycle events: installing green, test traffic, rerouting, terminating blue', () => {
    expect(phaseOf('InProgress', lifecycleAt('Install'), false)).toBe('installing-green');
    expect(phaseOf('InProgress', lifecycleAt('AfterInstall'), false)).toBe('installing-green');
    expect(phaseOf('InProgress', lifecycleAt('AllowTestTraffic'), false)).toBe('testing-green');
    expect(phaseOf('InProgress', lifecycleAt('AllowTraffic'), false)).toBe('rerouting');
    expect(phaseOf('InProgress', lifecycleAt(undefined), false)).toBe('terminating-blue');
    expect(phaseOf('InProgress', lifecycleAt('AfterAllowTraffic'), true)).toBe('terminating-blue');
  });

  it("takes CodeDeploy's status first: Ready waits for the reroute, terminal statuses end it", () => {
    expect(phaseOf('Ready', lifecycleAt('BeforeAllowTraffic'), false)).toBe('waiting-for-reroute');
    expect(phaseOf('Queued', [], false)).toBe('starting');
    expect(phaseOf('Succeeded', lifecycleAt(undefined), true)).toBe('succeeded');
    expect(phaseOf('Failed', lifecycleAt('AllowTraffic'), false)).toBe('failed');
    expect(phaseOf('Stopped', lifecycleAt('Install'), false)).toBe('stopped');
  });

  it('counts skipped hooks as done', () => {
    const lifecycle = lifecycleAt('AllowTraffic').map((e) =>
      e.event === 'AfterAllowTestTraffic' ? { ...e, status: 'Skipped' } : e,
    );
    expect(phaseOf('InProgress', lifecycle, false)).toBe('rerouting');
  });
});

describe('stuck detection of a deployment that waits', () => {
  const at = (phase: DeploymentProgress['phase'], healthyNew = 2): DeploymentProgress => ({
    phase,
    healthyNew,
    desired: 2,
    detail: '',
  });

  it('never reports a waiting deployment stuck, and restarts the clock when it moves on', () => {
    const stall = new StallDetector(60_000, 0);
    expect(stall.observe(at('in-progress'), 30_000)).toBeUndefined();
    expect(stall.observe(at('waiting'), 600_000)).toBeUndefined();
    expect(stall.observe(at('in-progress'), 630_000)).toBeUndefined();
    expect(stall.observe(at('in-progress'), 660_000)).toEqual({ seconds: 60, healthyNew: 2, desired: 2 });
  });
});

describe('the AppSpec of a blue/green redeploy', () => {
  it('names the revision, the container and its port, as CodeDeploy ECS AppSpec fields', () => {
    expect(
      ecsAppSpec({
        taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/app:6',
        containerName: 'app',
        containerPort: 8000,
      }),
    ).toBe(
      [
        'version: 0.0',
        'Resources:',
        '  - TargetService:',
        '      Type: AWS::ECS::Service',
        '      Properties:',
        '        TaskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/app:6"',
        '        LoadBalancerInfo:',
        '          ContainerName: "app"',
        '          ContainerPort: 8000',
        '',
      ].join('\n'),
    );
  });
});
