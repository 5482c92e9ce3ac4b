import { queryError, queryResult, xmlEscape } from './responses.js';
import type { FakeAwsRequest, ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';

/** What a principal's policies allow, as the policy simulator would find it. */
export interface FakeIamPrincipal {
  /** Actions an identity policy allows ("ecs:ExecuteCommand", or "ssmmessages:*"-style service wildcards). */
  allowed: string[];
  /** Actions a statement denies explicitly (wins over `allowed`). */
  denied?: string[];
}

/** One SimulatePrincipalPolicy call, as IAM received it. */
export interface FakeIamSimulation {
  principal: string;
  actions: string[];
  resources: string[];
  context: Array<{ key: string; type: string; values: string[] }>;
}

export interface IamOptions {
  /** The users, groups and roles that exist, by ARN; any other PolicySourceArn is NoSuchEntity. */
  principals: Record<string, FakeIamPrincipal>;
  /** Access key ids without iam:SimulatePrincipalPolicy: IAM answers AccessDenied. */
  simulateDeniedAccessKeyIds?: string[];
  /** Every simulation asked for, in order (filled by the fake). */
  simulations?: FakeIamSimulation[];
}

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const SIMULATABLE = /^arn:aws[a-z-]*:iam::\d{12}:(user|group|role)\/.+/;

/** awsQuery lists: Name.member.N (and Name.member.N.Field.member.M for nested ones). */
function members(params: Record<string, string>, prefix: string): string[] {
  const values: string[] = [];
  for (let n = 1; params[`${prefix}.member.${n}`] !== undefined; n++) {
    values.push(params[`${prefix}.member.${n}`] ?? '');
  }
  return values;
}

function contextEntries(params: Record<string, string>): FakeIamSimulation['context'] {
  const entries: FakeIamSimulation['context'] = [];
  for (let n = 1; params[`ContextEntries.member.${n}.ContextKeyName`] !== undefined; n++) {
    const prefix = `ContextEntries.member.${n}`;
    entries.push({
      key: params[`${prefix}.ContextKeyName`] ?? '',
      type: params[`${prefix}.ContextKeyType`] ?? '',
      values: members(params, `${prefix}.ContextKeyValues`),
    });
  }
  return entries;
}

function matches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  const [service, name] = pattern.toLowerCase().split(':');
  const [actionService, actionName] = action.toLowerCase().split(':');
  return service === actionService && (name === '*' || name === actionName);
}

function decision(principal: FakeIamPrincipal, action: string): 'allowed' | 'explicitDeny' | 'implicitDeny' {
  if (principal.denied?.some((p) => matches(p, action))) return 'explicitDeny';
  return principal.allowed.some((p) => matches(p, action)) ? 'allowed' : 'implicitDeny';
}

const STATEMENT =
  '<member><SourcePolicyId>exec-access</SourcePolicyId><SourcePolicyType>user-managed</SourcePolicyType><StartPosition><Line>1</Line><Column>1</Column></StartPosition><EndPosition><Line>1</Line><Column>80</Column></EndPosition></member>';

function simulate(options: IamOptions, request: FakeAwsRequest) {
  const params = request.params;
  const arn = params['PolicySourceArn'] ?? '';
  const actions = members(params, 'ActionNames');
  const resources = members(params, 'ResourceArns');
  if (!SIMULATABLE.test(arn)) {
    return queryError(400, 'InvalidInput', `ARN ${arn} is not valid.`);
  }
  if (actions.length === 0) {
    return queryError(400, 'InvalidInput', 'ActionNames must contain at least one action.');
  }
  const principal = options.principals[arn];
  if (!principal) {
    const [, kind, name] = /:(user|group|role)\/(?:.*\/)?([^/]+)$/.exec(arn) ?? [];
    return queryError(404, 'NoSuchEntity', `The ${kind} with name ${name} cannot be found.`);
  }
  options.simulations?.push({ principal: arn, actions, resources, context: contextEntries(params) });
  const results = actions
    .map((action) => {
      const decided = decision(principal, action);
      const matched = decided === 'implicitDeny' ? '' : STATEMENT;
      // One result per action, its decision the most restrictive over the resources (all alike here).
      const perResource = resources
        .map(
          (resource) =>
            `<member><EvalResourceName>${xmlEscape(resource)}</EvalResourceName><EvalResourceDecision>${decided}</EvalResourceDecision><MatchedStatements>${matched}</MatchedStatements><MissingContextValues/></member>`,
        )
        .join('');
      return `<member><EvalActionName>${xmlEscape(action)}</EvalActionName><EvalResourceName>*</EvalResourceName><EvalDecision>${decided}</EvalDecision><MatchedStatements>${matched}</MatchedStatements><MissingContextValues/>${resources.length ? `<ResourceSpecificResults>${perResource}</ResourceSpecificResults>` : ''}</member>`;
    })
    .join('');
  return queryResult(
    'SimulatePrincipalPolicy',
    NS,
    `<IsTruncated>false</IsTruncated><EvaluationResults>${results}</EvaluationResults>`,
  );
}

const IAM = defineFakeService<IamOptions>({
  model: 'iam',
  signingName: 'iam',
  protocol: 'query',
  guard: (options, request) => {
    if (options.simulateDeniedAccessKeyIds?.includes(request.accessKeyId)) {
      return queryError(
        403,
        'AccessDenied',
        `User: arn:aws:iam::123456789012:user/tester is not authorized to perform: iam:${request.action} on resource: ${request.params['PolicySourceArn'] ?? '*'}`,
      );
    }
    return undefined;
  },
  operations: { SimulatePrincipalPolicy: simulate },
});

/**
 * IAM's policy simulator (awsQuery 2010-05-08): SimulatePrincipalPolicy over the principals a test
 * declares; an unknown principal is NoSuchEntity, a malformed ARN InvalidInput, a caller without the
 * permission AccessDenied.
 */
export function iamHandler(options: IamOptions): ServiceHandler {
  return IAM.handler(options);
}
