import { runSimulation } from '@cloud-copilot/iam-simulate';
import { type StackNames, stackNames } from './names.js';
import type { PolicyDocument } from './policy.js';
import type { RoleKey, Stack } from './stack.js';

/** One request AWS makes with a role of the stack: who, what, on which ARN, with which context keys. */
export interface Request {
  principal: RoleKey;
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

export interface Outcome {
  result: 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied' | 'Error';
  /** Validation errors, or context keys the engine dropped as not applying to the action and resource. */
  problems: string[];
}

/** Policies of a role, possibly altered (the mutation tests pass a changed copy). */
export type PoliciesOf = (role: RoleKey) => Array<{ name: string; document: PolicyDocument }>;

export const stackPolicies =
  (stack: Stack): PoliciesOf =>
  (role) =>
    stack.roles[role]?.policies ?? [];

export async function simulate(
  stack: Stack,
  request: Request,
  policies: PoliciesOf = stackPolicies(stack),
): Promise<Outcome> {
  const names: StackNames = stackNames(stack);
  if (!stack.roles[request.principal])
    return { result: 'Error', problems: [`no ${request.principal} role in this variant`] };
  const response = await runSimulation(
    {
      request: {
        principal: names.sessionArn(request.principal),
        action: request.action,
        resource: { resource: request.resource, accountId: resourceAccount(request.resource, stack.account) },
        contextVariables: request.context ?? {},
      },
      identityPolicies: policies(request.principal).map((p) => ({ name: p.name, policy: p.document })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: resourcePolicyOf(stack, request.resource),
    },
    {},
  );
  if (response.resultType === 'error')
    return { result: 'Error', problems: [JSON.stringify(response.errors)] };
  const ignored =
    response.resultType === 'single'
      ? (response.result.ignoredContextKeys ?? [])
      : response.results.flatMap((r) => r.ignoredContextKeys ?? []);
  return {
    result: response.overallResult as Outcome['result'],
    problems: ignored.map(
      (key) => `context key ${key} does not apply to ${request.action} on ${request.resource}`,
    ),
  };
}

/** sts:AssumeRole by a service principal, evaluated against the role's trust policy alone. */
export async function assumeRole(
  stack: Stack,
  role: RoleKey,
  servicePrincipal: string,
  context: Record<string, string>,
): Promise<Outcome> {
  const planned = stack.roles[role];
  if (!planned) return { result: 'Error', problems: [`no ${role} role in this variant`] };
  const response = await runSimulation(
    {
      request: {
        principal: servicePrincipal,
        action: 'sts:AssumeRole',
        resource: { resource: planned.arn, accountId: stack.account },
        contextVariables: context,
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: planned.trust,
    },
    {},
  );
  if (response.resultType === 'error')
    return { result: 'Error', problems: [JSON.stringify(response.errors)] };
  return { result: response.overallResult as Outcome['result'], problems: [] };
}

/** The account that owns a resource: in its ARN, or the stack's for S3 (bucket ARNs carry none). */
function resourceAccount(arn: string, account: string): string {
  return arn.split(':')[4] || account;
}

/** The policy set on the resource, or on the bucket that holds the object. */
function resourcePolicyOf(stack: Stack, arn: string): PolicyDocument | undefined {
  const owner = Object.keys(stack.resourcePolicies).find((on) => arn === on || arn.startsWith(`${on}/`));
  return owner ? stack.resourcePolicies[owner] : undefined;
}
