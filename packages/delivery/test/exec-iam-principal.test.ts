import { describe, expect, it } from 'vitest';
import { clusterArnOfTask } from '../src/exec/iam-check.js';
import { simulationPrincipal } from '../src/exec/iam-simulation.js';

describe('the principal the policy simulator is asked about', () => {
  it('simulates an assumed-role session as its role', () => {
    expect(simulationPrincipal('arn:aws:sts::123456789012:assumed-role/developer/alice@example.com')).toEqual(
      {
        arn: 'arn:aws:iam::123456789012:role/developer',
      },
    );
    expect(
      simulationPrincipal(
        'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice',
      ),
    ).toEqual({ arn: 'arn:aws:iam::123456789012:role/AWSReservedSSO_Admin_0123456789abcdef' });
    expect(simulationPrincipal('arn:aws-us-gov:sts::123456789012:assumed-role/ci/run-7')).toEqual({
      arn: 'arn:aws-us-gov:iam::123456789012:role/ci',
    });
  });

  it('takes IAM users and roles as they are', () => {
    expect(simulationPrincipal('arn:aws:iam::123456789012:user/tester')).toEqual({
      arn: 'arn:aws:iam::123456789012:user/tester',
    });
    expect(simulationPrincipal('arn:aws:iam::123456789012:user/division/tester')).toEqual({
      arn: 'arn:aws:iam::123456789012:user/division/tester',
    });
  });

  it('says why the root user and federated users are not simulated', () => {
    const root = simulationPrincipal('arn:aws:iam::123456789012:root');
    expect(root).toEqual({ reason: expect.stringContaining("account's root user") });
    const federated = simulationPrincipal('arn:aws:sts::123456789012:federated-user/bob');
    expect(federated).toEqual({ reason: expect.stringContaining('federated user') });
    expect(simulationPrincipal('not-an-arn')).toEqual({ reason: expect.stringContaining('not an IAM user') });
  });

  it("names a task's cluster for the ecs:cluster key", () => {
    expect(clusterArnOfTask('arn:aws:ecs:eu-west-1:123456789012:task/app/0123abcd')).toBe(
      'arn:aws:ecs:eu-west-1:123456789012:cluster/app',
    );
    expect(clusterArnOfTask('arn:aws:ecs:eu-west-1:123456789012:task/0123abcd')).toBeUndefined();
  });
});
