import { IAMClient, type IAMClientConfig, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import type { IamOptions } from '../src/index.js';

const ROLE = 'arn:aws:iam::123456789012:role/app-task';
const USER = 'arn:aws:iam::123456789012:user/tester';
const TASK = 'arn:aws:ecs:eu-west-1:123456789012:task/app/0123456789abcdef0123456789abcdef';
/** An access key whose user lacks iam:SimulatePrincipalPolicy. */
export const IAM_NO_SIMULATE_KEY = 'AKIDNOSIMULATE';

/** A user allowed ecs:ExecuteCommand but denied ecs:StopTask, and a role with ssmmessages. */
export function iamOptions(): IamOptions {
  return {
    principals: {
      [USER]: { allowed: ['ecs:ExecuteCommand', 'ecs:Describe*'], denied: ['ecs:StopTask'] },
      [ROLE]: { allowed: ['ssmmessages:*'] },
    },
    simulateDeniedAccessKeyIds: [IAM_NO_SIMULATE_KEY],
  };
}

/** SimulatePrincipalPolicy through the real SDK client: every decision, each of its errors, AccessDenied. */
export async function driveIam(
  config: IAMClientConfig,
  deniedConfig: IAMClientConfig,
  attempt: (call: () => Promise<unknown>) => Promise<void>,
): Promise<void> {
  const iam = new IAMClient(config);
  await iam.send(
    new SimulatePrincipalPolicyCommand({
      PolicySourceArn: USER,
      ActionNames: ['ecs:ExecuteCommand', 'ecs:StopTask', 'ecs:RunTask'],
      ResourceArns: [TASK],
      ContextEntries: [
        {
          ContextKeyName: 'ecs:cluster',
          ContextKeyType: 'string',
          ContextKeyValues: ['arn:aws:ecs:eu-west-1:123456789012:cluster/app'],
        },
      ],
    }),
  );
  await iam.send(
    new SimulatePrincipalPolicyCommand({
      PolicySourceArn: ROLE,
      ActionNames: ['ssmmessages:CreateControlChannel', 'ssmmessages:OpenDataChannel'],
      ResourceArns: ['*'],
    }),
  );
  await attempt(() =>
    iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: 'arn:aws:iam::123456789012:role/missing',
        ActionNames: ['ecs:ExecuteCommand'],
      }),
    ),
  );
  await attempt(() =>
    iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: 'arn:aws:sts::123456789012:assumed-role/app-task/session',
        ActionNames: ['ecs:ExecuteCommand'],
      }),
    ),
  );
  await attempt(() =>
    new IAMClient(deniedConfig).send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: USER, ActionNames: ['ecs:ExecuteCommand'] }),
    ),
  );
}
