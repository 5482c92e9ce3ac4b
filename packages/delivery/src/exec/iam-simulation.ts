import type { ContextEntry } from '@aws-sdk/client-iam';
import type { AwsClients } from '../aws/clients.js';
import { awsErrorName, describeAwsError } from '../aws/errors.js';

/** What the ECS Exec agent in the task needs of the task role (ECS Exec's documented task role policy). */
export const SSM_MESSAGES_ACTIONS = [
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
] as const;

/** The policy simulator's answer for one principal: every action allowed, some denied, or no answer. */
export type IamVerdict = 'allowed' | 'denied' | 'not checked';

export interface IamSimulation {
  /** Who was simulated: the IAM user, group or role ARN (the caller's own ARN when it maps to none). */
  principal: string;
  actions: string[];
  resource: string;
  verdict: IamVerdict;
  /** Each action IAM would not allow, with its decision (implicitDeny: no statement allows it). */
  denied: Array<{ action: string; decision: string }>;
  /** Why there is no answer (verdict "not checked"). */
  reason?: string | undefined;
}

/**
 * The ARN SimulatePrincipalPolicy takes for a caller identity (STS GetCallerIdentity's Arn). PolicySourceArn
 * must be an IAM user, group or role; an assumed-role session is simulated as its role, since the
 * session's permissions are the role's (narrowed by any session policy, which the simulator cannot see).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 * The role's path is not in the session ARN (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns),
 * so a role with a path is found only through its error (NoSuchEntity).
 */
export function simulationPrincipal(callerArn: string): { arn: string } | { reason: string } {
  const assumed = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
  if (assumed) return { arn: `arn:${assumed[1]}:iam::${assumed[2]}:role/${assumed[3]}` };
  if (/^arn:aws[a-z-]*:iam::\d{12}:(user|role|group)\/.+$/.test(callerArn)) return { arn: callerArn };
  if (/^arn:aws[a-z-]*:iam::\d{12}:root$/.test(callerArn)) {
    return { reason: `${callerArn} is the account's root user, which the policy simulator does not take` };
  }
  if (/^arn:aws[a-z-]*:sts::\d{12}:federated-user\//.test(callerArn)) {
    return {
      reason: `${callerArn} is a federated user, whose permissions (its session policy) the policy simulator cannot see`,
    };
  }
  return { reason: `${callerArn} is not an IAM user, group or role the policy simulator takes` };
}

function notChecked(principal: string, actions: string[], resource: string, reason: string): IamSimulation {
  return { principal, actions, resource, verdict: 'not checked', denied: [], reason };
}

/**
 * Asks IAM's policy simulator (SimulatePrincipalPolicy) whether `principal` may do `actions` on `resource`.
 * A refusal of the simulation itself (AccessDenied without iam:SimulatePrincipalPolicy, an unknown
 * principal, throttling) is an answer of its own, "not checked", never a failure of the caller.
 */
export async function simulatePrincipal(
  clients: AwsClients,
  principal: string,
  actions: string[],
  resource: string,
  context: ContextEntry[] = [],
): Promise<IamSimulation> {
  const { SimulatePrincipalPolicyCommand } = await import('@aws-sdk/client-iam');
  try {
    const iam = await clients.iam();
    const answer = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: principal,
        ActionNames: actions,
        ResourceArns: [resource],
        ...(context.length ? { ContextEntries: context } : {}),
      }),
    );
    const results = answer.EvaluationResults ?? [];
    const denied = actions.flatMap((action) => {
      const result = results.find((r) => r.EvalActionName?.toLowerCase() === action.toLowerCase());
      const decision = result?.EvalDecision ?? 'not evaluated';
      return decision === 'allowed' ? [] : [{ action, decision }];
    });
    return { principal, actions, resource, verdict: denied.length ? 'denied' : 'allowed', denied };
  } catch (error) {
    const name = awsErrorName(error);
    if (name === 'AccessDenied' || name === 'AccessDeniedException') {
      return notChecked(
        principal,
        actions,
        resource,
        `IAM refused the simulation (your identity needs iam:SimulatePrincipalPolicy): ${describeAwsError(error)}`,
      );
    }
    if (name === 'NoSuchEntity' || name === 'NoSuchEntityException') {
      return notChecked(
        principal,
        actions,
        resource,
        `IAM has no ${principal} to simulate (a role with a path is named without it in a session ARN): ${describeAwsError(error)}`,
      );
    }
    return notChecked(principal, actions, resource, `the simulation failed: ${describeAwsError(error)}`);
  }
}
